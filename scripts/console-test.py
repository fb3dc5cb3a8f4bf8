#!/usr/bin/env python3
"""The console in a real browser (run by `make test` after the debug build): Debian's chromium and chromedriver,
driven headless by the PyPI selenium package, against `gateway serve` on loopback with the Uazapi plugin and the fake
uazapiGO (Tests/Fixtures/fake_uazapi.py). Flows: sign in with a client's API key, configure WhatsApp through its
form and see it connected, see a real-shaped inbound message (shared/providers/uazapi) as a conversation, filter, edit
it and its lead from its timeline (receipts, agent turns and trigger executions shown), build a trigger field by field,
simulate, save and switch it off, replay a failed message and a dead letter, watch a list refresh in place, see the
agent endpoint and its failed turn, configure a database against a fake Supabase REST API, make and revoke an API key
(confirm dialogs), reorder fallbacks, reach the navigation by keyboard, read the dashboard, create a client and set a
limit as an admin, switch language, sign out. Each flow also checks what another client cannot see, that a forged form
token is refused, that a secret never appears in a page, and that every page is well formed with every input
labelled. Screenshots of each screen at 1280 and 375 px wide go to .build/console-screenshots/. Loopback only.

usage: console-test.py
"""
import html.parser
import http.client
import http.server
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.parse

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "Tests/Fixtures"))
from gateway_server import Server, TimedOut, eventually, free_port  # noqa: E402  (beside the tests' fixtures)
from json_handler import JSONHandler  # noqa: E402

SHOTS = ROOT / ".build/console-screenshots"
SAMPLE = ROOT.parent / "shared/providers/uazapi/webhook-messages-eventtype.json"
INSTANCE_TOKEN = "uaz-instance-secret-7d1c94"
SUPABASE_KEY = "sb-service-key-c3f8a1"
WRONG_TOKEN = "uaz-wrong-secret-9f2e51"
PENDING_ONLY = {
    "name": "Só pendentes", "trigger_type": "event_based", "trigger_config": {"event": "message_received"},
    "condition_type": "field_equals", "condition_config": {"field": "conversations.status", "operator": "equals", "value": "pending"},
    "action_type": "change_status", "action_config": {"status": "closed"},
}
FOLLOW_UP = {
    "name": "Follow-up de Inatividade", "trigger_type": "time_based",
    "trigger_config": {"delay_days": 3, "reference_field": "conversations.last_message_at"},
    "condition_type": "field_equals", "condition_config": {"field": "conversations.status", "operator": "equals", "value": "open"},
    "action_type": "send_message", "action_config": {"channel": "whatsapp", "message": "Olá! Posso ajudar em algo?"},
}


class FakePostgREST(JSONHandler):
    """A Supabase project's PostgREST as ClientSupabase's connection test reads it: GET /rest/v1/<table> with the
    project's key (apikey) answers the table's rows (none here) for a table it has, and PostgREST's 404 (PGRST205) for
    one it has not."""
    TABLES = {"orders"}

    def do_GET(self):
        if self.headers.get("apikey") != SUPABASE_KEY:
            return self.answer(401, {"message": "Invalid API key"})
        path = urllib.parse.urlsplit(self.path).path
        table = path.removeprefix("/rest/v1/")
        if path.startswith("/rest/v1/") and table in self.TABLES:
            return self.answer(200, [])
        self.answer(404, {"code": "PGRST205", "details": None, "hint": None,
                          "message": f"Could not find the table 'public.{table}' in the schema cache"})


class Failed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failed(message)


class PageShape(html.parser.HTMLParser):
    """What the tests check of a page's HTML: elements closed in order, ids unique, and every visible input, select
    and textarea named by a <label for=...>."""
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.open, self.ids, self.labels, self.fields, self.problems = [], [], set(), [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "label" and "for" in attrs:
            self.labels.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            self.fields.append(attrs.get("id"))
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.open[-1] if self.open else 'nothing'}>")
        else:
            self.open.pop()

    @classmethod
    def problems_of(cls, source):
        shape = cls()
        shape.feed(source)
        problems = list(shape.problems) + [f"<{tag}> never closed" for tag in shape.open]
        problems += [f"id {id} twice" for id in set(shape.ids) if shape.ids.count(id) > 1]
        problems += [f"field {field} has no label" for field in shape.fields if field is None or field not in shape.labels]
        return problems


