"""line-bot-sdk's echo example (examples/flask-echo, v3 API), pointed at the emulator.

The baseline for event -> reply: it answers inline, inside the webhook request, with
nothing stored. Run as `gunicorn 'benchmarks.baselines.echo_bot:create_app()'` with
LINE_CHANNEL_SECRET, LINE_CHANNEL_ACCESS_TOKEN and LINE_API_BASE set.
"""
from __future__ import annotations

import os

from flask import Flask, abort, request
from linebot.v3 import WebhookHandler
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.messaging import ApiClient, Configuration, MessagingApi, ReplyMessageRequest, TextMessage
from linebot.v3.webhooks import MessageEvent, TextMessageContent


def create_app() -> Flask:
    app = Flask(__name__)
    configuration = Configuration(access_token=os.environ["LINE_CHANNEL_ACCESS_TOKEN"],
                                  host=os.environ["LINE_API_BASE"])
    handler = WebhookHandler(os.environ["LINE_CHANNEL_SECRET"])

    @app.post("/callback")
    def callback():
        signature = request.headers["X-Line-Signature"]
        body = request.get_data(as_text=True)
        try:
            handler.handle(body, signature)
        except InvalidSignatureError:
            abort(400)
        return "OK"

    @handler.add(MessageEvent, message=TextMessageContent)
    def handle_message(event):
        with ApiClient(configuration) as api_client:
            MessagingApi(api_client).reply_message_with_http_info(
                ReplyMessageRequest(reply_token=event.reply_token, messages=[TextMessage(text=event.message.text)]))

    return app
