"""The load of scripts/cluster.sh (stdlib only, loopback only).

  cluster-load.py webhooks URL_A URL_B COUNT SENDERS OUT   posts COUNT real-shaped uazapi deliveries (unique message ids,
                                                          SENDERS senders), alternately at both servers; writes the
                                                          accepted message ids to OUT
  cluster-load.py sends URL_A URL_B TOKEN COUNT OUT       queues COUNT WhatsApp sends alternately through both servers;
                                                          writes the accepted message ids to OUT
Each prints what it sent and what was accepted. The sample is ../shared/providers/uazapi's EventType delivery; the
instance token is read from the environment (UAZAPI_TOKEN).
"""
import concurrent.futures
import json
import os
import sys
import urllib.request

SAMPLE = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "providers", "uazapi", "webhook-messages-eventtype.json")


def post(url, body, headers):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json", **headers}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, {}
    except OSError:
        return 0, {}


def run(count, one):
    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        return list(pool.map(one, range(count)))


def webhooks(url_a, url_b, count, senders, out):
    sample = json.load(open(SAMPLE))

    def one(index):
        body = json.loads(json.dumps(sample))
        message_id = f"CLUSTER{index:06d}"
        body["message"]["messageid"] = message_id
        body["message"]["sender_pn"] = f"55119{index % senders:08d}@s.whatsapp.net"
        body["message"]["text"] = body["message"]["content"] = f"mensagem {index}"
        body["token"] = os.environ["UAZAPI_TOKEN"]
        status, _ = post((url_a if index % 2 == 0 else url_b) + "/webhooks/uazapi", body, {})
        return message_id if status == 200 else None

    accepted = [i for i in run(count, one) if i]
    open(out, "w").write("\n".join(accepted))
    print(f"webhooks: {count} posted, {len(accepted)} accepted")


def sends(url_a, url_b, token, count, out):
    def one(index):
        body = {"phone": f"+55119{90000000 + index:08d}", "message": f"pedido {index}"}
        headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": f"cluster-send-{index}"}
        status, answer = post((url_a if index % 2 == 0 else url_b) + "/api/integrations/whatsapp/send", body, headers)
        return answer.get("message_id") if status == 202 else None

    accepted = [i for i in run(count, one) if i]
    open(out, "w").write("\n".join(accepted))
    print(f"sends: {count} posted, {len(accepted)} accepted")


if __name__ == "__main__":
    if sys.argv[1] == "webhooks":
        webhooks(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6])
    else:
        sends(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6])
