"""The emulator under test: one real server per session, reset before each test, reached
through line-bot-sdk exactly as the bot reaches LINE, plus a webhook receiver standing in
for the bot's `/callback`. Nothing here needs a database or Redis."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from linebot.v3.messaging import ApiClient, Configuration, MessagingApi, MessagingApiBlob

from devtools.emulator import EmulatorConfig, running_emulator
from tests.emulator.openapi import shared_openapi_dir

CHANNEL_SECRET = "emulator-test-channel-secret"
ACCESS_TOKEN = "emulator-test-access-token"
BOT_USER_ID = "U" + "b0" * 16


def emulator_config(**overrides) -> EmulatorConfig:
    return EmulatorConfig(**{"channel_secret": CHANNEL_SECRET, "access_token": ACCESS_TOKEN, "webhook_url": None,
                             "bot_user_id": BOT_USER_ID, **overrides})


@pytest.fixture(scope="session")
def emulator_addresses():
    with running_emulator(emulator_config()) as addresses:
        yield addresses


@pytest.fixture(scope="session")
def emulator_url(emulator_addresses):
    return emulator_addresses.api


class Admin:
    """The `/_emulator/` API: the simulated users' side of LINE."""

    def __init__(self, base_url: str, data_url: str):
        self.base_url = base_url
        self.data_url = data_url

    def call(self, method: str, path: str, **kwargs) -> requests.Response:
        return requests.request(method, self.base_url + path, timeout=10, **kwargs)

    def new_user(self, name: str = "ยายสมร", **fields) -> str:
        response = self.call("POST", "/_emulator/users", json={"display_name": name, **fields})
        response.raise_for_status()
        return response.json()["user_id"]

    def send(self, user_id: str, kind: str = "text", **fields) -> dict:
        response = self.call("POST", f"/_emulator/users/{user_id}/events", json={"type": kind, **fields})
        response.raise_for_status()
        return response.json()

    def messages(self, chat_id: str, after: int = 0, wait: float = 0) -> dict:
        return self.call("GET", f"/_emulator/users/{chat_id}/messages", params={"after": after, "wait": wait}).json()

    def texts(self, chat_id: str) -> list[str]:
        return [item["message"].get("text") for item in self.messages(chat_id)["messages"]]

    def configure(self, **settings) -> dict:
        response = self.call("POST", "/_emulator/config", json=settings)
        response.raise_for_status()
        return response.json()

    def api(self, method: str, path: str, token: str = ACCESS_TOKEN, **kwargs) -> requests.Response:
        """A raw Messaging API call, for requests line-bot-sdk refuses to build."""
        return self.call(method, path, headers={"Authorization": f"Bearer {token}", **kwargs.pop("headers", {})},
                         **kwargs)

    def data(self, method: str, path: str, **kwargs) -> requests.Response:
        """A raw call to the data address (LINE's api-data.line.me)."""
        headers = {"Authorization": f"Bearer {ACCESS_TOKEN}", **kwargs.pop("headers", {})}
        return requests.request(method, self.data_url + path, headers=headers, timeout=10, **kwargs)


@pytest.fixture
def admin(emulator_addresses) -> Admin:
    requests.post(emulator_addresses.api + "/_emulator/reset", timeout=5).raise_for_status()
    return Admin(emulator_addresses.api, emulator_addresses.data)


@pytest.fixture
def api_client(admin):
    with ApiClient(Configuration(host=admin.base_url, access_token=ACCESS_TOKEN)) as client:
        yield client


@pytest.fixture
def line_api(api_client) -> MessagingApi:
    return MessagingApi(api_client)


@pytest.fixture
def line_blob(admin, emulator_addresses) -> MessagingApiBlob:
    """The blob API on the emulator's data address, as LINE serves it from api-data.line.me."""
    with ApiClient(Configuration(host=emulator_addresses.data, access_token=ACCESS_TOKEN)) as client:
        yield MessagingApiBlob(client)


class WebhookReceiver:
    """A stand-in for the bot's `/callback` that keeps every request it gets."""

    def __init__(self):
        self.received: list[dict] = []
        self.status = 200
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.received.append({"headers": dict(self.headers), "raw": body, "json": json.loads(body)})
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/callback"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def webhook(admin):
    receiver = WebhookReceiver()
    admin.configure(webhook_url=receiver.url)
    yield receiver
    receiver.close()


requires_openapi = pytest.mark.skipif(shared_openapi_dir() is None,
                                      reason="LINE's OpenAPI files (../shared/line-openapi) are not available")
