#!/usr/bin/env bash
# The Debian packages as a user installs them (run by `make test`, as root on a machine without them): builds them
# (scripts/deb.sh), installs them with dpkg, checks the units with systemd-analyze (verify, and prints the exposure
# score), starts the installed binary as the gateway user with the packaged configuration, runs a send (SMTP, to a real
# server on loopback) and a webhook (Uazapi's real sample) through it, builds the C example provider against the
# installed kit (pkg-config) and runs the installed harness on it, then purges both and checks that only the data
# directory stays. Every check fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
fail() {
    echo "install test: $*" >&2
    exit 1
}
[ "$(id -u)" -eq 0 ] || fail "needs root (dpkg -i)"
if dpkg-query -W -f='${Status}' gateway gateway-dev 2>/dev/null | grep -q "install ok installed" || [ -e /var/lib/gateway ]; then
    fail "a gateway package or /var/lib/gateway is already here; this test installs and purges its own: run it on another machine"
fi
user_was_here=$(getent passwd gateway >/dev/null && echo yes || echo no)
mapfile -t packages < <(scripts/deb.sh)
[ "${#packages[@]}" = 2 ] || fail "scripts/deb.sh built ${#packages[@]} packages, not gateway and gateway-dev"
scratch=$(mktemp -d)
server=""
sink=""
cleanup() {  # whatever failed: nothing of the test stays
    set +e
    for process in $server $sink; do
        kill "$process" 2>/dev/null
        wait "$process" 2>/dev/null
    done
    dpkg --purge gateway gateway-dev >/dev/null 2>&1
    rm -rf /var/lib/gateway "$scratch"
    [ "$user_was_here" = no ] && getent passwd gateway >/dev/null && userdel gateway
}
trap cleanup EXIT

