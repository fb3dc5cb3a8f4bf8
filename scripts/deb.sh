#!/usr/bin/env bash
# Builds the Debian package build/gateway_<version>_<arch>.deb from a release build: the gateway binary, the providers
# in /usr/lib/gateway/plugins, the Swift runtime they link in /usr/lib/gateway/swift (found through their RUNPATH, so
# the machine needs no Swift), /etc/gateway/gateway.yaml (a conffile listing every key), the systemd units, and the
# maintainer scripts that make the gateway user and /var/lib/gateway (0700). Depends are found by dpkg-shlibdeps.
# Then build/gateway-dev_<version>_all.deb: the provider kit (the ABI header and gateway-provider.pc, scripts/sdk.sh).
# Prints the two packages' paths, one a line.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
source scripts/lib.sh
scripts/setup.sh
swift build -c release >&2
release=.build/release
version="0.$(git rev-list --count HEAD 2>/dev/null || echo 0)"
arch=$(dpkg --print-architecture)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/gateway

install -D -m 0755 "$release/gateway" "$root/usr/bin/gateway"
for plugin in $shipped_plugins; do
    install -D -m 0644 "$release/lib$plugin.so" "$root/usr/lib/gateway/plugins/lib$plugin.so"
done
# The Swift runtime every binary links, from the toolchain that built them.
install -d "$root/usr/lib/gateway/swift"
for file in "$root/usr/bin/gateway" "$root"/usr/lib/gateway/plugins/*.so; do
    ldd "$file" | awk '$3 ~ "^/opt/swift/|/usr/lib/swift/" { print $3 }'
done | sort -u | while read -r library; do install -m 0644 "$library" "$root/usr/lib/gateway/swift/"; done
patchelf --set-rpath /usr/lib/gateway/swift "$root/usr/bin/gateway" "$root"/usr/lib/gateway/plugins/*.so
for library in "$root"/usr/lib/gateway/swift/*.so; do patchelf --set-rpath '$ORIGIN' "$library"; done

install -d -m 0755 "$root/etc/gateway"
"$release/gateway" config sample --set GATEWAY_DATA_DIR=/var/lib/gateway --set GATEWAY_PLUGIN_DIRS=/usr/lib/gateway/plugins \
    > "$root/etc/gateway/gateway.yaml"
install -D -m 0644 packaging/systemd/gateway@.service "$root/lib/systemd/system/gateway@.service"
install -D -m 0644 packaging/systemd/gateway.target "$root/lib/systemd/system/gateway.target"
install -D -m 0644 README.md "$root/usr/share/doc/gateway/README.md"
install -D -m 0644 docs/operations.md "$root/usr/share/doc/gateway/operations.md"

install -d "$root/DEBIAN"
install -m 0755 packaging/debian/postinst packaging/debian/prerm packaging/debian/postrm "$root/DEBIAN/"
echo /etc/gateway/gateway.yaml > "$root/DEBIAN/conffiles"
# dpkg-shlibdeps reads the package's name from a control file; the bundled Swift runtime is the package's own.
mkdir -p "$work/debian" && printf 'Source: gateway\n\nPackage: gateway\nArchitecture: any\n' > "$work/debian/control"
if ! shlibs=$(cd "$work" && dpkg-shlibdeps -O -S"$root" -l"$root/usr/lib/gateway/swift" \
    "$root/usr/bin/gateway" "$root"/usr/lib/gateway/plugins/*.so "$root"/usr/lib/gateway/swift/*.so 2>"$work/shlibdeps.log"); then
    cat "$work/shlibdeps.log" >&2
    exit 1
fi
depends=$(sed -n 's/^shlibs:Depends=//p' <<<"$shlibs")
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" -e "s/@DEPENDS@/$depends/" packaging/debian/control.in \
    > "$root/DEBIAN/control"

mkdir -p build
package=build/gateway_${version}_${arch}.deb
dpkg-deb --root-owner-group --build "$root" "$package" >&2
echo "$package"

kit=$work/gateway-dev
scripts/sdk.sh /usr "$kit"
install -D -m 0644 docs/provider-abi.md "$kit/usr/share/doc/gateway-dev/provider-abi.md"
install -d "$kit/DEBIAN"
sed -e "s/@VERSION@/$version/" -e "s/@SIZE@/$(du -sk --exclude=DEBIAN "$kit" | cut -f1)/" packaging/debian/control-dev.in > "$kit/DEBIAN/control"
package=build/gateway-dev_${version}_all.deb
dpkg-deb --root-owner-group --build "$kit" "$package" >&2
echo "$package"
