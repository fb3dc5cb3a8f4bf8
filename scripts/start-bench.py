#!/usr/bin/env python3
"""Start-up benchmark (run by scripts/bench.sh): how long `gateway serve` takes from exec to its first /health answer
with every shipped plugin present, on a first start (empty data dir) and on a restart (same data dir), and its idle
memory (PSS of the server plus its provider processes): with no integration, then with one integration of each
provider (timing each configure, whose plugin call starts the idle provider's process, beside the same call once it
runs), then once those have gone idle. Loopback only; prints figures and asserts nothing.

usage: start-bench.py GATEWAY_BINARY PLUGIN_DIR [RUNS]
"""
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

GATEWAY, PLUGINS = sys.argv[1], sys.argv[2]
RUNS = int(sys.argv[3]) if len(sys.argv) > 3 else 7
IDLE_EXIT_SECONDS = 2
SETTLE_SECONDS = 1.0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(data_dir, port, extra=None):
    return dict(os.environ, GATEWAY_HOST="127.0.0.1", GATEWAY_PORT=str(port), GATEWAY_DATA_DIR=data_dir,
                GATEWAY_PLUGIN_DIRS=PLUGINS, GATEWAY_WORKERS="0", LOG_LEVEL="error", **(extra or {}))


def health_ok(port):
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        connection.request("GET", "/health")
        return connection.getresponse().status == 200
    except OSError:
        return False


def start(data_dir, extra=None):
    """Starts the server; returns (process, port, milliseconds from exec to the first /health answer)."""
    port = free_port()
    began = time.monotonic()
    process = subprocess.Popen([GATEWAY, "serve"], env=environment(data_dir, port, extra), stderr=subprocess.DEVNULL)
    while not health_ok(port):
        if process.poll() is not None or time.monotonic() - began > 30:
            raise SystemExit(f"the server did not answer /health (exit {process.poll()})")
        time.sleep(0.001)
    return process, port, (time.monotonic() - began) * 1000


def stop(process):
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)


def children(pid):
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as f:
            found += [int(child) for child in f.read().split()]
    return found


def pss_kib(pid):
    """The process's PSS; None once it has ended (a zombie has no memory left to count)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            return next((int(line.split()[1]) for line in f if line.startswith("Pss:")), None)
    except (FileNotFoundError, ProcessLookupError):
        return None


def memory(process):
    """(PSS of the server and its provider processes in MB, how many provider processes)."""
    figures = [pss_kib(pid) for pid in [process.pid] + children(process.pid)]
    alive = [kib for kib in figures if kib is not None]
    return sum(alive) / 1024, len(alive) - 1


def request(port, method, path, token, body):
    """Sends one API request; returns its time in milliseconds."""
    began = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(method, path, json.dumps(body), {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    answer = connection.getresponse()
    text = answer.read().decode()
    if answer.status != 200:
        raise SystemExit(f"{method} {path}: {answer.status} {text}")
    return (time.monotonic() - began) * 1000


def configure_one_of_each(data_dir, port, suffix=""):
    """One integration of each provider, each for a client of its own; `test: false`, so nothing leaves loopback.
    Returns each request's time in milliseconds."""
    def token(client):
        return subprocess.check_output([GATEWAY, "token", "issue", "--client", client], env=environment(data_dir, port),
                                       stderr=subprocess.DEVNULL, text=True).strip()
    bodies = {
        "uazapi": ("POST", "/api/integrations/whatsapp/configure",
                   {"test": False, "config": {"api_url": "http://127.0.0.1:9", "api_token": "bench-token" + suffix, "phone_number": "553499754953"}}),
        "sendgrid": ("POST", "/api/integrations/email/configure",
                     {"provider": "sendgrid", "test": False, "config": {"api_key": "SG.bench", "from_email": "a@example.com", "base_url": "http://127.0.0.1:9"}}),
        "smtp": ("POST", "/api/integrations/email/configure",
                 {"provider": "smtp", "test": False, "config": {"host": "127.0.0.1", "port": 2525, "use_tls": False, "from_email": "a@example.com"}}),
        "database": ("POST", "/api/integrations/database/configure",
                     {"test": False, "config": {"mode": "postgres", "connection_string": "postgresql://a:b@127.0.0.1:9/shop", "allowed_tables": ["orders"]}}),
        "agent": ("PUT", "/api/agent", {"url": "http://127.0.0.1:9/turns"}),
    }
    tokens = {client: token(client + suffix) for client in bodies}
    return [request(port, method, path, tokens[client], body) for client, (method, path, body) in bodies.items()]


def median(values):
    return statistics.median(values)


def main():
    scratch = tempfile.mkdtemp()
    try:
        plugins = sorted(name for name in os.listdir(PLUGINS) if name.endswith(".so"))
        print(f"start-up, {len(plugins)} plugins present ({', '.join(plugins)}), {RUNS} runs each, median (min-max):")
        first, restart, idle = [], [], []
        data_dir = ""
        for run in range(RUNS):
            data_dir = os.path.join(scratch, f"data-{run}")
            process, _, ms = start(data_dir)
            first.append(ms)
            stop(process)
            process, _, ms = start(data_dir)
            restart.append(ms)
            time.sleep(SETTLE_SECONDS)  # a benchmark may wait: idle memory is what is left once start-up is over
            idle.append(memory(process))
            stop(process)
        for label, figures in (("first start (empty data dir) to /health", first), ("restart (same data dir) to /health", restart)):
            print(f"  {label:<48} {median(figures):7.1f} ms ({min(figures):.1f}-{max(figures):.1f})")
        print(f"  {'idle memory after a restart, no integration':<48} {median([m for m, _ in idle]):7.1f} MB PSS, "
              f"{median([n for _, n in idle]):.0f} provider processes")

        process, port, _ = start(data_dir, {"GATEWAY_PLUGIN_IDLE_EXIT_SECONDS": str(IDLE_EXIT_SECONDS)})
        try:
            starting = configure_one_of_each(data_dir, port)
            running = configure_one_of_each(data_dir, port, suffix="-2")
            print(f"  {'configure, its plugin idle (process starts)':<48} {median(starting):7.1f} ms, median of the {len(starting)} providers")
            print(f"  {'configure, its plugin running':<48} {median(running):7.1f} ms")
            used, count = memory(process)
            print(f"  {'one integration of each provider':<48} {used:7.1f} MB PSS, {count} provider processes")
            deadline = time.monotonic() + IDLE_EXIT_SECONDS * 10
            while memory(process)[1] > 0 and time.monotonic() < deadline:
                time.sleep(0.1)
            used, count = memory(process)
            print(f"  {f'the same, idle for {IDLE_EXIT_SECONDS} s (idle exit)':<48} {used:7.1f} MB PSS, {count} provider processes")
        finally:
            stop(process)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


main()
