#!/usr/bin/env bash
# The fault suite at full size: real workers killed, PostgreSQL and Redis restarted, provider outages and timeouts,
# provider processes killed, under thousands of sends; each case prints its sent / lost / duplicated figures. Then the
# hostile-tenant suite with every extreme value in every writable field.
source "$(dirname "$0")/test-prepare.sh"
GATEWAY_FAULTS=full swift test --skip-build --filter "FaultSuite|HostileTenantTests"
