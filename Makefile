.PHONY: run test faults fuzz bench deb sdk c-provider

# Run the gateway on its embedded defaults.
run:
	scripts/run.sh

# The whole test suite (installs and starts what it needs).
test:
	scripts/test.sh

# The fault suite at full size (kills and restarts under load, a few minutes); `make test` runs it short.
faults:
	scripts/faults.sh

# The API fuzz run at a larger size (schemathesis against /openapi.json; `make test` runs it short).
fuzz:
	. scripts/env.sh && swift build && scripts/api-fuzz.sh 200 "$$(date +%s)"

# Benchmarks, release build; they print figures and assert nothing.
bench:
	scripts/bench.sh

# The Debian package, into build/ (release build; scripts/install-test.sh installs it in `make test`).
deb:
	scripts/deb.sh

# The provider kit for C: gateway_provider.h and gateway-provider.pc under PREFIX (default /usr/local).
sdk:
	scripts/sdk.sh $(PREFIX)

# The plain-C example provider, into ./plugins (built against the kit, found with pkg-config).
c-provider:
	scripts/build-c-provider.sh plugins/libc_echo.so
