#!/usr/bin/env bash
# One machine as a cluster (loopback only): a throwaway PostgreSQL (fsync on) and Redis, two `serve` processes on two
# ports (API and webhooks only), two `worker` processes and one `scheduler`, all from one configuration file; a fake
# uazapi (Tests/Fixtures/fake_uazapi.py) stands for WhatsApp. A bounded load run pushes CLUSTER_WEBHOOKS (2000) inbound
# deliveries from CLUSTER_SENDERS (200) senders alternately at both servers, queues CLUSTER_SENDS (2000) sends through
# both while a worker is killed (SIGKILL) and restarted, and lets a time-based trigger (one minute after each
# conversation's last inbound message) fire while the scheduler is killed and restarted. Prints, per case, what was
# accepted, delivered, lost and duplicated, and how many follow-ups each conversation got. Asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
source scripts/lib.sh
scripts/setup.sh
swift build -c release >&2
bin=$PWD/.build/release/gateway
webhooks=${CLUSTER_WEBHOOKS:-2000}
senders=${CLUSTER_SENDERS:-200}
sends=${CLUSTER_SENDS:-2000}
python=/usr/bin/python3
scratch=$(mktemp -d)
pg_dir=""
redis_dir=""
declare -A pids
cleanup() {
    set +e
    for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null; done
    wait 2>/dev/null
    [ -n "$pg_dir" ] && scripts/postgres-test-cluster.sh stop "$pg_dir"
    [ -n "$redis_dir" ] && scripts/redis-test-server.sh stop "$redis_dir"
    rm -rf "$scratch"
}
trap cleanup EXIT
stats() { curl -s "http://127.0.0.1:$fake_port/_stats"; }
sent_count() { stats | $python -c 'import json, sys; print(json.load(sys.stdin)["sends"])'; }
followups() { stats | $python -c 'import json, sys; print(json.load(sys.stdin)["texts"].get(sys.argv[1], 0))' "$followup"; }
accepted_sends_arrived() {  # how many of the accepted sends the fake has
    stats | $python -c 'import json, sys; seen = json.load(sys.stdin)["by_track"]; print(sum(1 for i in open(sys.argv[1]).read().split() if i in seen))' \
        "$scratch/sends.ids"
}

eval "$(GATEWAY_PG_FSYNC=on scripts/postgres-test-cluster.sh start)"
pg_dir=$GATEWAY_TEST_POSTGRES_DIR
eval "$(scripts/redis-test-server.sh start)"
redis_dir=$GATEWAY_TEST_REDIS_DIR
superuser=(psql -h "$GATEWAY_TEST_POSTGRES_SOCKET" -p "$GATEWAY_TEST_POSTGRES_PORT" -U postgres -q -t -A)
"${superuser[@]}" -c "CREATE ROLE gateway LOGIN PASSWORD 'gateway'" -c "CREATE DATABASE gateway OWNER gateway" >/dev/null

fake_port=$(free_port)
fake_token=cluster-instance-token
$python Tests/Fixtures/fake_uazapi.py "$fake_port" "$fake_token" >/dev/null &
pids[fake]=$!
mkdir "$scratch/plugins" && cp .build/release/libUazapi.so "$scratch/plugins/"
config=$scratch/gateway.yaml
"$bin" config sample --set DATABASE_URL="postgresql://gateway:gateway@127.0.0.1:$GATEWAY_TEST_POSTGRES_PORT/gateway" \
    --set REDIS_URL="$GATEWAY_TEST_REDIS_URL" --set GATEWAY_PLUGIN_DIRS="$scratch/plugins" --set GATEWAY_ALLOWED_NETWORKS=127.0.0.0/8 \
    --set GATEWAY_ENCRYPTION_KEY="$(head -c 32 /dev/urandom | base64)" --set GATEWAY_JWT_SECRET="$(head -c 32 /dev/urandom | base64)" \
    --set GATEWAY_DATA_DIR="$scratch/data" >"$config"
"$bin" migrate --config "$config" >/dev/null

declare -A ports
start() {  # name role [VAR=value...]: one process from the shared file, its own port
    local name=$1 role=$2
    shift 2
    ports[$name]=${ports[$name]:-$(free_port)}
    env GATEWAY_PORT="${ports[$name]}" LOG_LEVEL=warning "$@" "$bin" "$role" --config "$config" >>"$scratch/$name.log" 2>&1 &
    pids[$name]=$!
}
start serve-a serve GATEWAY_WORKERS=0 GATEWAY_SCHEDULER=off
start serve-b serve GATEWAY_WORKERS=0 GATEWAY_SCHEDULER=off
start worker-1 worker GATEWAY_SCHEDULER=off
start worker-2 worker GATEWAY_SCHEDULER=off
start scheduler scheduler
for name in serve-a serve-b worker-1 worker-2 scheduler; do wait_for "curl -sf http://127.0.0.1:${ports[$name]}/health >/dev/null" 60; done
url_a=http://127.0.0.1:${ports[serve-a]}
url_b=http://127.0.0.1:${ports[serve-b]}
echo "cluster: serve on ${ports[serve-a]} and ${ports[serve-b]}, two workers, one scheduler; PostgreSQL (fsync on) and Redis"

