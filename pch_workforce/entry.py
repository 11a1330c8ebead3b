"""The console entry point: Ctrl-C at any moment, even while the solvers are still being imported, ends
with "Interrupted" and exit code 130, never a traceback.

Importing the command line pulls in OR-Tools, protobuf and HiGHS, which takes most of the first
second. An interrupt then can land inside protobuf's C code, which prints a traceback and carries on
as if nothing happened, so during the import Ctrl-C is only noted, and acted on once it is done.
"""

from __future__ import annotations

import signal
import sys
from typing import Any

EXIT_INTERRUPTED = 130


def run() -> None:
    noted: list[bool] = []

    def note(*_: Any) -> None:
        noted.append(True)

    previous = signal.signal(signal.SIGINT, note)
    try:
        from pch_workforce.cli import main
    except KeyboardInterrupt:
        noted.append(True)
    finally:
        signal.signal(signal.SIGINT, previous)
    if noted:
        print("\nInterrupted (Ctrl-C).", file=sys.stderr)
        sys.exit(EXIT_INTERRUPTED)
    main()
