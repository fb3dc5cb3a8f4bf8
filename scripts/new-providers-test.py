#!/usr/bin/env python3
"""Providers are added without rebuilding the host (run by `make test` after the debug build): notes the SHA-256 of
the `gateway` binary, starts it on an empty plugin directory, rebuilds only the new plugin products
(`swift build --product ...`, from scratch), drops each into the running server's
plugin directory, runs the harness on it, configures it against a local fake of the provider (following
shared/providers/), sends a message and posts an authenticated webhook through it, and checks that the binary's hash
never changed. Loopback only.

usage: new-providers-test.py
"""
import base64
import hashlib
import http.server
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

from twilio.request_validator import RequestValidator

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "Tests/Fixtures"))
from gateway_server import GATEWAY, Server, TimedOut, eventually  # noqa: E402  (beside the tests' fixtures)
from json_handler import JSONHandler  # noqa: E402  (the fakes' shared handler)

LOG = []


def fail(message):
    tail = "".join(path.read_text()[-3000:] for path in LOG if path.exists())
    raise SystemExit(f"new-providers test: {message}" + (f"\nserver log:\n{tail}" if tail else ""))


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


class FakeProvider(JSONHandler):
    """A provider's API on loopback: every request goes to `route`, which answers JSON."""

    def do_GET(self):
        self.route()

    def do_POST(self):
        self.route()


class FakeEvolution(FakeProvider):
    """Evolution API v2 as shared/providers/evolution/README.md publishes it: the `apikey` header, the instance in the
    path, 201 with the created message's key for sends, the webhook settings kept as `/webhook/set` left them."""
    API_KEY = "evo-key"
    INSTANCE = "loja"
    webhook = None
    sent = []

    def route(self):
        if self.headers.get("apikey") != self.API_KEY:
            return self.answer(401, {"status": 401, "error": "Unauthorized", "response": {"message": "Unauthorized"}})
        path, _, instance = self.path.rpartition("/")
        if instance != self.INSTANCE:
            return self.answer(404, {"status": 404, "error": "Not Found", "response": {"message": [f"{instance} does not exist"]}})
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        if path == "/instance/connectionState":
            return self.answer(200, {"instance": {"instanceName": instance, "state": "open"}})
        if path == "/webhook/set":
            FakeEvolution.webhook = body["webhook"]
            return self.answer(201, {"id": "wh1", "url": body["webhook"]["url"], "enabled": True})
        if path == "/message/sendText" and body.get("number", "").isdigit() and body.get("text"):
            key = {"remoteJid": body["number"] + "@s.whatsapp.net", "fromMe": True, "id": f"BAE5{len(self.sent):012d}"}
            FakeEvolution.sent.append(body)
            return self.answer(201, {"key": key, "status": "PENDING", "message": {"conversation": body["text"]}, "messageType": "conversation"})
        return self.answer(400, {"status": 400, "error": "Bad Request", "response": {"message": ["unexpected request"]}})



class FakeTwilio(FakeProvider):
    """Twilio's Messages API as shared/providers/twilio/ publishes it: basic auth, form-encoded sends answered 201 with
    the message's sid."""
    ACCOUNT = "AC" + "0" * 32
    TOKEN = "twilio-token"
    sent = []

    def route(self):
        expected = "Basic " + base64.b64encode(f"{self.ACCOUNT}:{self.TOKEN}".encode()).decode()
        if self.headers.get("Authorization") != expected:
            return self.answer(401, {"code": 20003, "message": "Authenticate", "status": 401})
        if not self.path.startswith(f"/2010-04-01/Accounts/{self.ACCOUNT}/Messages.json"):
            return self.answer(404, {"code": 20404, "message": "not found", "status": 404})
        if self.command == "GET":
            return self.answer(200, {"messages": [], "page": 0, "page_size": 1})
        form = urllib.parse.parse_qs(self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode())
        FakeTwilio.sent.append(form)
        return self.answer(201, {"sid": f"SM{len(self.sent):032d}", "status": "queued", "to": form["To"][0]})



def build_plugin_only(product):
    """Builds one plugin product from scratch (its objects and library removed first, so it really compiles and
    links) with nothing else."""
    library = ROOT / f".build/debug/lib{product}.so"
    for stale in [library, *(ROOT / f".build/debug/{product}.build").glob("*.o")]:
        stale.unlink(missing_ok=True)
    build = subprocess.run(["swift", "build", "--product", product], cwd=ROOT, capture_output=True, text=True)
    if build.returncode != 0 or not library.exists():
        fail(f"{product} does not build alone: {build.stdout[-2000:]}{build.stderr[-2000:]}")
    return library


def drop_in(server, library, provider_id):
    """Copies the plugin into the running server's directory and waits for it to be listed; then runs the harness."""
    shutil.copy(library, server.plugins)
    listed = lambda: server.call("GET", "/api/plugins", token=server.admin)[1] or {}
    eventually(f"{provider_id} to load", lambda: any(p["manifest"]["id"] == provider_id for p in listed().get("plugins", [])))
    harness = subprocess.run([str(GATEWAY), "provider-test", str(library)], capture_output=True, text=True)
    if harness.returncode != 0:
        fail(f"the harness refused {provider_id}: {harness.stdout[-2000:]}")
    return harness.stdout.strip().splitlines()[-1]


