"""`sammachip dev` as a developer uses it: a restart keeps the simulator's users (and the
database's links to them), Ctrl-C stops cleanly, a SIGKILLed runner leaves no process
holding its ports, and `--reset` starts clean."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from devtools import children
from tests.polling import eventually

pytestmark = [
    pytest.mark.skipif(not children.die_with_parent_available(), reason="needs Linux prctl"),
    # It brings its own SQLite and Redis, so one pass of ./scripts/test is enough (about 100 s).
    pytest.mark.skipif(os.environ.get("SAMMACHIP_TEST_BACKEND") == "postgres", reason="runs in the embedded pass"),
]
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


class DevRun:
    def __init__(self, instance: Path):
        self.instance = instance
        self.port, self.emulator_port, self.data_port = _free_port(), _free_port(), _free_port()
        self.env = {key: value for key, value in os.environ.items()
                    if key not in {"DATABASE_URL", "REDIS_URL", "LINE_API_BASE", "LINE_DATA_API_BASE"}}
        self.env.update(SAMMACHIP_INSTANCE_DIR=str(instance))

    def start(self, *extra: str) -> subprocess.Popen:
        runner = subprocess.Popen(
            [str(Path(sys.executable).parent / "sammachip"), "dev", "--port", str(self.port), "--emulator-port",
             str(self.emulator_port), "--emulator-data-port", str(self.data_port), *extra],
            env=self.env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        seen = []
        for line in runner.stdout:
            seen.append(line)
            if "Chat simulator" in line:
                return runner
        raise AssertionError("sammachip dev did not start:\n" + "".join(seen))

    def users(self) -> list[str]:
        found = requests.get(f"http://127.0.0.1:{self.port}/simulator/api/users", timeout=10).json()["users"]
        return [user["display_name"] for user in found]

    def ports_free(self) -> bool:
        return all(_port_is_free(port) for port in (self.port, self.emulator_port, self.data_port))


def test_restart_keeps_users_ctrl_c_is_clean_sigkill_frees_ports_and_reset_starts_clean(tmp_path):
    run = DevRun(tmp_path / "instance")
    runner = run.start()
    try:
        requests.post(f"http://127.0.0.1:{run.port}/simulator/api/users", json={"display_name": "ยายทดสอบ"},
                      timeout=10).raise_for_status()
        eventually(lambda: (run.instance / "emulator-state.json").exists(), "the emulator to save its state")
        runner.kill()  # SIGKILL: the runner's clean-up never runs
        runner.wait()
        eventually(run.ports_free, "the orphaned web server and emulator to end", timeout=15)

        runner = run.start()
        assert "ยายทดสอบ" in run.users()  # kept across the restart
        # Only what this run writes: the orphans of the killed runner died with their Redis.
        logs = {log: run.instance / "logs" / log for log in ("worker.log", "cron.log", "web.log")}
        before = {log: path.stat().st_size if path.exists() else 0 for log, path in logs.items()}
        runner.send_signal(signal.SIGINT)
        output = runner.communicate(timeout=60)[0]
        assert runner.returncode == 0 and "stopped." in output
        for log, path in logs.items():
            text = path.read_bytes()[before[log]:].decode(errors="replace")
            assert "ConnectionError" not in text and "Connection refused" not in text, log

        runner = run.start("--reset")
        assert "ยายทดสอบ" not in run.users()
    finally:
        if runner.poll() is None:
            runner.send_signal(signal.SIGINT)
            runner.wait(timeout=60)