dpkg -i "${packages[@]}" >/dev/null
echo "install test: installed ${packages[*]} ($(dpkg-query -W -f='${Depends}' gateway))"
getent passwd gateway >/dev/null || fail "no gateway user"
[ "$(stat -c '%a %U' /var/lib/gateway)" = "700 gateway" ] || fail "/var/lib/gateway is $(stat -c '%a %U' /var/lib/gateway), not 700 gateway"
[ "$(stat -c '%a %U %G' /etc/gateway/gateway.yaml)" = "640 root gateway" ] || fail "gateway.yaml is $(stat -c '%a %U %G' /etc/gateway/gateway.yaml)"
if ldd /usr/bin/gateway /usr/lib/gateway/plugins/*.so | grep -q "/opt/swift\|not found"; then fail "a binary links outside the package"; fi
runuser -u gateway -- /usr/bin/gateway config check --config /etc/gateway/gateway.yaml >/dev/null || fail "the packaged configuration is refused"

systemd-analyze verify /lib/systemd/system/gateway.target /lib/systemd/system/gateway@serve.service \
    /lib/systemd/system/gateway@worker.service /lib/systemd/system/gateway@scheduler.service || fail "systemd-analyze verify"
echo "install test: $(systemd-analyze security --offline=yes /lib/systemd/system/gateway@serve.service 2>&1 | tail -1)"

port=$(free_port)
smtp_port=$(free_port)
/usr/bin/python3 Tests/Fixtures/smtp_sink.py "$smtp_port" "$scratch/mail.jsonl" &
sink=$!
wait_for "python3 -c 'import socket, sys; socket.create_connection((\"127.0.0.1\", int(sys.argv[1])), 1)' $smtp_port 2>/dev/null" 30
# Loopback is refused to plugins by default; the SMTP server of this test is on it.
# setpriv execs the gateway itself (runuser would stay its parent), so the signal below reaches it and its status is its own.
setpriv --reuid=gateway --regid=gateway --init-groups -- env GATEWAY_PORT="$port" GATEWAY_ALLOWED_NETWORKS=127.0.0.0/8 LOG_LEVEL=warning \
    /usr/bin/gateway serve --config /etc/gateway/gateway.yaml >"$scratch/serve.log" 2>&1 &
server=$!
url=http://127.0.0.1:$port
wait_for "curl -sf $url/health/ready >/dev/null" 30
token=$(runuser -u gateway -- /usr/bin/gateway token issue --client acme --config /etc/gateway/gateway.yaml)
api() {  # method path body [extra curl arguments]: prints the status code, then the body
    curl -s -o "$scratch/answer" -w '%{http_code}' -X "$1" "$url$2" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        ${3:+-d "$3"} "${@:4}"
}

status=$(api POST /api/integrations/email/configure \
    '{"provider":"smtp","config":{"host":"127.0.0.1","port":'"$smtp_port"',"use_tls":false,"from_email":"agent@loja.example"}}')
[ "$status" = 200 ] || fail "email configure answered $status: $(cat "$scratch/answer")"
status=$(api POST /api/integrations/email/send '{"to":["cliente@example.com"],"subject":"Pedido 1234","body":"Saiu para entrega"}' \
    -H 'Prefer: wait=20')
[ "$status" = 200 ] && grep -q '"status":"sent"' "$scratch/answer" || fail "send answered $status: $(cat "$scratch/answer")"
grep -q "Pedido 1234" "$scratch/mail.jsonl" || fail "the SMTP server did not get the message"
echo "install test: a send went out through the installed SMTP provider"

sample=../shared/providers/uazapi/webhook-messages-eventtype.json
instance_token=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["token"])' "$sample")
status=$(api POST /api/integrations/whatsapp/configure \
    '{"api_url":"https://free.uazapi.com","api_token":"'"$instance_token"'","phone_number":"+5511999999999","test":false}')
[ "$status" = 200 ] || fail "whatsapp configure answered $status: $(cat "$scratch/answer")"
status=$(curl -s -o "$scratch/answer" -w '%{http_code}' -X POST "$url/webhooks/uazapi" -H 'Content-Type: application/json' --data-binary "@$sample")
[ "$status" = 200 ] || fail "the webhook answered $status: $(cat "$scratch/answer")"
status=$(api GET /api/conversations)
[ "$status" = 200 ] && grep -q '"channel":"whatsapp"' "$scratch/answer" || fail "no conversation from the webhook: $(cat "$scratch/answer")"
echo "install test: a webhook became a conversation"

[ "$(pkg-config --variable=includedir gateway-provider)" = /usr/include ] || fail "pkg-config does not find the installed kit"
cc -shared -fPIC -O2 -Wall -Wextra -Werror $(pkg-config --cflags gateway-provider) examples/c-provider/echo_provider.c -lcjson \
    -o "$scratch/libc_echo.so" || fail "the C example does not build against the installed kit"
/usr/bin/gateway provider-test "$scratch/libc_echo.so" >"$scratch/harness.log" || fail "the harness refused the kit-built example: $(tail -5 "$scratch/harness.log")"
echo "install test: the C example built against the installed kit passes the installed harness ($(tail -1 "$scratch/harness.log"))"

kill -TERM "$server"
wait "$server" || fail "serve did not stop cleanly on SIGTERM: $(tail -5 "$scratch/serve.log")"
server=""
[ -s /var/lib/gateway/gateway.sqlite ] || fail "no database in /var/lib/gateway"

dpkg --purge gateway gateway-dev >/dev/null
for gone in /usr/bin/gateway /usr/lib/gateway /etc/gateway /lib/systemd/system/gateway@.service /lib/systemd/system/gateway.target \
    /usr/include/gateway_provider.h /usr/share/pkgconfig/gateway-provider.pc; do
    [ ! -e "$gone" ] || fail "$gone is left after purge"
done
[ -s /var/lib/gateway/gateway.sqlite ] || fail "purge removed the data directory"
echo "install test: purged; the data directory stays"
