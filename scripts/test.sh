#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what the tests need, builds, checks the example
# providers with the real harness (the C one built against the provider kit, the out-of-tree Swift one on its own and
# dropped into a running gateway, the Rust one with cargo), drives the console in a real browser, then runs every test, the fault suite at its short size, the API fuzz run, and
# the Debian packages' install test.
source "$(dirname "$0")/test-prepare.sh"
source scripts/lib.sh

# No integer conversion of data that can trap, beyond the reviewed list.
scripts/check-arithmetic.py

# The provider test harness, as a user runs it, on every provider.
scripts/build-c-provider.sh "$scratch/libc_echo.so"
.build/debug/gateway provider-test "$scratch/libc_echo.so"
for plugin in SwiftHTTPEcho $shipped_plugins; do
    .build/debug/gateway provider-test ".build/debug/lib$plugin.so"
done
scripts/out-of-tree-test.sh
"$GATEWAY_TEST_PYTHON" scripts/new-providers-test.py
# The console in headless chromium through selenium; screenshots under .build/console-screenshots.
"$GATEWAY_TEST_PYTHON" scripts/console-test.py
cargo build --release --quiet --manifest-path examples/rust-provider/Cargo.toml --target-dir "$scratch/rust"
.build/debug/gateway provider-test "$scratch/rust/release/librust_counter.so"

# The crash tests run real worker processes flat out; alone, so they do not starve the timing-sensitive tests. The fault
# suite (short here; `make faults` runs it at full size) restarts PostgreSQL and Redis, so it runs last.
swift test --skip-build --skip WorkerCrashTests --skip FaultSuite
swift test --skip-build --filter WorkerCrashTests
swift test --skip-build --filter FaultSuite
# The HTTP API against its own OpenAPI document, by schemathesis (short here; `make fuzz` runs it longer).
scripts/api-fuzz.sh 20 1
# The Debian package built, installed, run as the gateway user and purged (release build).
scripts/install-test.sh
