# Sourced by the scripts that start servers or ship plugins: a free loopback port, a wait on a condition with a
# deadline, and the providers the package ships.

shipped_plugins="Uazapi EvolutionAPI Twilio SendGrid SMTP ClientSupabase AgentWebhook"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# wait_for CONDITION SECONDS: evaluates CONDITION until it holds; past SECONDS says which one timed out and fails.
wait_for() {
    local deadline=$((SECONDS + $2))
    until eval "$1"; do
        [ $SECONDS -lt "$deadline" ] || { echo "$(basename "$0"): timed out waiting for: $1" >&2; return 1; }
        sleep 0.1
    done
}
