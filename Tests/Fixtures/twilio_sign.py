"""Signs Twilio webhooks with the PyPI `twilio` package's RequestValidator, so the tests check our verification
against Twilio's own code. Reads [{"url", "params": {name: value}}] as JSON on stdin, prints the signatures as JSON."""
import json
import sys

from twilio.request_validator import RequestValidator

request = json.load(sys.stdin)
validator = RequestValidator(request["token"])
print(json.dumps([validator.compute_signature(item["url"], item["params"]) for item in request["deliveries"]]))
