"""HiGHS (the ``highspy`` package) as the rota uses it: an instance that prints nothing, and a
model given as row-wise arrays in HiGHS's LP structure. For the decomposition's MIPs
(:mod:`.decomposition.highs_mip`) and the solve's bound (:mod:`.highs_bound`).

Import it only where HiGHS is about to run: importing it loads ``highspy``.
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading

import highspy
import numpy as np

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


def row_wise_lp(
    cost: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    row_lower: np.ndarray,
    row_upper: np.ndarray,
    starts: np.ndarray,
    index: np.ndarray,
    value: np.ndarray,
    integer: bool,
    offset: float = 0.0,
) -> highspy.HighsLp:
    """``minimize cost.x + offset`` subject to ``row_lower <= A x <= row_upper`` and
    ``lower <= x <= upper``, ``A`` in CSR arrays (``starts``, ``index``, ``value``), as HiGHS's
    LP structure; every column integer when ``integer``. Infinite sides become HiGHS's own."""
    lp = highspy.HighsLp()
    big = highspy.kHighsInf
    lp.num_col_, lp.num_row_ = len(cost), len(row_lower)
    lp.col_cost_ = cost
    lp.offset_ = offset
    lp.col_lower_ = lower
    lp.col_upper_ = upper
    lp.row_lower_ = np.clip(row_lower, -big, big)
    lp.row_upper_ = np.clip(row_upper, -big, big)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.num_col_ = len(cost)
    lp.a_matrix_.num_row_ = len(row_lower)
    lp.a_matrix_.start_ = starts
    lp.a_matrix_.index_ = index
    lp.a_matrix_.value_ = value
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * len(cost)
    return lp
