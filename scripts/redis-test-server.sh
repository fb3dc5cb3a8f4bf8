#!/usr/bin/env bash
# A throwaway Redis for the tests, on a free loopback port, with its files in a temp directory.
#   eval "$(scripts/redis-test-server.sh start)"   # exports GATEWAY_TEST_REDIS_URL and _DIR
#   scripts/redis-test-server.sh restart "$GATEWAY_TEST_REDIS_DIR"   # a clean shutdown (the AOF is written), then up again
#   scripts/redis-test-server.sh stop "$GATEWAY_TEST_REDIS_DIR"
# Append-only persistence is on, as a production queue's Redis should have it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

serve() {
    local dir=$1 port=$2
    redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" --appendonly yes --save "" --daemonize yes \
        --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >/dev/null
    for _ in $(seq 200); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
    redis-cli -p "$port" ping >/dev/null || { echo "redis-test-server: Redis did not start (see $dir/redis.log)" >&2; exit 1; }
}

case "${1:-}" in
start)
    command -v redis-server >/dev/null || { echo "redis-test-server: redis-server not found (scripts/setup.sh installs it)" >&2; exit 1; }
    dir=$(mktemp -d /tmp/gateway-redis.XXXXXX)
    port=$(free_port)
    echo "$port" >"$dir/port"
    serve "$dir" "$port"
    echo "export GATEWAY_TEST_REDIS_DIR=$dir"
    echo "export GATEWAY_TEST_REDIS_URL=redis://127.0.0.1:$port"
    ;;
restart)
    dir=${2:?usage: redis-test-server.sh restart DIR}
    port=$(cat "$dir/port")
    redis-cli -p "$port" shutdown >/dev/null 2>&1 || true
    for _ in $(seq 100); do redis-cli -p "$port" ping >/dev/null 2>&1 || break; sleep 0.05; done
    serve "$dir" "$port"
    ;;
stop)
    dir=${2:?usage: redis-test-server.sh stop DIR}
    # SIGKILL: its data is thrown away, and a SIGTERM'd Redis whose directory is gone refuses to exit.
    [ -f "$dir/redis.pid" ] && kill -9 "$(cat "$dir/redis.pid")" 2>/dev/null || true
    rm -rf "$dir"
    ;;
*)
    echo "usage: redis-test-server.sh start | restart DIR | stop DIR" >&2
    exit 2
    ;;
esac
