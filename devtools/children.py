"""Child processes that die with the process that started them.

A dev runner killed with SIGKILL (or whose terminal closed) runs no clean-up code, and a
child in its own session does not get the terminal's signals either: it would run on and
keep its port. On Linux, each child asks the kernel for SIGTERM when its parent dies
(PR_SET_PDEATHSIG), set between fork and exec so no window is left open; if the parent
is already gone by then, the child ends itself at once.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import subprocess
import sys

PR_SET_PDEATHSIG = 1


def _libc():
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    except OSError:
        return None


_LIBC = _libc()


def die_with_parent_available() -> bool:
    return _LIBC is not None


def _die_with(parent_pid: int):
    def preexec() -> None:
        os.setsid()  # its own process group, so stopping it stops its children (gunicorn's, rq's)
        if _LIBC is not None:
            _LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
            if os.getppid() != parent_pid:  # the parent died before the request was in place
                os._exit(1)
    return preexec


def start(args: list[str], **kwargs) -> subprocess.Popen:
    """`subprocess.Popen` in a new session, ended by SIGTERM when this process dies."""
    return subprocess.Popen(args, preexec_fn=_die_with(os.getpid()), **kwargs)
