"""Worker and cron wait for a Redis that died and carry on once it is back, instead of exiting."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from redis import Redis
from rq import Queue

from devtools.embedded_redis import EmbeddedRedis

ROOT = Path(__file__).resolve().parent.parent


def _wait(condition, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def _start(args: list[str], settings, redis_url: str, log: Path) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=settings.database_url, REDIS_URL=redis_url, SAMMACHIP_ENV="test",
               LINE_API_BASE=settings.line_api_base)
    return subprocess.Popen(args, env=env, cwd=ROOT, stdout=open(log, "ab"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def test_worker_and_cron_survive_a_redis_restart(rt, tmp_path):
    redis = EmbeddedRedis(tmp_path / "redis", persist=False).start()
    bin_dir = Path(sys.executable).parent
    worker = _start([str(bin_dir / "rq"), "worker", "--worker-class", "sammachip.worker.Worker", "--url", redis.url,
                     "send", "events", "default"], rt.settings, redis.url, tmp_path / "worker.log")
    cron = _start([str(bin_dir / "sammachip"), "cron"], rt.settings, redis.url, tmp_path / "cron.log")
    try:
        connection = Redis.from_url(redis.url)
        assert _wait(lambda: connection.keys("rq:workers:*") != []), (tmp_path / "worker.log").read_text()
        redis.stop()  # Redis dies
        time.sleep(2)
        assert worker.poll() is None and cron.poll() is None, "a process exited when Redis died"
        redis.start()  # and comes back, empty
        connection = Redis.from_url(redis.url)
        job = Queue("default", connection=connection).enqueue("workers.jobs.sweep")
        assert _wait(lambda: job.get_status(refresh=True) == "finished", timeout=40), \
            (tmp_path / "worker.log").read_text()
        assert worker.poll() is None and cron.poll() is None
    finally:
        for process in (worker, cron):
            os.killpg(process.pid, 15)
            process.wait(timeout=20)
        redis.stop()
