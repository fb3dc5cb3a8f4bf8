"""A real SMTP server for the tests (aiosmtpd on loopback): records every message it accepts.

Usage: smtp_sink.py PORT OUTPUT_FILE [--starttls CERT KEY | --implicit-tls CERT KEY] [--auth USER:PASSWORD]
                    [--slow-for-ms MS --slow-answer-ms MS]
Each accepted message is appended to OUTPUT_FILE as one JSON line: the envelope, the raw message, and
what Python's own MIME parser makes of it (decoded headers, text and HTML bodies).
Recipients whose local part starts with "refuse" get 550; with "later", 451. With --slow-for-ms, for that long after
start the server records each message at once but answers its DATA only after --slow-answer-ms (a slow server that
has the message before it says so).
"""
import argparse
import asyncio
import email
import email.policy
import json
import ssl
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Recorder:
    def __init__(self, path, slow_until=0.0, slow_answer=0.0):
        self.path = path
        self.slow_until = slow_until
        self.slow_answer = slow_answer

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0]
        if local.startswith("refuse"):
            return "550 5.1.1 no such user"
        if local.startswith("later"):
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            # session.ssl is set only by STARTTLS; under implicit TLS the transport itself is the TLS one.
            "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
            "data": envelope.original_content.decode("utf-8", "replace"),
            "headers": {name.lower(): str(value) for name, value in message.items()},
            "content_type": message.get_content_type(),
            "text": text.get_content() if text is not None else None,
            "html": html.get_content() if html is not None else None,
        }
        with open(self.path, "a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")
        if time.monotonic() < self.slow_until:
            await asyncio.sleep(self.slow_answer)
        return "250 OK queued"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("output")
    parser.add_argument("--starttls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--implicit-tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--auth", metavar="USER:PASSWORD")
    parser.add_argument("--slow-for-ms", type=int, default=0)
    parser.add_argument("--slow-answer-ms", type=int, default=0)
    args = parser.parse_args()

    options = {}
    if args.starttls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*args.starttls)
        options.update(tls_context=context, require_starttls=True)
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, data):
            ok = isinstance(data, LoginPassword) and data.login.decode() == user and data.password.decode() == password
            return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd sends the 535 itself

        # aiosmtpd's require-TLS check only knows STARTTLS; under implicit TLS the whole session is encrypted anyway.
        options.update(authenticator=authenticator, auth_required=True, auth_require_tls=bool(args.starttls))
    if args.implicit_tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*args.implicit_tls)
        options["ssl_context"] = context

    recorder = Recorder(args.output, time.monotonic() + args.slow_for_ms / 1000, args.slow_answer_ms / 1000)
    controller = Controller(recorder, hostname="127.0.0.1", port=args.port, **options)
    controller.start()
    print("ready", flush=True)
    try:
        asyncio.get_event_loop().run_forever()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