class Console:
    """One browser session."""

    def __init__(self, server, secrets):
        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"):
            options.add_argument(argument)
        self.driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
        self.server, self.secrets = server, secrets

    def open(self, path):
        self.driver.get(self.server.base + path)
        self.inspect()

    def inspect(self):
        """Every page: well formed, labelled, and without a secret."""
        source = self.driver.page_source
        problems = PageShape.problems_of(source)
        check(not problems, f"{self.path}: {problems}")
        for secret in self.secrets:
            check(secret not in source, f"{self.path} shows a secret")

    @property
    def path(self):
        return urllib.parse.urlsplit(self.driver.current_url).path

    def shoot(self, name):
        """The screen at 1280 and 375 px wide, the page no wider than the window (a wide table scrolls in its box)."""
        for width in (1280, 375):
            self.driver.set_window_size(width, 900)
            self.driver.save_screenshot(str(SHOTS / f"{name}-{width}.png"))
            wider = self.driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            check(wider <= 0, f"{name} at {width} px: the page is {wider} px wider than the window")
        self.driver.set_window_size(1280, 900)

    def sign_in(self, credential):
        self.open("/console")
        check(self.path == "/console/sign-in", f"signed out, /console went to {self.path}")
        field = self.driver.find_element(By.ID, "credential")
        field.send_keys(credential)
        self.driver.find_element(By.ID, "sign-in").click()
        self.inspect()

    def text(self, element_id):
        return self.driver.find_element(By.ID, element_id).text

    def cookie(self):
        return self.driver.get_cookie("gw_console")

    def quit(self):
        self.driver.quit()


def post_form(server, path, fields, cookie):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.request("POST", path, urllib.parse.urlencode(fields),
                       {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"gw_console={cookie}"})
    answer = connection.getresponse()
    answer.read()
    return answer.status, answer.getheader("Location")


def post_sign_in(server, credential, origin=None):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if origin:
        headers["Origin"] = origin
    connection.request("POST", "/console/sign-in", urllib.parse.urlencode({"credential": credential}), headers)
    answer = connection.getresponse()
    answer.read()
    return answer.status


