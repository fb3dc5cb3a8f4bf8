#!/usr/bin/env bash
# Builds the plain-C example provider: scripts/build-c-provider.sh [output.so]
set -euo pipefail
cd "$(dirname "$0")/.."
output=${1:-plugins/libc_echo.so}
mkdir -p "$(dirname "$output")"
cc -shared -fPIC -O2 -Wall -Wextra -I Sources/ProviderABI/include examples/c-provider/echo_provider.c -lcjson -o "$output"
