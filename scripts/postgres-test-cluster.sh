#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, on a free loopback port, in a temp directory.
#   eval "$(scripts/postgres-test-cluster.sh start)"   # exports GATEWAY_TEST_POSTGRES_URL and _DIR
#   scripts/postgres-test-cluster.sh restart "$GATEWAY_TEST_POSTGRES_DIR"   # a fast shutdown (connections dropped), then up
#   scripts/postgres-test-cluster.sh stop "$GATEWAY_TEST_POSTGRES_DIR"
# fsync is off (the tests need no crash safety) unless GATEWAY_PG_FSYNC=on (the benchmarks measure durable writes).
# PostgreSQL refuses to run as root, so as root the cluster belongs to the user "gatewaytest".
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "postgres-test-cluster: PostgreSQL server binaries not found (scripts/setup.sh installs them)" >&2; exit 1; }

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u gatewaytest -- "$@"; else "$@"; fi
}

case "${1:-}" in
start)
    if [ "$(id -u)" -eq 0 ] && ! id gatewaytest >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin gatewaytest
    fi
    dir=$(mktemp -d /tmp/gateway-pg.XXXXXX)
    chmod 755 "$dir"
    [ "$(id -u)" -eq 0 ] && chown gatewaytest "$dir"
    port=$(free_port)
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 --no-sync >/dev/null
    # The superuser connects over the socket (trust); test roles connect over TCP with passwords.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=${GATEWAY_PG_FSYNC:-off}" start >/dev/null
    echo "export GATEWAY_TEST_POSTGRES_DIR=$dir"
    echo "export GATEWAY_TEST_POSTGRES_PORT=$port"
    echo "export GATEWAY_TEST_POSTGRES_SOCKET=$dir"
    ;;
restart)
    dir=${2:?usage: postgres-test-cluster.sh restart DIR}
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -m fast -w restart >/dev/null
    ;;
stop)
    dir=${2:?usage: postgres-test-cluster.sh stop DIR}
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
*)
    echo "usage: postgres-test-cluster.sh start | restart DIR | stop DIR" >&2
    exit 2
    ;;
esac