def evolution(server):
    """Configure (registering the webhook), a send, and a delivery to /webhooks/evolution with the registered secret."""
    fake = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeEvolution)
    threading.Thread(target=fake.serve_forever, daemon=True).start()
    try:
        webhook_url = f"http://127.0.0.1:{server.port}/webhooks/evolution"
        status, answer = server.api("POST", "/api/integrations/whatsapp/configure", {
            "provider": "evolution", "api_url": f"http://127.0.0.1:{fake.server_port}", "api_key": FakeEvolution.API_KEY,
            "instance": FakeEvolution.INSTANCE, "register_webhook": True, "webhook_url": webhook_url})
        if status != 200 or FakeEvolution.webhook is None:
            fail(f"configure: {status} {answer}")
        status, answer = server.api("POST", "/api/integrations/whatsapp/send", {"phone": "+5534982178080", "message": "pedido saiu"})
        if status not in (200, 202):
            fail(f"send: {status} {answer}")
        message = answer["message_id"]
        eventually("the send", lambda: (server.api("GET", f"/api/messages/{message}")[1] or {}).get("message", {}).get("status") == "sent")
        delivery = {"event": "messages.upsert", "instance": FakeEvolution.INSTANCE, "data": {
            "key": {"remoteJid": "5534982178080@s.whatsapp.net", "fromMe": False, "id": "3EB0NEWPROVIDER"}, "pushName": "Rafael",
            "message": {"conversation": "chegou?"}, "messageType": "conversation", "messageTimestamp": int(time.time())}}
        status, answer = server.call("POST", "/webhooks/evolution", delivery, headers=FakeEvolution.webhook["headers"])
        if status != 200:
            fail(f"webhook: {status} {answer}")
        forged = server.call("POST", "/webhooks/evolution", delivery, headers={"x-gateway-webhook-secret": "guess"})[0]
        conversations = server.api("GET", "/api/conversations")[1]["conversations"]
        if forged != 401 or len(conversations) != 1:
            fail(f"forged delivery answered {forged}; {len(conversations)} conversations")
        return f"sent {len(FakeEvolution.sent)}, webhook recorded, forged one refused"
    finally:
        fake.shutdown()


def twilio(server):
    """Configure SMS, a send, and an inbound SMS signed by the `twilio` package's validator over the URL it was posted to."""
    fake = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeTwilio)
    threading.Thread(target=fake.serve_forever, daemon=True).start()
    try:
        status, answer = server.api("POST", "/api/integrations/sms/configure", {
            "account_sid": FakeTwilio.ACCOUNT, "auth_token": FakeTwilio.TOKEN, "from": "+14155550100", "api_url": f"http://127.0.0.1:{fake.server_port}"})
        if status != 200:
            fail(f"configure: {status} {answer}")
        integration = answer["integration"]["id"]
        status, answer = server.api("POST", "/api/integrations/sms/send", {"phone": "+5534982178080", "message": "pedido saiu"})
        if status not in (200, 202):
            fail(f"send: {status} {answer}")
        message = answer["message_id"]
        eventually("the send", lambda: (server.api("GET", f"/api/messages/{message}")[1] or {}).get("message", {}).get("status") == "sent")
        path = f"/webhooks/twilio/{integration}"
        params = {"MessageSid": "SM" + "a" * 32, "AccountSid": FakeTwilio.ACCOUNT, "From": "+5534982178080", "To": "+14155550100", "Body": "chegou?"}
        signature = RequestValidator(FakeTwilio.TOKEN).compute_signature(f"http://127.0.0.1:{server.port}{path}", params)
        form = urllib.parse.urlencode(params)
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Host": f"127.0.0.1:{server.port}"}
        status, answer = server.call("POST", path, form, headers={**headers, "X-Twilio-Signature": signature})
        if status != 200:
            fail(f"webhook: {status} {answer}")
        forged = server.call("POST", path, form.replace("chegou", "forjada"), headers={**headers, "X-Twilio-Signature": signature})[0]
        conversations = server.api("GET", "/api/conversations")[1]["conversations"]
        if forged != 401 or not any(c["channel"] == "sms" for c in conversations):
            fail(f"forged delivery answered {forged}; conversations {conversations}")
        return f"sent {len(FakeTwilio.sent)}, signed webhook recorded, forged one refused"
    finally:
        fake.shutdown()


def main():
    before = sha256(GATEWAY)
    scratch = pathlib.Path(tempfile.mkdtemp())
    server = Server(scratch)
    LOG.append(server.log_path)
    try:
        for product, provider_id, exercise in [("EvolutionAPI", "evolution", evolution), ("Twilio", "twilio", twilio)]:
            library = build_plugin_only(product)
            harness = drop_in(server, library, provider_id)
            outcome = exercise(server)
            print(f"new-providers test: {provider_id} built alone, loaded into the running gateway, harness {harness}; {outcome}")
    except TimedOut as waited:
        fail(f"timed out waiting for {waited}")
    finally:
        server.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    after = sha256(GATEWAY)
    if after != before:
        fail(f"the gateway binary changed ({before}, now {after})")
    print(f"new-providers test: gateway sha256 {after} unchanged")


if __name__ == "__main__":
    sys.exit(main())
