#!/usr/bin/env bash
# Runs the gateway on its embedded defaults (release build), with the example providers loaded.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/setup.sh
swift build -c release
scripts/build-c-provider.sh plugins/libc_echo.so
exec .build/release/gateway serve "$@"
