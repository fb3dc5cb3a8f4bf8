#!/usr/bin/env bash
# The provider kit for C (and any language with a C FFI): installs gateway_provider.h and gateway-provider.pc (so
# `pkg-config --cflags gateway-provider` finds the header) under PREFIX, default /usr/local; with DESTDIR, into that
# root, as packages are built: scripts/sdk.sh [PREFIX [DESTDIR]]
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=${1:-/usr/local}
root=${2:-}
header=Sources/ProviderABI/include/gateway_provider.h
abi() { sed -n "s/^#define GW_ABI_$1 \([0-9]*\)$/\1/p" "$header"; }
install -D -m 0644 "$header" "$root$prefix/include/gateway_provider.h"
install -d "$root$prefix/share/pkgconfig"
cat > "$root$prefix/share/pkgconfig/gateway-provider.pc" <<PC
prefix=$prefix
includedir=\${prefix}/include

Name: gateway-provider
Description: The gateway provider ABI: the one header a provider plugin is written against
Version: $(abi MAJOR).$(abi MINOR)
Cflags: -I\${includedir}
PC
