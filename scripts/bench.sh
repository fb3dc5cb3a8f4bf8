#!/usr/bin/env bash
# Benchmarks (release build): the cost of a plugin call through the ABI, for the C and the Swift example.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/setup.sh
swift build -c release --product gateway-bench
swift build -c release --product SwiftHTTPEcho
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
scripts/build-c-provider.sh "$scratch/libc_echo.so"
.build/release/gateway-bench "$scratch/libc_echo.so" .build/release/libSwiftHTTPEcho.so
