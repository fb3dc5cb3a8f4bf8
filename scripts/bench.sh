#!/usr/bin/env bash
# Benchmarks (release build): start-up time and idle memory of `gateway serve` with the shipped plugins
# (scripts/start-bench.py); the cost of a plugin call through the ABI, for the C and the Swift example, in-process
# and in a provider process; then 50,000 sends through Redis -> worker -> the Uazapi plugin -> a local HTTP server, in
# both modes (a throwaway Redis, stopped after); then webhook ingest under wrk (scripts/webhook-bench.sh); then the
# trigger scheduler over a million conversations (scripts/trigger-bench.sh); then the multi-process cluster run
# (scripts/cluster.sh); last, the aims table (scripts/bench-aims.py) from what this run printed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
source scripts/lib.sh
scripts/setup.sh
swift build -c release  # the benchmarks, the plugins, and the gateway binary that serves provider processes
eval "$(scripts/redis-test-server.sh start)"
scratch=$(mktemp -d)
trap 'scripts/redis-test-server.sh stop "$GATEWAY_TEST_REDIS_DIR"; rm -rf "$scratch"' EXIT
mkdir "$scratch/shipped"
for plugin in $shipped_plugins; do cp ".build/release/lib$plugin.so" "$scratch/shipped/"; done
scripts/build-c-provider.sh "$scratch/libc_echo.so"
cc -O2 -Wall -Werror Benchmarks/socket-floor/socket_floor.c -o "$scratch/socket-floor"
mkdir "$scratch/uazapi" && cp .build/release/libUazapi.so "$scratch/uazapi/"
{
    scripts/start-bench.py .build/release/gateway "$scratch/shipped"
    "$scratch/socket-floor"
    .build/release/gateway-bench "$scratch/libc_echo.so" .build/release/libSwiftHTTPEcho.so
    REDIS_URL=$GATEWAY_TEST_REDIS_URL .build/release/delivery-bench "$scratch/uazapi" "${BENCH_MESSAGES:-50000}" "${BENCH_CONCURRENCY:-64}" 2>&1 | grep -v '^20..-'
    scripts/webhook-bench.sh
    scripts/trigger-bench.sh
    scripts/cluster.sh
} 2>&1 | tee "$scratch/bench.log"
# The aims of issue 28 beside the figures they are compared with, all from this run.
scripts/bench-aims.py "$scratch/bench.log"
