#!/usr/bin/env bash
# Builds the plain-C example provider as a third party would: against the provider kit installed by `make sdk` (here
# into a scratch prefix) and found with pkg-config: scripts/build-c-provider.sh [output.so]
set -euo pipefail
cd "$(dirname "$0")/.."
output=${1:-plugins/libc_echo.so}
mkdir -p "$(dirname "$output")"
kit=$(mktemp -d)
trap 'rm -rf "$kit"' EXIT
scripts/sdk.sh "$kit"
cflags=$(PKG_CONFIG_PATH="$kit/share/pkgconfig" pkg-config --cflags gateway-provider)
cc -shared -fPIC -O2 -Wall -Wextra -Werror $cflags examples/c-provider/echo_provider.c -lcjson -o "$output"
