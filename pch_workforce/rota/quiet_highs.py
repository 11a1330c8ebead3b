"""A HiGHS instance (the ``highspy`` package) that prints nothing: for the decomposition's MIPs
(:mod:`.decomposition.highs_mip`) and the solve's bound (:mod:`.highs_bound`).

Import it only where HiGHS is about to run: importing it loads ``highspy``.
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading

import highspy

_lock = threading.Lock()
_banner_silenced = False


def new_highs() -> highspy.Highs:
    """A quiet HiGHS instance. The first one in a process prints HiGHS's banner from C++ straight
    to file descriptor 1, which would corrupt a ``--json`` line; it goes to /dev/null instead
    (so make the first one before other threads print)."""
    global _banner_silenced
    with _lock:
        if not _banner_silenced:
            _silence_banner()
            _banner_silenced = True
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    return highs


def _silence_banner() -> None:
    sys.stdout.flush()
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        highspy.Highs()
        ctypes.CDLL(None).fflush(None)  # C's buffered copy of the banner, before fd 1 returns
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)
