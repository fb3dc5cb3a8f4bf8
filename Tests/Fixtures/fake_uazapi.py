"""A fake uazapiGO server for scripts/cluster.sh, after ../shared/providers/uazapi/openapi.yaml (as the Swift tests'
FakeUazapi): POST /send/text answers the spec's Message schema and records the message under its track_id; POST
/message/find finds messages by track_id (the gateway's in-doubt look-up); GET /instance/status says connected.
GET /_stats answers what it received: {"sends": N, "by_track": {track_id: count}, "texts": {text: count},
"numbers_by_text": {text: {number: count}}}. Loopback only.

Usage: fake_uazapi.py PORT TOKEN
"""
import json
import sys
import threading
import uuid
from http.server import ThreadingHTTPServer

from json_handler import JSONHandler

PORT, TOKEN = int(sys.argv[1]), sys.argv[2]
lock = threading.Lock()
by_track = {}
texts = {}
numbers_by_text = {}


class Handler(JSONHandler):
    protocol_version = "HTTP/1.1"

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length) or b"{}")

    def do_GET(self):
        if self.path == "/_stats":
            with lock:
                sends = sum(len(ids) for ids in by_track.values())
                counts = {track: len(ids) for track, ids in by_track.items()}
                return self.answer(200, {"sends": sends, "by_track": counts, "texts": texts, "numbers_by_text": numbers_by_text})
        if self.headers.get("token") != TOKEN:
            return self.answer(401, {"error": "Invalid token"})
        if self.path == "/instance/status":
            return self.answer(200, {"instance": {"id": "r1", "name": "loja", "status": "connected"}, "status": {"connected": True}})
        self.answer(404, {"error": "not found"})

    def do_POST(self):
        body = self.body()
        if self.headers.get("token") != TOKEN:
            return self.answer(401, {"error": "Invalid token"})
        if self.path == "/send/text":
            if not body.get("number") or not body.get("text"):
                return self.answer(400, {"error": "Missing number or text"})
            message_id = "3EB0" + uuid.uuid4().hex[:16].upper()
            with lock:
                by_track.setdefault(body.get("track_id", ""), []).append(message_id)
                texts[body["text"]] = texts.get(body["text"], 0) + 1
                numbers = numbers_by_text.setdefault(body["text"], {})
                numbers[body["number"]] = numbers.get(body["number"], 0) + 1
            return self.answer(200, {
                "id": "r1", "messageid": message_id, "chatid": body["number"] + "@s.whatsapp.net", "fromMe": True,
                "messageType": "ExtendedTextMessage", "status": "Pending",
                "response": {"status": "success", "message": "Message sent successfully"},
            })
        if self.path == "/message/find":
            with lock:
                ids = list(by_track.get(body.get("track_id", ""), []))
            messages = [{"messageid": i, "track_source": body.get("track_source"), "track_id": body.get("track_id"), "fromMe": True} for i in ids]
            return self.answer(200, {"returnedMessages": len(ids), "messages": messages, "limit": 100, "offset": 0, "hasMore": False})
        self.answer(404, {"error": "not found"})


class Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a worker killed mid-request resets its connection: expected in the cluster run


server = Server(("127.0.0.1", PORT), Handler)
print("ready", flush=True)
server.serve_forever()
