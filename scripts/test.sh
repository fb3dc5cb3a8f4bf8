#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what the tests need, builds, checks the example
# providers with the real harness, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/setup.sh

swift build --build-tests

# Real servers the tests use, stopped on exit: a throwaway PostgreSQL cluster and Redis (SMTP servers are started per
# test).
eval "$(scripts/postgres-test-cluster.sh start)"
eval "$(scripts/redis-test-server.sh start)"
scratch=$(mktemp -d)
trap 'scripts/postgres-test-cluster.sh stop "$GATEWAY_TEST_POSTGRES_DIR"; scripts/redis-test-server.sh stop "$GATEWAY_TEST_REDIS_DIR"; rm -rf "$scratch"' EXIT

# The provider test harness, as a user runs it, on every provider.
scripts/build-c-provider.sh "$scratch/libc_echo.so"
.build/debug/gateway provider-test "$scratch/libc_echo.so"
for plugin in SwiftHTTPEcho Uazapi SendGrid SMTP ClientSupabase; do
    .build/debug/gateway provider-test ".build/debug/lib$plugin.so"
done

# The crash tests run real worker processes flat out; alone, so they do not starve the timing-sensitive tests.
swift test --skip-build --skip WorkerCrashTests
swift test --skip-build --filter WorkerCrashTests