token=$("$bin" token issue --client acme --config "$config" 2>/dev/null)
# The load is one client's: its per-minute limits raised (the defaults would refuse most of it, as they should).
admin=$("$bin" token issue --client ops --role admin --config "$config" 2>/dev/null)
curl -sf -X PUT "$url_a/api/clients/acme/limits" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    -d '{"webhooks_per_minute":100000,"api_per_minute":100000,"sends_per_minute":100000}' >/dev/null
api() { curl -sf -X "$1" "$url_a$2" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' ${3:+-d "$3"}; }
api POST /api/integrations/whatsapp/configure \
    '{"config":{"api_url":"http://127.0.0.1:'"$fake_port"'","api_token":"'"$fake_token"'","phone_number":"5511999990000"},"send_rate_per_minute":60000,"test":false}' >/dev/null
followup="Retorno automatico"
api POST /api/triggers '{"name":"follow-up","trigger_type":"time_based","trigger_config":{"delay_minutes":1,"reference_field":"conversations.last_inbound_at"},
    "action_type":"send_message","action_config":{"message":"'"$followup"'"}}' >/dev/null

# 1. Inbound deliveries at both servers.
started=$SECONDS
UAZAPI_TOKEN=$fake_token $python scripts/cluster-load.py webhooks "$url_a" "$url_b" "$webhooks" "$senders" "$scratch/webhooks.ids"
webhooks_done=$SECONDS
echo "cluster: webhooks took $((webhooks_done - started)) s"

# 2. Sends through both servers; a worker killed once a third has gone out, restarted a second later.
sends_started=$SECONDS
$python scripts/cluster-load.py sends "$url_a" "$url_b" "$token" "$sends" "$scratch/sends.ids" &
load=$!
wait_for "[ \$(sent_count) -ge $((sends / 3)) ]" 120
kill -9 "${pids[worker-1]}" && wait "${pids[worker-1]}" 2>/dev/null || true
echo "cluster: worker-1 killed (SIGKILL) after $(sent_count) sends"
sleep 1
start worker-1 worker GATEWAY_SCHEDULER=off
wait "$load"

# 3. The follow-ups fall due a minute after each conversation's last message: the scheduler is killed once the first
# has gone out, and restarted a second later.
wait_for "[ \$(followups) -ge 1 ]" 180
kill -9 "${pids[scheduler]}" && wait "${pids[scheduler]}" 2>/dev/null || true
echo "cluster: scheduler killed (SIGKILL) after $(followups) follow-ups"
sleep 1
start scheduler scheduler
wait_for "[ \$(followups) -ge $senders ]" 240 || true
echo "cluster: follow-ups done $((SECONDS - webhooks_done)) s after the last delivery (due after 60 s)"

# The killed worker's sends wait out their lease (GATEWAY_QUEUE_LEASE_MS, 60 s), then another worker asks the fake
# whether each went out before sending it.
wait_for "[ \$(accepted_sends_arrived) -ge \$(wc -w < $scratch/sends.ids) ]" 180 || true
echo "cluster: every accepted send out $((SECONDS - sends_started)) s after the first was posted"

# 4. What arrived: sends by their message id (the fake's track_id), deliveries in PostgreSQL by provider id.
recorded=$(PGOPTIONS="-c app.scope=system" "${superuser[@]}" -d gateway -U gateway \
    -c "SELECT count(*) || ' ' || count(DISTINCT provider_message_id) FROM conversation_messages WHERE direction = 'in'")
stats >"$scratch/stats.json"
$python - "$scratch" "$webhooks" "$sends" "$senders" "$followup" "$recorded" <<'EOF'
import json, sys
scratch, webhooks, sends, senders, followup, recorded = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
stats = json.load(open(f"{scratch}/stats.json"))
rows, unique = map(int, recorded.split())
accepted_webhooks = open(f"{scratch}/webhooks.ids").read().split()
accepted_sends = open(f"{scratch}/sends.ids").read().split()
delivered = [i for i in accepted_sends if i in stats["by_track"]]
duplicated = [i for i in accepted_sends if stats["by_track"].get(i, 0) > 1]
per_number = stats["numbers_by_text"].get(followup, {})
print(f"{'case':<26}{'posted':>8}{'accepted':>10}{'delivered':>11}{'lost':>6}{'duplicated':>12}")
print(f"{'webhooks (both servers)':<26}{webhooks:>8}{len(accepted_webhooks):>10}{unique:>11}{len(accepted_webhooks) - unique:>6}{rows - unique:>12}")
print(f"{'sends (worker killed)':<26}{sends:>8}{len(accepted_sends):>10}{len(delivered):>11}{len(accepted_sends) - len(delivered):>6}{len(duplicated):>12}")
once = sum(1 for n in per_number.values() if n == 1)
more = sum(1 for n in per_number.values() if n > 1)
print(f"follow-ups (scheduler killed): {senders} conversations, fired once {once}, more than once {more}, never {senders - len(per_number)}")
EOF
