.PHONY: run test faults bench c-provider

# Run the gateway on its embedded defaults.
run:
	scripts/run.sh

# The whole test suite (installs and starts what it needs).
test:
	scripts/test.sh

# The fault suite at full size (kills and restarts under load, a few minutes); `make test` runs it short.
faults:
	scripts/faults.sh

# Benchmarks, release build; they print figures and assert nothing.
bench:
	scripts/bench.sh

# The plain-C example provider, into ./plugins.
c-provider:
	scripts/build-c-provider.sh plugins/libc_echo.so
