"""`gateway serve` (the debug build) for the Python end-to-end tests: on embedded defaults, a free loopback port, its
own data and plugin directories, loopback the only network its plugins may reach. Loopback only."""
import http.client
import json
import os
import pathlib
import socket
import subprocess
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
GATEWAY = ROOT / ".build/debug/gateway"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class TimedOut(Exception):
    """What `eventually` waited for did not come."""


def eventually(what, check, seconds=60):
    """The check's first truthy answer; TimedOut naming `what` if none comes within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise TimedOut(what)


class Server:
    """The server, with a client token for `acme` and an admin token; its log at `log_path`."""

    def __init__(self, scratch, **settings):
        """`settings`: more environment for the server (GATEWAY_RETRY_BACKOFF_MS="50", ...)."""
        self.port = free_port()
        self.plugins = scratch / "plugins"
        self.plugins.mkdir()
        self.env = dict(os.environ, GATEWAY_PORT=str(self.port), GATEWAY_DATA_DIR=str(scratch / "data"), GATEWAY_PLUGIN_DIRS=str(self.plugins),
                        GATEWAY_ALLOWED_NETWORKS="127.0.0.0/8", LOG_LEVEL="warning", **settings)
        self.log_path = scratch / "serve.log"
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen([str(GATEWAY), "serve"], env=self.env, stderr=self.log)
        eventually("/health", lambda: self.call("GET", "/health")[0] == 200)
        self.token = self.issue("--client", "acme")
        self.admin = self.issue("--client", "ops", "--role", "admin")

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def issue(self, *arguments):
        return subprocess.check_output([str(GATEWAY), "token", "issue", *arguments], env=self.env, text=True).strip()

    def call(self, method, path, body=None, headers=None, token=None):
        """(status, JSON or text); (0, None) when the server cannot be reached."""
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            headers = dict(headers or {})
            if token:
                headers["Authorization"] = f"Bearer {token}"
            if isinstance(body, (dict, list)):
                body = json.dumps(body)
                headers["Content-Type"] = "application/json"
            connection.request(method, path, body, headers)
            answer = connection.getresponse()
            text = answer.read().decode()
            return answer.status, (json.loads(text) if text.startswith(("{", "[")) else text)
        except OSError:
            return 0, None

    def api(self, method, path, body=None):
        return self.call(method, path, body, token=self.token)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()
