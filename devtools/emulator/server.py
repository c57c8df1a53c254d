"""Running the emulator as real HTTP servers, because the bot reaches it only over HTTP
(through line-bot-sdk) and calls back into it while a webhook is still being answered:
hence threaded werkzeug servers, one for the API address and one for the data address
(LINE's api.line.me and api-data.line.me), over one state.
"""
from __future__ import annotations

import gc
import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from werkzeug.serving import make_server

from devtools.emulator.app import create_emulator_apps
from devtools.emulator.config import EmulatorConfig
from devtools.emulator.persistence import StateFile
from devtools.emulator.state import EmulatorState


@dataclass(frozen=True)
class EmulatorAddresses:
    api: str  # where api.line.me's endpoints and the `/_emulator/` API answer
    data: str  # where api-data.line.me's endpoints answer


@contextmanager
def running_emulator(config: EmulatorConfig, host: str = "127.0.0.1", port: int = 0, data_port: int = 0,
                     state_file: Path | None = None, own_process: bool = False) -> Iterator[EmulatorAddresses]:
    """Serve in background threads (port 0: a free one), keeping state in `state_file` if given;
    `own_process`: nothing else runs in this process (see `_freeze_survivors`)."""
    state = EmulatorState(config)
    saved = StateFile(state_file, state) if state_file else None
    if saved:
        saved.load()
    api_app, data_app = create_emulator_apps(config, state)
    if own_process:
        api_app.after_request(_freeze_survivors)
    servers = [make_server(host, port, api_app, threaded=True), make_server(host, data_port, data_app, threaded=True)]
    threads = [threading.Thread(target=server.serve_forever, name="line-emulator", daemon=True) for server in servers]
    for thread in threads:
        thread.start()
    if saved:
        saved.start()
    try:
        yield EmulatorAddresses(*(f"http://{host}:{server.port}" for server in servers))
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
        for thread in threads:
            thread.join(timeout=5)
        if saved:
            saved.stop()


def _freeze_survivors(response):
    """The timeline lives as long as the emulator and grows by a message per recipient: a full
    garbage collection walked all of it, and at 60,000 messages paused a 10,000-person fan-out
    by about 0.2 s, a pause LINE never has. After each request the young generations are
    collected (cheap) and what survived is frozen (O(1)), so no collection walks it again.
    Only in a process of its own: frozen objects are the whole process's (a test's too)."""
    gc.collect(1)
    gc.freeze()
    return response


def serve(config: EmulatorConfig, host: str = "127.0.0.1", port: int = 5100, data_port: int = 5101,
          state_file: Path | None = None) -> None:
    """Serve until interrupted or terminated (the `sammachip emulator` command), saving state on the way out."""
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    with running_emulator(config, host, port, data_port, state_file, own_process=True) as addresses:
        logging.getLogger(__name__).info("LINE emulator on %s (data %s) -> webhooks to %s", addresses.api,
                                         addresses.data, config.webhook_url)
        try:
            stopped.wait()
        except KeyboardInterrupt:
            pass
