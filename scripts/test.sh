#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what the tests need, builds, checks the example
# providers with the real harness, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/setup.sh

swift build --build-tests

# The provider test harness, as a user runs it, on every provider.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
scripts/build-c-provider.sh "$scratch/libc_echo.so"
.build/debug/gateway provider-test "$scratch/libc_echo.so"
for plugin in SwiftHTTPEcho Uazapi SendGrid SMTP; do
    .build/debug/gateway provider-test ".build/debug/lib$plugin.so"
done

swift test --skip-build
