#!/usr/bin/env bash
# A provider built outside this package (examples/out-of-tree-swift: ProviderKit as a dependency) loads into a running
# gateway that is not rebuilt. Notes the SHA-256 of the gateway binary, starts it on an empty plugin directory, builds
# the example on its own, runs the harness on it, drops it into the directory, waits for the running server to list
# it, and checks that the binary's hash did not change. Run by `make test` after the debug build.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
fail() {
    echo "out-of-tree test: $*" >&2
    exit 1
}
gateway=.build/debug/gateway
before=$(sha256sum "$gateway" | cut -d' ' -f1)
scratch=$(mktemp -d)
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    rm -rf "$scratch"
}
trap cleanup EXIT
mkdir "$scratch/plugins"
port=$(free_port)
url=http://127.0.0.1:$port
install=(GATEWAY_PORT="$port" GATEWAY_DATA_DIR="$scratch/data" GATEWAY_PLUGIN_DIRS="$scratch/plugins" LOG_LEVEL=warning)
env "${install[@]}" "$gateway" serve 2>"$scratch/serve.log" &
server=$!
wait_for "curl -sf $url/health >/dev/null" 60

swift build --package-path examples/out-of-tree-swift >"$scratch/build.log" 2>&1 || fail "the example does not build: $(tail -5 "$scratch/build.log")"
plugin=examples/out-of-tree-swift/.build/debug/libMemoryOutbox.so
"$gateway" provider-test "$plugin" >"$scratch/harness.log" || fail "the harness refused it: $(grep -v '^PASS' "$scratch/harness.log" | tail -5)"
cp "$plugin" "$scratch/plugins/"
token=$(env "${install[@]}" "$gateway" token issue --client ops --role admin)
wait_for "curl -sf -H 'Authorization: Bearer $token' $url/api/plugins | grep -q '\"id\":\"memory_outbox\"'" 30
after=$(sha256sum "$gateway" | cut -d' ' -f1)
[ "$before" = "$after" ] || fail "the gateway binary changed ($before, now $after)"
echo "out-of-tree test: memory_outbox built on its own passed the harness ($(tail -1 "$scratch/harness.log")) and loaded into the running gateway; gateway sha256 $after unchanged"
