"""The emulator's state in a JSON file, so `sammachip dev` keeps its users across restarts.

The database remembers which LINE user is which villager; if the emulator forgot them, the
demo people could never be used again. A background thread writes the state when it has
changed (at most once a second, through a temporary file so a crash never leaves half a
file), and once more on stop.
"""
from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path

from devtools.emulator.state import EmulatorState

SAVE_EVERY_SECONDS = 1.0


class StateFile:
    def __init__(self, path: Path, state: EmulatorState):
        self.path = Path(path)
        self.state = state
        self._written: str | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="emulator-state-file", daemon=True)

    def load(self) -> bool:
        """Restore the saved state; False (and a clean state) when there is none or it cannot be read."""
        try:
            saved = self.path.read_text(encoding="utf-8")
            self.state.restore(json.loads(saved))
        except FileNotFoundError:
            return False
        except (ValueError, KeyError, TypeError) as error:
            logging.getLogger(__name__).warning("ignoring unreadable emulator state %s: %s", self.path, error)
            self.state.reset()
            return False
        self._written = saved
        return True

    def save(self) -> None:
        text = json.dumps(self.state.snapshot(), ensure_ascii=False)
        if text == self._written:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, self.path)
        self._written = text

    def start(self) -> "StateFile":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)
        self.save()

    def _run(self) -> None:
        while not self._stop.wait(SAVE_EVERY_SECONDS):
            self.save()
