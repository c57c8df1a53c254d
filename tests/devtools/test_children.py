"""The dev runner's children: they die with it even when it is SIGKILLed, a dead one is
started again (Redis first), and stopping goes web, worker, cron, then the emulator."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from redis import Redis

from devtools import children
from devtools.devrunner import MAX_RESTARTS, ProcessGroup, _keep_alive
from devtools.embedded_redis import EmbeddedRedis
from tests.polling import eventually

pytestmark = pytest.mark.skipif(not children.die_with_parent_available(), reason="needs Linux prctl")
SLEEPER = [sys.executable, "-c", "import time; time.sleep(300)"]
ROOT = Path(__file__).resolve().parents[2]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie has died; it waits only to be reaped
        return stat.read().split(") ")[1][0] != "Z"


def test_a_child_dies_with_its_parent_even_on_sigkill(tmp_path):
    parent_code = textwrap.dedent(f"""
        import sys, time
        from devtools import children
        child = children.start({SLEEPER!r})
        print(child.pid, flush=True)
        time.sleep(300)
    """)
    parent = subprocess.Popen([sys.executable, "-c", parent_code], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    child_pid = int(parent.stdout.readline())
    try:
        assert _alive(child_pid)
        parent.kill()  # SIGKILL: no clean-up code runs in the parent
        parent.wait()
        eventually(lambda: not _alive(child_pid), "the orphaned child to end")
    finally:
        if _alive(child_pid):
            os.kill(child_pid, signal.SIGKILL)


def test_a_dead_child_is_started_again_until_it_keeps_dying(tmp_path):
    group = ProcessGroup(tmp_path, verbose=False, env=dict(os.environ))
    group.start("worker", SLEEPER)
    try:
        for _ in range(MAX_RESTARTS):
            before = group.children["worker"].process
            before.kill()
            before.wait()
            assert _keep_alive(group, None, tmp_path)
            assert group.children["worker"].process.pid != before.pid and group.dead() == []
        group.children["worker"].process.kill()
        group.children["worker"].process.wait()
        assert not _keep_alive(group, None, tmp_path)  # six deaths in a minute: broken, not unlucky
    finally:
        group.stop_all()


def test_redis_is_started_again_before_the_others(tmp_path):
    redis = EmbeddedRedis(tmp_path / "redis", persist=False).start()
    group = ProcessGroup(tmp_path, verbose=False, env=dict(os.environ))
    group.start("worker", [sys.executable, "-c", textwrap.dedent(f"""
        from redis import Redis
        Redis.from_url({redis.url!r}).ping()  # a worker that needs Redis up when it starts
        import time; time.sleep(300)
    """)])
    try:
        redis.process.kill()
        redis.process.wait()
        group.children["worker"].process.kill()
        group.children["worker"].process.wait()
        assert _keep_alive(group, redis, tmp_path)
        assert Redis.from_url(redis.url).ping()
        worker = group.children["worker"].process
        with pytest.raises(subprocess.TimeoutExpired):
            worker.wait(timeout=1)  # it found Redis up
    finally:
        group.stop_all()
        redis.stop()


def test_stopping_goes_web_worker_cron_then_the_emulator(tmp_path):
    record = tmp_path / "stopped.txt"
    group = ProcessGroup(tmp_path, verbose=False, env=dict(os.environ))
    for name in ("emulator", "web", "worker", "cron"):
        group.start(name, [sys.executable, "-c", textwrap.dedent(f"""
            import signal, sys, time
            def stop(*_):
                time.sleep(0.2 if {name!r} != "emulator" else 0)  # the others take longer to stop
                with open({str(record)!r}, "a") as out:
                    out.write({name!r} + "\\n")
                sys.exit(0)
            signal.signal(signal.SIGTERM, stop)
            open({str(tmp_path / name)!r}, "w").close()
            time.sleep(300)
        """)])
    eventually(lambda: all((tmp_path / name).exists() for name in ("emulator", "web", "worker", "cron")),
               "every child to be ready for SIGTERM")
    group.stop_all()
    stopped = record.read_text().split()
    assert sorted(stopped[:3]) == ["cron", "web", "worker"] and stopped[3] == "emulator"
