.PHONY: run test bench c-provider

# Run the gateway on its embedded defaults.
run:
	scripts/run.sh

# The whole test suite (installs and starts what it needs).
test:
	scripts/test.sh

# Benchmarks, release build; they print figures and assert nothing.
bench:
	scripts/bench.sh

# The plain-C example provider, into ./plugins.
c-provider:
	scripts/build-c-provider.sh plugins/libc_echo.so
