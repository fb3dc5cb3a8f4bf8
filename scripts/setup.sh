#!/usr/bin/env bash
# Installs the Debian packages the gateway builds and tests against. Idempotent: when everything is
# installed it only checks, in well under a second.
set -euo pipefail

packages=(
    pkg-config
    libcurl4-openssl-dev   # ProviderKit's HTTP client and SMTP sender
    libcjson-dev           # the C example provider
    cargo                  # the Rust example provider (std only)
    libsqlite3-dev         # embedded store
    libpq-dev              # PostgreSQL store, ClientSupabase
    libhiredis-dev         # Redis queue
    postgresql             # the real PostgreSQL server the tests run (scripts/postgres-test-cluster.sh)
    redis-server           # the real Redis the tests run (scripts/redis-test-server.sh)
    python3-aiosmtpd       # the real SMTP server the tests run on loopback
    openssl                # the test SMTP server's self-signed certificate
    wrk                    # make bench's HTTP load generator
    iproute2               # the API fuzz run's loopback-only network namespace (ip; unshare is util-linux)
    dpkg-dev               # make deb: dpkg-shlibdeps finds the package's dependencies
    patchelf               # make deb: the binaries find the Swift runtime the package carries
    systemd                # make test: systemd-analyze verifies the units and prints their exposure
    adduser                # the package's postinst makes the gateway user
    chromium               # the console's browser tests (scripts/console-test.py), headless
    chromium-driver        # ... driven by selenium through chromedriver
)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null 2>&1 && [ ! -x /opt/swift/usr/bin/swift ]; then
    echo "setup: Swift 6.3 is required (expected on PATH or at /opt/swift)" >&2
    exit 1
fi
