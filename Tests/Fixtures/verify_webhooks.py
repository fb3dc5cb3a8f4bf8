"""Checks agent deliveries with the Standard Webhooks reference library (`standardwebhooks` from PyPI).

Reads {"secret": "whsec_...", "deliveries": [{"headers": {...}, "body": "..."}]} on stdin and prints one answer per
delivery: "ok", or why the library refused it. The test that runs this asserts on what it prints.
"""
import json
import sys

from standardwebhooks.webhooks import Webhook

request = json.load(sys.stdin)
webhook = Webhook(request["secret"])
answers = []
for delivery in request["deliveries"]:
    try:
        webhook.verify(delivery["body"], delivery["headers"])
        answers.append("ok")
    except Exception as error:
        answers.append(f"refused: {error}")
print(json.dumps(answers))