def get_page(server, path, cookie=None, headers=None):
    """(status, Location, body) of a page fetched outside the browser."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.request("GET", path, headers=dict(headers or {}, **({"Cookie": f"gw_console={cookie}"} if cookie else {})))
    answer = connection.getresponse()
    return answer.status, answer.getheader("Location"), answer.read().decode()


def api_key(server, token):
    status, answer = server.call("POST", "/api/keys", {"name": "console"}, token=token)
    check(status == 201, f"API key: {status} {answer}")
    return answer["key"]


def configure(server, fake_port, token, test=True):
    status, answer = server.api("POST", "/api/integrations/whatsapp/configure", {
        "api_url": f"http://127.0.0.1:{fake_port}", "api_token": token, "phone_number": "553499754953", "test": test})
    check(status == 200, f"configure: {status} {answer}")


def send(server, text):
    status, answer = server.api("POST", "/api/integrations/whatsapp/send", {"phone": "+5534982178080", "message": text})
    check(status == 202, f"send: {status} {answer}")
    return answer["message_id"]


def state(server, message):
    return (server.api("GET", f"/api/messages/{message}")[1] or {}).get("message", {}).get("status")


def sent(server, message):
    """Whether the message went out; waits for it to settle first."""
    eventually(f"message {message} to settle", lambda: state(server, message) in ("sent", "failed", "dead"))
    return state(server, message) == "sent"


def failed_send(server, fake_port):
    """A message the fake refuses (the integration's token made wrong first): its id, once it has failed."""
    configure(server, fake_port, WRONG_TOKEN, test=False)
    message = send(server, "pedido saiu")
    eventually("the send to fail", lambda: state(server, message) == "failed")
    return message


def inbound(server, message_id=None):
    """One real-shaped message from a customer to acme's WhatsApp number (the sample's, or under another id): its
    conversation's id (the one with the newest activity)."""
    body = json.loads(SAMPLE.read_text())
    body["token"] = INSTANCE_TOKEN
    if message_id:
        body["message"]["messageid"] = body["message"]["id"] = message_id
    deliver(server, body)
    conversations = server.api("GET", "/api/conversations")[1]["conversations"]
    check(conversations, "no conversation after the webhook")
    return conversations[0]["id"]  # newest activity first


def deliver(server, body):
    status, answer = server.call("POST", "/webhooks/uazapi", json.dumps(body), {"Content-Type": "application/json"})
    check(status == 200, f"webhook: {status} {answer}")


def fill(console, fields):
    for element_id, value in fields.items():
        field = console.driver.find_element(By.ID, element_id)
        field.clear()
        field.send_keys(value)
    console.driver.find_element(By.ID, "save").click()
    console.inspect()


def flows(server, fake_port):
    shutil.copy(ROOT / ".build/debug/libUazapi.so", server.plugins)
    eventually("the Uazapi plugin", lambda: "uazapi" in json.dumps(server.call("GET", "/api/plugins", token=server.admin)[1]))
    acme_key = api_key(server, server.token)
    globex_key = api_key(server, server.issue("--client", "globex"))
    secrets = [INSTANCE_TOKEN, WRONG_TOKEN, SUPABASE_KEY, acme_key, globex_key]
    console = Console(server, secrets)
    try:
        # Signed out: the sign-in page, in English by default; a wrong key is refused next to the field.
        console.sign_in("gwk_wrong_key")
        check(console.path == "/console/sign-in" and "not valid" in console.text("sign-in-error"), "a wrong key was not refused")
        console.shoot("sign-in")

        # acme signs in and configures WhatsApp through the form generated from Uazapi's manifest: a wrong token fails
        # the connection test (the error shown, the token never echoed), the right one saves it, connected.
        console.sign_in(acme_key)
        check(console.path == "/console/integrations", f"signed in, landed on {console.path}")
        cookie = console.cookie()
        check(cookie and cookie["httpOnly"] and cookie.get("sameSite") == "Strict", f"session cookie {cookie}")
        console.driver.find_element(By.ID, "configure-whatsapp").click()
        console.inspect()
        fill(console, {"field-api_url": f"http://127.0.0.1:{fake_port}", "field-api_token": WRONG_TOKEN, "field-phone_number": "553499754953"})
        check(console.driver.find_elements(By.ID, "form-error"), "a failed connection test showed no error")
        check(console.driver.find_element(By.ID, "field-api_url").get_attribute("value") == f"http://127.0.0.1:{fake_port}", "the URL typed was lost")
        console.shoot("configure")
        fill(console, {"field-api_token": INSTANCE_TOKEN})
        check(console.path == "/console/integrations" and "ms" in console.text("notice"), f"saving landed on {console.path}")
        console.driver.find_element(By.ID, "test-whatsapp").click()
        console.inspect()
        check("ms" in console.text("notice"), "the Test button showed no result")
        enabled = lambda: server.api("GET", "/api/integrations")[1]["integrations"][0]["enabled"]
        for expected in (False, True):  # switched off, then on again for the sends below
            console.driver.find_element(By.CSS_SELECTOR, "#integrations tr[data-type=whatsapp][data-role=primary] button.toggle").click()
            console.inspect()
            check(enabled() is expected, f"the integration is not switched {'on' if expected else 'off'}")

        # Two fallbacks (made through the API) are listed in failover order; the second is moved up from the page.
        fallbacks = []
        for number in (1, 2):
            status, answer = server.api("POST", "/api/integrations/whatsapp/fallbacks", {
                "api_url": f"http://127.0.0.1:{fake_port}", "api_token": f"{WRONG_TOKEN}-{number}", "phone_number": "553499754953", "test": False})
            check(status == 200, f"fallback: {status} {answer}")
            fallbacks.append(answer["integration"]["id"])
        console.open("/console/integrations")
        listed = lambda: [li.get_attribute("data-id") for li in console.driver.find_elements(By.CSS_SELECTOR, "ol.fallbacks li")]
        check(listed() == fallbacks, f"fallbacks listed {listed()}, made {fallbacks}")
        console.driver.find_element(By.CSS_SELECTOR, f"ol.fallbacks li[data-id='{fallbacks[1]}'] button.raise").click()
        console.inspect()
        primary = [i for i in server.api("GET", "/api/integrations")[1]["integrations"] if i["role"] == "primary"][0]
        check(primary["fallback_integration_ids"] == fallbacks[::-1] and listed() == fallbacks[::-1], f"after moving up: {primary}")

        # The keyboard reaches the navigation first, and the focused link shows a ring.
        console.driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
        focused = console.driver.switch_to.active_element
        ring = focused.value_of_css_property("outline-style")
        check(focused.tag_name == "a" and ring not in ("", "none"), f"first Tab: <{focused.tag_name}> outline {ring}")
        conversation = inbound(server)
        console.open("/console/integrations")
        row = console.driver.find_element(By.CSS_SELECTOR, "#integrations tr[data-type=whatsapp][data-role=primary]")
        check("uazapi" in row.text and "connected" in row.text, f"integration row: {row.text}")
        console.shoot("integrations")

        check(len(server.api("GET", "/api/conversations")[1]["conversations"]) == 1, "one message made more than one conversation")
        # The inbound message is a conversation; a filter that excludes it shows none.
        console.open("/console/conversations")
        ids = [element.get_attribute("data-id") for element in console.driver.find_elements(By.CSS_SELECTOR, "#conversations tbody tr")]
        check(ids == [conversation], f"conversations listed: {ids}, expected {conversation}")
        console.shoot("conversations")
        console.open("/console/conversations?status=closed")
        check(console.driver.find_elements(By.ID, "no-conversations"), "the closed filter still lists the open conversation")

        # Its timeline shows the message and its event; the status and the lead are edited from it (a score that is
        # not a number is refused next to the form), and the closed filter then lists it.
        console.open("/console/conversations")
        console.driver.find_element(By.CSS_SELECTOR, f"a[href='/console/conversations/{conversation}']").click()
        console.inspect()
        timeline = console.text("timeline")
        check("message_received" in timeline and "in · text · received" in timeline, f"timeline: {timeline}")
        console.driver.find_element(By.CSS_SELECTOR, "#status option[value=closed]").click()
        fill(console, {"score": "lots", "tags": "vip, pedido"})
        check(console.driver.find_elements(By.ID, "form-error"), "a score that is not a number was taken")
        console.driver.find_element(By.CSS_SELECTOR, "#status option[value=closed]").click()
        fill(console, {"score": "42", "tags": "vip, pedido", "fields": "[1, 2]"})
        check("JSON object" in console.text("form-error"), "lead fields that are not an object were taken")
        check(console.driver.find_element(By.ID, "score").get_attribute("value") == "42", "the refused form lost what was typed")
        console.driver.find_element(By.CSS_SELECTOR, "#status option[value=closed]").click()
        fill(console, {"score": "42", "tags": "vip, pedido", "fields": '{"plano": "pro", "cidade": "Uberlândia"}'})
        check(console.driver.find_elements(By.ID, "notice"), "saving the conversation showed no notice")
        console.shoot("conversation")
        record = server.api("GET", f"/api/conversations/{conversation}")[1]["conversation"]
        check(record["status"] == "closed" and record["lead"]["score"] == 42 and sorted(record["lead"]["tags"]) == ["pedido", "vip"], f"saved: {record}")
        check(record["lead"]["fields"] == {"plano": "pro", "cidade": "Uberlândia"}, f"lead fields saved: {record['lead']}")
        check("lead_updated" in console.text("timeline"), "the lead's change is not in the timeline")
        # A field taken out of the box is removed.
        fill(console, {"fields": '{"plano": "pro"}'})
        fields = server.api("GET", f"/api/conversations/{conversation}")[1]["conversation"]["lead"]["fields"]
        check(fields == {"plano": "pro"}, f"lead fields after removing one: {fields}")
        token = re.search(r'name="csrf" value="([^"]+)"', console.driver.page_source).group(1)
        status, _ = post_form(server, f"/console/conversations/{conversation}", {"csrf": token, "fields": "x" * (200 * 1024)}, console.cookie()["value"])
        check(status == 413, f"a form past the console's 192 KiB was answered {status}")
        console.open("/console/conversations?status=closed")
        check(console.driver.find_elements(By.CSS_SELECTOR, f"tr[data-id='{conversation}']"), "the closed filter does not list it")

        # A time-based trigger built in the console, field by field: only the chosen type's fields show; a JSON box
        # that is not JSON is refused in its section, and so is a delay that is not a whole number; Simulate shows what
        # it would do now, Save stores the API's configs; it is listed and switched off.
        console.open("/console/triggers")
        console.driver.find_element(By.ID, "new-trigger").click()
        console.inspect()
        choose = lambda select, value: console.driver.find_element(By.CSS_SELECTOR, f"#{select} option[value='{value}']").click()
        shown = lambda element_id: console.driver.find_element(By.ID, element_id).is_displayed()
        choose("trigger-type", "time_based")
        check(shown("trigger-time_based-delay-amount") and not shown("trigger-schedule-cron"), "the fields of another type show")
        choose("trigger-type", "schedule")
        check(shown("trigger-schedule-cron") and not shown("trigger-time_based-delay-amount"), "choosing a type did not switch its fields")
        choose("trigger-type", "time_based")
        choose("condition-type", "condition")
        choose("action-type", "send_message")
        def type_into(fields):
            for element_id, value in fields.items():
                field = console.driver.find_element(By.ID, element_id)
                field.clear()
                field.send_keys(value)
        type_into({"trigger-name": FOLLOW_UP["name"], "trigger-config": "{not json",
                   "trigger-time_based-delay-amount": "3",
                   "condition-condition-0-field": "conversations.status", "condition-condition-0-value": "open",
                   "action-send_message-message": FOLLOW_UP["action_config"]["message"]})
        choose("trigger-time_based-delay-unit", "delay_days")
        choose("trigger-time_based-reference_field", FOLLOW_UP["trigger_config"]["reference_field"])
        choose("action-send_message-channel", "whatsapp")
        console.driver.find_element(By.ID, "simulate").click()
        console.inspect()
        check(console.driver.find_elements(By.ID, "trigger-error"), "a trigger config that is not JSON was taken")
        check(console.driver.find_element(By.ID, "trigger-time_based-delay-amount").get_attribute("value") == "3", "the refused form lost its fields")
        type_into({"trigger-config": "", "trigger-time_based-delay-amount": "três"})
        console.driver.find_element(By.ID, "simulate").click()
        console.inspect()
        check("whole number" in console.text("trigger-time_based-delay-error"), "a delay that is not a number was not refused next to it")
        check(not console.driver.find_elements(By.ID, "trigger-error"), "the delay's refusal is shown twice")
        type_into({"trigger-time_based-delay-amount": "3"})
        console.driver.find_element(By.ID, "simulate").click()
        console.inspect()
        check(console.text("affected").isdigit(), "the simulation shows no count")
        console.shoot("trigger-builder")
        console.driver.find_element(By.ID, "save-trigger").click()
        console.inspect()
        check(console.path == "/console/triggers", f"saving the trigger landed on {console.path}")
        saved = [t for t in server.api("GET", "/api/triggers")[1]["triggers"] if t["name"] == FOLLOW_UP["name"]][0]
        check(saved["trigger_config"] == FOLLOW_UP["trigger_config"] and saved["action_config"] == FOLLOW_UP["action_config"]
              and saved["condition_config"] == {"all": [{"field": "conversations.status", "operator": "equals", "value": "open"}]},
              f"the configs saved from the fields: {saved}")
        trigger = saved["id"]
        row = console.driver.find_element(By.CSS_SELECTOR, f"#triggers tr[data-id='{trigger}']")
        check("time_based" in row.text and "on" in row.find_element(By.CSS_SELECTOR, ".state").text, f"trigger row: {row.text}")
        console.shoot("triggers")
        row.find_element(By.CSS_SELECTOR, "button.toggle").click()
        console.inspect()
        check(server.api("GET", f"/api/triggers/{trigger}")[1]["trigger"]["active"] is False, "the trigger is still active")

        # A trigger on received messages whose condition does not hold: the next message is listed on its page as a
        # skipped execution, with the reason.
        status, answer = server.api("POST", "/api/triggers", PENDING_ONLY)
        check(status == 201, f"trigger: {status} {answer}")
        skipping = answer["trigger"]["id"]
        inbound(server, "CONSOLE0SECOND0MESSAGE")
        def skipped_row():
            console.open(f"/console/triggers/{skipping}")
            rows = console.driver.find_elements(By.CSS_SELECTOR, "#executions tbody tr")
            return rows and "skipped" in rows[0].text and len(rows[0].text.split("skipped", 1)[1].strip()) > 0
        eventually("a skipped execution with its reason", skipped_row)
        console.shoot("trigger-executions")

        # A message the provider refused (a wrong token: AUTH, failed at once) is listed with its error and, once the
        # token is right again, replayed from the page; a replay with a forged form token is refused.
        message = failed_send(server, fake_port)
        console.open("/console/deliveries?status=failed")
        row = console.driver.find_element(By.CSS_SELECTOR, f"#messages tr[data-id='{message}']")
        check("AUTH" in row.text, f"the failed message's row: {row.text}")
        console.shoot("deliveries")
        status, _ = post_form(server, f"/console/deliveries/{message}/retry", {"csrf": "forged"}, console.cookie()["value"])
        check(status == 403, f"a forged retry was answered {status}")
        configure(server, fake_port, INSTANCE_TOKEN)
        # Straight after the reconfigure: this process's workers read the integration again at once.
        row.find_element(By.CSS_SELECTOR, "button.retry").click()
        console.inspect()
        check("1" in console.text("notice"), f"no notice of the replay: {console.driver.page_source[-500:]}")
        eventually("the replayed message sent", lambda: sent(server, message))
        console.open("/console/deliveries?status=failed")
        check(not console.driver.find_elements(By.CSS_SELECTOR, f"tr[data-id='{message}']"), "the replayed message is still listed as failed")

        # The dashboard: the last day's traffic as an SVG chart (two messages in, the sends out), the sends per
        # integration, the plugins; the queue is an admin's only.
        # The integrations page shows the day's sends as the API's status does.
        console.open("/console/integrations")
        shown = console.driver.find_element(By.CSS_SELECTOR, "#integrations tr[data-type=whatsapp][data-role=primary] .sent-today").text
        today = server.api("GET", "/api/integrations/whatsapp/status")[1]["messages_sent_today"]
        check(shown == str(today) == "1", f"sent today: page {shown}, API {today}")

        console.open("/console/dashboard")
        legend = console.text("legend")
        check(re.search(r"In: 2\b", legend) and re.search(r"Out: 1\b", legend), f"legend: {legend}")
        check(len(console.driver.find_elements(By.CSS_SELECTOR, "#activity-chart rect")) == 72, "the chart has not 24 hours of 3 bars")
        check("whatsapp · uazapi" in console.text("outcomes") and "uazapi" in console.text("plugins"), "outcomes or plugins missing")
        check(not console.driver.find_elements(By.ID, "queue"), "a client sees the queue of every client")
        plugin = console.driver.find_element(By.CSS_SELECTOR, "#plugins tr[data-id=uazapi] td:nth-child(3)").text
        check(plugin in ("ready", "ready (no process running)"), f"uazapi's health: {plugin}")
        backlog = {e.get_attribute("data-status"): e.text for e in console.driver.find_elements(By.CSS_SELECTOR, "#backlog strong")}
        check(backlog == {"queued": "0", "sending": "0", "failed": "0", "dead": "0"}, f"the client's messages on their way: {backlog}")
        check(re.search(r"whatsapp · uazapi\s+1\s+1\s+0\s+0%\s+0%", console.text("outcomes")), f"outcomes: {console.text('outcomes')}")
        console.shoot("dashboard")

        # Every status has its list: the replayed message is under sent, with no retry button. The list refreshes by
        # itself: a message sent meanwhile appears without a reload (a mark set on the page stays).
        console.open("/console/deliveries?status=sent")
        row = console.driver.find_element(By.CSS_SELECTOR, f"#messages tr[data-id='{message}']")
        check("sent" in row.text and not row.find_elements(By.CSS_SELECTOR, "button.retry"), f"the sent row: {row.text}")
        console.driver.execute_script("document.body.setAttribute('data-loaded-once', 'yes')")
        later = send(server, "chegou?")
        eventually("the new message in the sent list, without a reload",
                   lambda: console.driver.find_elements(By.CSS_SELECTOR, f"#messages tr[data-id='{later}']"))
        check(console.driver.find_element(By.TAG_NAME, "body").get_attribute("data-loaded-once") == "yes", "the page was reloaded")
        console.inspect()
        console.open("/console/deliveries?status=queued")
        check(console.driver.find_elements(By.ID, "no-messages"), "a queued message is listed after every one was sent")

        # A read receipt from uazapi for it shows in its conversation's timeline.
        record = server.api("GET", f"/api/messages/{message}")[1]["message"]
        deliver(server, {"EventType": "messages_update", "token": INSTANCE_TOKEN,
                         "event": {"messageid": record["provider_message_id"], "status": "read"}})
        eventually("the read receipt", lambda: server.api("GET", f"/api/messages/{message}")[1]["message"].get("read_at"))
        console.open(f"/console/conversations/{record['conversation_id']}")
        check(f"receipt read · {message}" in console.text("timeline"), f"no receipt in the timeline: {console.text('timeline')}")

        # A message uazapi cannot be reached for (a closed port) is retried once, then a dead letter (the fallbacks
        # dropped first, so it has nowhere else to go). Once the URL is right again, "retry every dead letter" asks
        # first (dismissed: nothing queued), then replays it and it is sent.
        status, answer = server.api("PATCH", f"/api/integrations/{primary['id']}", {"fallback_integration_ids": []})
        check(status == 200, f"dropping the fallbacks: {status} {answer}")
        status, answer = server.api("POST", "/api/integrations/whatsapp/configure", {
            "api_url": f"http://127.0.0.1:{free_port()}", "api_token": INSTANCE_TOKEN, "phone_number": "553499754953", "test": False})
        check(status == 200, f"configure: {status} {answer}")
        letter = send(server, "sem rota")
        eventually("the dead letter", lambda: state(server, letter) == "dead", seconds=120)
        configure(server, fake_port, INSTANCE_TOKEN)
        console.open("/console/deliveries?status=dead")
        row = console.driver.find_element(By.CSS_SELECTOR, f"#messages tr[data-id='{letter}']")
        cells = [cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
        check(cells[2:4] == ["dead", "2"], f"the dead letter's row (status, attempts): {cells}")
        console.shoot("deliveries-dead")
        console.driver.find_element(By.ID, "retry-all").click()
        console.driver.switch_to.alert.dismiss()
        check(state(server, letter) == "dead", "a dismissed retry-all replayed the dead letter")
        console.driver.find_element(By.ID, "retry-all").click()
        console.driver.switch_to.alert.accept()
        eventually("the retry-all notice", lambda: console.driver.find_elements(By.ID, "notice"))
        console.inspect()
        check("1" in console.text("notice"), f"retry-all notice: {console.text('notice')}")
        eventually("the replayed dead letter sent", lambda: sent(server, letter))

        # The agent endpoint (the AgentWebhook plugin) and a turn that failed to reach it: the fake answers 401 to a
        # POST without its token, so the turn fails at once (AUTH). The deliveries page shows the endpoint and the
        # failure; the conversation's timeline shows the turn with its job's state.
        console.open("/console/deliveries")
        check(console.driver.find_elements(By.ID, "no-agent"), "an agent endpoint is shown before one is configured")
        shutil.copy(ROOT / ".build/debug/libAgentWebhook.so", server.plugins)
        eventually("the AgentWebhook plugin", lambda: "agent" in json.dumps(server.call("GET", "/api/plugins", token=server.admin)[1]))
        agent_url = f"http://127.0.0.1:{fake_port}/agent-turns"
        status, answer = server.api("PUT", "/api/agent", {"url": agent_url, "debounce_ms": 0})
        check(status == 200, f"agent: {status} {answer}")
        secret = answer["agent"].get("signing_secret")
        check(secret, f"no signing secret generated: {answer}")
        console.secrets.append(secret)
        talking = inbound(server, "CONSOLE0THIRD0MESSAGE")
        def turn_failed():
            console.open("/console/deliveries")
            return console.driver.find_elements(By.CSS_SELECTOR, "#turn-failures tbody tr")
        eventually("the failed agent turn listed", turn_failed)
        check(console.text("agent-url") == agent_url, f"agent endpoint shown: {console.text('agent-url')}")
        check(console.text("agent-status") == "configured", f"the agent endpoint's status: {console.text('agent-status')}")
        check(not console.driver.find_elements(By.ID, "agent-error"), "an empty last error is shown")
        check("AUTH" in console.text("turn-failures"), f"turn failure: {console.text('turn-failures')}")
        console.shoot("deliveries-agent")
        console.open(f"/console/conversations/{talking}")
        check(re.search(r"agent turn · 1 message\(s\) · failed", console.text("timeline")), f"no failed turn in: {console.text('timeline')}")
        check(f"{PENDING_ONLY['name']} · skipped" in console.text("timeline"), "the trigger's execution on this conversation is not in its timeline")

        # The customer's database (ClientSupabase over a fake Supabase REST API) configured through its form: the
        # connection test's answer shows which of the allowed tables exist, on saving and on the Test button.
        shutil.copy(ROOT / ".build/debug/libClientSupabase.so", server.plugins)
        eventually("the ClientSupabase plugin", lambda: "client_supabase" in json.dumps(server.call("GET", "/api/plugins", token=server.admin)[1]))
        supabase = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakePostgREST)
        threading.Thread(target=supabase.serve_forever, daemon=True).start()
        try:
            console.open("/console/integrations")
            console.driver.find_element(By.ID, "configure-database").click()
            console.inspect()
            fill(console, {"field-mode": "rest", "field-supabase_url": f"http://127.0.0.1:{supabase.server_address[1]}",
                           "field-supabase_key": SUPABASE_KEY, "field-allowed_tables": '["orders", "invoices"]'})
            check(console.path == "/console/integrations", f"saving the database landed on {console.path}: {console.driver.page_source[-400:]}")
            check("Tables found: orders." in console.text("notice"), f"the tables found on saving: {console.text('notice')}")
            console.driver.find_element(By.ID, "test-database").click()
            console.inspect()
            check("ms). Tables found: orders." in console.text("notice"), f"the Test button's answer: {console.text('notice')}")
            console.shoot("integrations-database")
        finally:
            supabase.shutdown()

        # An API key made in the console is shown once, works, and stops working once revoked there.
        console.open("/console/keys")
        field = console.driver.find_element(By.ID, "key-name")
        field.send_keys("agente")
        console.driver.find_element(By.ID, "create-key").click()
        console.inspect()
        new_key = console.text("new-key")
        check(new_key.startswith("gwk_"), f"no key shown: {new_key}")
        check(server.call("GET", "/api/integrations", token=new_key)[0] == 200, "the new key does not work")
        console.shoot("keys")
        console.open("/console/keys")
        check(new_key not in console.driver.page_source, "the key is shown a second time")
        row = [r for r in console.driver.find_elements(By.CSS_SELECTOR, "#keys tbody tr") if "agente" in r.text][0]
        # Revoking asks first: dismissed, nothing happens; accepted, the key is revoked.
        row.find_element(By.CSS_SELECTOR, "button.revoke").click()
        console.driver.switch_to.alert.dismiss()
        check(server.call("GET", "/api/integrations", token=new_key)[0] == 200, "a dismissed revoke revoked the key")
        row.find_element(By.CSS_SELECTOR, "button.revoke").click()
        console.driver.switch_to.alert.accept()
        eventually("the revoke to land", lambda: console.path == "/console/keys" and "agente" in console.driver.page_source
                   and server.call("GET", "/api/integrations", token=new_key)[0] == 401)
        console.inspect()
        token = re.search(r'name="csrf" value="([^"]+)"', console.driver.page_source).group(1)
        check(post_form(server, "/console/keys", {"csrf": token, "name": "x" * 101}, console.cookie()["value"])[0] == 422, "a 101-character name was taken")

        # Portuguese by the switch, kept by its cookie.
        console.open("/console/conversations?lang=pt")
        check(console.driver.find_element(By.TAG_NAME, "h1").text == "Conversas", "no Portuguese heading")
        console.open("/console/integrations")
        check(console.driver.find_element(By.TAG_NAME, "h1").text == "Integrações", "the language choice was not kept")
        console.open("/console/integrations?lang=en")

        # A forged form token is refused and leaves the session signed in.
        session = cookie["value"]
        status, _ = post_form(server, "/console/sign-out", {"csrf": "forged"}, session)
        check(status == 403, f"a forged form token was answered {status}")
        check(get_page(server, "/console/integrations", session)[0] == 200, "the forged sign-out ended the session")
        # Another site's form cannot sign a browser in either (the Origin header names that site).
        check(post_sign_in(server, acme_key, origin="https://attacker.example") == 403, "a cross-site sign-in was taken")

        # Signing out revokes the session: its cookie, replayed, no longer signs in.
        console.driver.find_element(By.ID, "sign-out").click()
        console.inspect()
        check(console.path == "/console/sign-in", f"signed out, landed on {console.path}")
        status, location, _ = get_page(server, "/console/integrations", session)
        check(status == 303 and location == "/console/sign-in", f"the revoked session still opens pages: {status} {location}")

        # globex sees none of acme's data.
        console.sign_in(globex_key)
        check(console.text("client-id") == "globex", "globex is not the client shown")
        check(not console.driver.find_elements(By.CSS_SELECTOR, "#integrations"), "globex sees an integration")
        console.open("/console/conversations")
        check(conversation not in console.driver.page_source, "globex sees acme's conversation")
        for status in ("failed", "dead", "sent"):
            console.open(f"/console/deliveries?status={status}")
            check(console.driver.find_elements(By.ID, "no-messages"), f"globex sees acme's {status} messages")
        check(console.driver.find_elements(By.ID, "no-agent"), "globex sees acme's agent endpoint")
        console.open("/console/dashboard")
        check(not console.driver.find_elements(By.ID, "outcomes") and "In: 0" in console.text("legend"), "globex sees acme's traffic")
        console.open("/console/triggers")
        check(console.driver.find_elements(By.ID, "no-triggers"), "globex sees acme's triggers")
        console.open(f"/console/conversations/{conversation}")
        check(conversation not in console.driver.page_source, "globex opens acme's conversation")
        console.open("/console/admin/clients")
        check(not console.driver.find_elements(By.ID, "client-acme"), "a client opens the admin's clients page")

        # A client cannot switch to another client, even with its own form token.
        globex_session = console.cookie()["value"]
        token = re.search(r'name="csrf" value="([^"]+)"', get_page(server, "/console/triggers", globex_session)[2]).group(1)
        check(post_form(server, "/console/client", {"csrf": token, "client_id": "acme"}, globex_session)[0] == 403, "globex switched client")

        # An admin signs in with an access token, acts for its own client, switches to acme and sees its conversation;
        # a client that does not exist leaves it on its own.
        console.driver.find_element(By.ID, "sign-out").click()
        console.sign_in(server.admin)
        check(console.path == "/console/integrations" and console.text("client-id") == "ops", "the admin's token did not sign in")
        console.open("/console/dashboard")
        check(console.driver.find_elements(By.ID, "queue"), "the admin sees no queue")

        # The admin's clients page: a client created (a bad id refused), acme's webhook limit set (0 refused).
        console.open("/console/admin/clients")
        for client_id, name in (("Bad Id", "Broken"), ("initech", "Initech")):
            for element_id, value in (("new-client-id", client_id), ("new-client-name", name)):
                field = console.driver.find_element(By.ID, element_id)
                field.clear()
                field.send_keys(value)
            console.driver.find_element(By.ID, "create-client").click()
            console.inspect()
        check(console.driver.find_elements(By.ID, "client-initech"), "the new client is not listed")
        field = console.driver.find_element(By.ID, "acme-webhooks_per_minute")
        field.clear()
        field.send_keys("500")
        console.driver.find_element(By.CSS_SELECTOR, "#client-acme button.save-limits").click()
        console.inspect()
        check(console.driver.find_element(By.ID, "acme-webhooks_per_minute").get_attribute("value") == "500", "acme's limit was not set")
        console.shoot("clients")
        token = re.search(r'name="csrf" value="([^"]+)"', console.driver.page_source).group(1)
        zero = post_form(server, "/console/admin/clients/acme/limits", {"csrf": token, "webhooks_per_minute": "0"}, console.cookie()["value"])
        check(zero[0] == 422, f"a limit of 0 was answered {zero}")
        for chosen, shown in (("acme", "acme"), ("nobody-here", "ops")):
            field = console.driver.find_element(By.ID, "client-choice")
            field.clear()
            field.send_keys(chosen)
            console.driver.find_element(By.ID, "switch-client").click()
            console.inspect()
            check(console.text("client-id") == shown, f"switching to {chosen} shows {console.text('client-id')}")
            if shown == "acme":
                console.open("/console/conversations")
                check(conversation in console.driver.page_source, "the admin acting for acme does not see its conversation")

        # Accept-Language chooses Portuguese when no switch was used.
        _, _, page = get_page(server, "/console/sign-in", headers={"Accept-Language": "pt-BR,pt;q=0.9,en;q=0.5"})
        check("<h1>Entrar</h1>" in page, "Accept-Language pt-BR did not choose Portuguese")

        # Guessing keys: at most 10 sign-ins a minute from one address, then 429 (the browser's count too).
        answers = [post_sign_in(server, f"gwk_guess_{attempt}") for attempt in range(10)]
        check(answers[-1] == 429 and set(answers) <= {401, 429}, f"sign-in attempts answered {answers}")
        return len(list(SHOTS.glob("*.png")))
    finally:
        console.quit()


def main():
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)
    scratch = pathlib.Path(tempfile.mkdtemp())
    fake_port = free_port()
    fake = subprocess.Popen([sys.executable, str(ROOT / "Tests/Fixtures/fake_uazapi.py"), str(fake_port), INSTANCE_TOKEN])
    # One quick retry, so a message to an unreachable uazapi becomes a dead letter within the test.
    server = Server(scratch, GATEWAY_RETRY_BACKOFF_MS="50")
    try:
        shots = flows(server, fake_port)
    except (Failed, TimedOut) as failure:
        raise SystemExit(f"console test: {failure}\nserver log:\n{server.log_path.read_text()[-3000:]}")
    finally:
        server.stop()
        fake.terminate()
        fake.wait()
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"console test: signed in and out in chromium, integrations and conversations shown, a failed message replayed, another client's hidden, "
          f"forged form token refused; {shots} screenshots in {SHOTS.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
