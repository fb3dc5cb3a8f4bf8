#!/usr/bin/env bash
# Webhook ingest benchmark (run by scripts/bench.sh after the release build): wrk posts real-shaped uazapi deliveries,
# each with its own message id, over 64 connections to `gateway serve`, beside the same server's /health rate in the
# same run; on the embedded setup (SQLite), with half the deliveries duplicates, and on PostgreSQL (fsync on) + Redis.
# Prints requests/s, p50, p99 and CPU per request for each case (scripts/bench-aims.py compares them). Asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
seconds=${BENCH_SECONDS:-10}
connections=${BENCH_CONNECTIONS:-64}
scratch=$(mktemp -d)
server=""
pg_dir=""
redis_dir=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    [ -n "$pg_dir" ] && scripts/postgres-test-cluster.sh stop "$pg_dir"
    [ -n "$redis_dir" ] && scripts/redis-test-server.sh stop "$redis_dir"
    rm -rf "$scratch"
}
trap cleanup EXIT
mkdir -p "$scratch/plugins"
cp .build/release/libUazapi.so "$scratch/plugins/"
token="bench-instance-token-7x3"

# Starts `gateway serve` with the given environment (plus a data dir, a port, the plugins, no workers), and configures
# client "bench"'s WhatsApp integration with the deliveries' instance token.
start_server() {
    local name=$1; shift
    port=$(free_port)
    export_env=(GATEWAY_HOST=127.0.0.1 GATEWAY_PORT="$port" GATEWAY_DATA_DIR="$scratch/$name" GATEWAY_PLUGIN_DIRS="$scratch/plugins" GATEWAY_WORKERS=0
        LOG_LEVEL=error "$@")
    env "${export_env[@]}" .build/release/gateway serve 2>"$scratch/$name.log" &
    server=$!
    for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done
    local bearer admin
    bearer=$(env "${export_env[@]}" .build/release/gateway token issue --client bench 2>/dev/null)
    admin=$(env "${export_env[@]}" .build/release/gateway token issue --client ops --role admin 2>/dev/null)
    curl -sf -H "Authorization: Bearer $bearer" -X POST "http://127.0.0.1:$port/api/integrations/whatsapp/configure" \
        -d "{\"config\":{\"api_url\":\"https://free.uazapi.com\",\"api_token\":\"$token\",\"phone_number\":\"553499754953\"},\"test\":false}" >/dev/null
    # The load is one client's: its webhook and event limits (defaults 1,000 and 60,000 a minute) would answer most of
    # it 429.
    curl -sf -H "Authorization: Bearer $admin" -X PUT "http://127.0.0.1:$port/api/clients/bench/limits" \
        -d '{"webhooks_per_minute":1000000,"events_per_minute":1000000}' >/dev/null
}

stop_server() {
    kill "$server" && wait "$server" 2>/dev/null || true
    server=""
}

# CPU time (clock ticks) the server and its provider processes have used so far.
cpu_ticks() {
    local pid total=0
    for pid in "$server" $(pgrep -P "$server"); do
        total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)))
    done
    echo "$total"
}

# Runs wrk and prints "label  requests/s  p50  p99  CPU per request" (latencies in ms; the CPU time the server and its
# provider processes spent per request, in microseconds, which varies less from run to run than the rate).
measure() {
    local label=$1; shift
    local output before after
    before=$(cpu_ticks)
    output=$(WEBHOOK_TOKEN=$token wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@")
    after=$(cpu_ticks)
    echo "$output" | awk -v label="$label" -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        /^Requests\/sec:/ { rps = $2 }
        / requests in / { requests = $1 }
        $1 == "50%" { p50 = ms($2) }
        $1 == "99%" { p99 = ms($2) }
        /Non-2xx/ { errors = $NF }
        END {
            printf "%-44s %10.0f req/s   p50 %6.2f ms   p99 %6.2f ms   cpu %4.0f us/req%s\n", label, rps, p50, p99,
                1e6 * ticks / hz / requests, (errors ? "   non-2xx " errors : "")
        }'
}

deliveries=(-s Benchmarks/webhook-ingest/uazapi-delivery.lua)
echo "webhook ingest: wrk, 2 threads, $connections connections, ${seconds} s per case"

start_server embedded
measure "embedded: GET /health" "http://127.0.0.1:$port/health"
measure "embedded: POST /webhooks/uazapi (unique ids)" "${deliveries[@]}" "http://127.0.0.1:$port/webhooks/uazapi"
DUPLICATES=1 measure "embedded: half duplicates" "${deliveries[@]}" "http://127.0.0.1:$port/webhooks/uazapi"
stop_server

eval "$(GATEWAY_PG_FSYNC=on scripts/postgres-test-cluster.sh start)"
pg_dir=$GATEWAY_TEST_POSTGRES_DIR
eval "$(scripts/redis-test-server.sh start)"
redis_dir=$GATEWAY_TEST_REDIS_DIR
psql -h "$GATEWAY_TEST_POSTGRES_SOCKET" -p "$GATEWAY_TEST_POSTGRES_PORT" -U postgres -q \
    -c "CREATE ROLE bench LOGIN PASSWORD 'bench'" -c "CREATE DATABASE bench OWNER bench" >/dev/null
start_server postgres DATABASE_URL="postgresql://bench:bench@127.0.0.1:$GATEWAY_TEST_POSTGRES_PORT/bench" REDIS_URL="$GATEWAY_TEST_REDIS_URL" \
    GATEWAY_ENCRYPTION_KEY="$(head -c 32 /dev/urandom | base64)" GATEWAY_JWT_SECRET="$(head -c 32 /dev/urandom | base64)" GATEWAY_DB_CONNECTIONS=8
measure "postgres+redis: GET /health" "http://127.0.0.1:$port/health"
measure "postgres+redis: POST /webhooks/uazapi" "${deliveries[@]}" "http://127.0.0.1:$port/webhooks/uazapi"
stop_server
