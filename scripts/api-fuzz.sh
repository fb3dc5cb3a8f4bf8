#!/usr/bin/env bash
# Fuzzes the HTTP API with schemathesis (every check, stateful links followed) against the served /openapi.json,
# as a client with a valid token: it must find nothing. Runs the debug build on its embedded defaults inside a network
# namespace of its own that has only loopback, so no URL the fuzzer makes up can reach another host.
# Usage: scripts/api-fuzz.sh [examples per operation, default 20] [seed, default 1]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ -z "${GATEWAY_FUZZ_NETNS:-}" ]]; then
    GATEWAY_TEST_PYTHON=${GATEWAY_TEST_PYTHON:-$(scripts/python-venv.sh)}
    user_namespace=$([[ $EUID -eq 0 ]] || echo --map-root-user)
    exec unshare --net $user_namespace env GATEWAY_FUZZ_NETNS=1 GATEWAY_TEST_PYTHON="$GATEWAY_TEST_PYTHON" "$0" "$@"
fi
ip link set lo up
python=$GATEWAY_TEST_PYTHON

data=$(mktemp -d)
port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
GATEWAY_DATA_DIR=$data GATEWAY_PORT=$port .build/debug/gateway serve >"$data/serve.log" 2>&1 &
server=$!
# Stopped with SIGTERM; should it not end within its shutdown grace, it is killed and the run fails.
stop() {
    kill "$server" 2>/dev/null || return 0
    timeout 30 tail --pid="$server" -f /dev/null || { echo "the gateway did not stop on SIGTERM" >&2; kill -9 "$server"; exit 1; }
}
trap 'status=$?; [[ $status -eq 0 ]] || tail -n 40 "$data/serve.log" >&2; stop; rm -rf "$data"' EXIT
"$python" - "$port" <<'PY'
import sys, time, urllib.request
for _ in range(300):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/health/live", timeout=1)
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit("the gateway did not start")
PY
token=$(GATEWAY_DATA_DIR=$data .build/debug/gateway token issue --client acme 2>/dev/null)
admin=$(GATEWAY_DATA_DIR=$data .build/debug/gateway token issue --client admin --role admin 2>/dev/null)
# The fuzzer sends thousands of calls a minute: the client's API limit is raised so they reach the routes.
"$python" - "$port" "$admin" <<'PY'
import sys, urllib.request
body = b'{"api_per_minute": 1000000, "sends_per_minute": 1000000, "webhooks_per_minute": 1000000}'
request = urllib.request.Request(f"http://127.0.0.1:{sys.argv[1]}/api/clients/acme/limits", data=body, method="PUT",
                                 headers={"Authorization": f"Bearer {sys.argv[2]}", "Content-Type": "application/json"})
urllib.request.urlopen(request, timeout=10)
PY
# One worker: with two, the fuzzer's own generator failed once in five runs (hypothesis parsing a lambda's source in two
# threads at once: CPython 3.11 "AST constructor recursion depth mismatch"), a crash of the tool, not a finding. One
# worker takes as long here (the two cores are busy with the server anyway).
"$(dirname "$python")/schemathesis" --config-file Tests/Fixtures/schemathesis.toml run "http://127.0.0.1:$port/openapi.json" \
    -H "Authorization: Bearer $token" --checks all --max-examples "${1:-20}" --seed "${2:-1}" --workers 1 --no-color
