"""Running the emulator as a real HTTP server, because the bot reaches it only over HTTP
(through line-bot-sdk) and calls back into it while a webhook is still being answered:
hence a threaded werkzeug server, in the foreground for the CLI or a background thread for tests.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from werkzeug.serving import make_server

from devtools.emulator.app import create_emulator_app
from devtools.emulator.config import EmulatorConfig


def serve(config: EmulatorConfig, host: str = "127.0.0.1", port: int = 5100) -> None:
    """Serve until interrupted (the `sammachip emulator` command)."""
    server = make_server(host, port, create_emulator_app(config), threaded=True)
    logging.getLogger(__name__).info("LINE emulator on http://%s:%s -> webhooks to %s", host, server.port,
                                     config.webhook_url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@contextmanager
def running_emulator(config: EmulatorConfig, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Run the emulator in a background thread (port 0: a free one); yields its base URL."""
    server = make_server(host, port, create_emulator_app(config), threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="line-emulator", daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
