# Sourced by the test scripts: installs what the tests need (Debian packages, the venv of PyPI clients), builds them,
# and starts the real servers they use, a throwaway PostgreSQL cluster and Redis on free loopback ports (SMTP servers
# are started per test), exporting where they are; makes a scratch directory ($scratch); stops and removes it all on
# exit.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
scripts/setup.sh
GATEWAY_TEST_PYTHON=$(scripts/python-venv.sh)
export GATEWAY_TEST_PYTHON

swift build --build-tests

eval "$(scripts/postgres-test-cluster.sh start)"
eval "$(scripts/redis-test-server.sh start)"
scratch=$(mktemp -d)
trap 'scripts/postgres-test-cluster.sh stop "$GATEWAY_TEST_POSTGRES_DIR"; scripts/redis-test-server.sh stop "$GATEWAY_TEST_REDIS_DIR"; rm -rf "$scratch"' EXIT
