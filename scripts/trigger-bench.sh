#!/usr/bin/env bash
# Trigger scheduler benchmark (run by scripts/bench.sh after the release build): generates BENCH_CLIENTS (100)
# clients with BENCH_CONVERSATIONS_PER_CLIENT (10,000) conversations each and one time-based trigger each on a
# throwaway PostgreSQL (fsync on), BENCH_DUE (10,000) of them due; then trigger-bench times arming every timer, one
# tick claiming the due ones, and idle ticks. Prints figures, asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${BENCH_CLIENTS:-100}
per_client=${BENCH_CONVERSATIONS_PER_CLIENT:-10000}
due=${BENCH_DUE:-10000}
scratch=$(mktemp -d)
pg_dir=""
cleanup() {
    [ -n "$pg_dir" ] && scripts/postgres-test-cluster.sh stop "$pg_dir"
    rm -rf "$scratch"
}
trap cleanup EXIT
eval "$(GATEWAY_PG_FSYNC=on scripts/postgres-test-cluster.sh start)"
pg_dir=$GATEWAY_TEST_POSTGRES_DIR
superuser=(psql -h "$GATEWAY_TEST_POSTGRES_SOCKET" -p "$GATEWAY_TEST_POSTGRES_PORT" -U postgres -q)
"${superuser[@]}" -c "CREATE ROLE bench LOGIN PASSWORD 'bench'" -c "CREATE DATABASE bench OWNER bench" >/dev/null
export DATABASE_URL="postgresql://bench:bench@127.0.0.1:$GATEWAY_TEST_POSTGRES_PORT/bench" GATEWAY_PLUGIN_DIRS="$scratch" LOG_LEVEL=error
export GATEWAY_ENCRYPTION_KEY="$(head -c 32 /dev/urandom | base64)" GATEWAY_JWT_SECRET="$(head -c 32 /dev/urandom | base64)"
.build/release/gateway migrate >/dev/null
echo "trigger scheduler: $clients clients x $per_client conversations, one time-based trigger each, $due due, PostgreSQL (fsync on)"
start=$(date +%s.%N)
# The generator runs as the database's owner, under row-level security like the gateway: as operator work.
PGOPTIONS="-c app.scope=system" "${superuser[@]}" -d bench -U bench \
    -v clients="$clients" -v per_client="$per_client" -v due="$due" -f Benchmarks/trigger-bench/generate.sql
awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "generate: %.1f s\n", e - s }'
.build/release/trigger-bench
