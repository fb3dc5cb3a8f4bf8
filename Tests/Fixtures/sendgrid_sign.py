"""Signs SendGrid Event Webhook deliveries with a P-256 key pair of its own (the `cryptography` package), and checks
each signature with the PyPI `sendgrid` package's EventWebhook verifier, so the tests sign as SendGrid does. Reads
{"deliveries": [{"timestamp", "body"}]} as JSON on stdin; prints {"public_key", "signatures"}."""
import base64
import json
import sys

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from sendgrid.helpers.eventwebhook import EventWebhook

request = json.load(sys.stdin)
private_key = ec.generate_private_key(ec.SECP256R1())
public_key = base64.b64encode(
    private_key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)).decode()
verifier = EventWebhook()
key = verifier.convert_public_key_to_ecdsa(public_key)
signatures = []
for delivery in request["deliveries"]:
    signed = (delivery["timestamp"] + delivery["body"]).encode()
    signature = base64.b64encode(private_key.sign(signed, ec.ECDSA(hashes.SHA256()))).decode()
    if not verifier.verify_signature(delivery["body"], signature, delivery["timestamp"], key):
        raise SystemExit("sendgrid's EventWebhook refused a signature made here")
    signatures.append(signature)
print(json.dumps({"public_key": public_key, "signatures": signatures}))
