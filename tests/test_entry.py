"""Ctrl-C at any moment is a clean interrupt (issue 20), even before the command line is imported."""

from __future__ import annotations

import signal
import sys
import types
from importlib.metadata import entry_points

import pytest

from pch_workforce import entry


class _InterruptedWhileImporting(types.ModuleType):
    """Stands for the command-line module while Ctrl-C arrives during its (slow) import."""

    def __getattr__(self, name: str) -> object:
        raise KeyboardInterrupt


def test_ctrl_c_while_the_solvers_are_imported_is_a_clean_interrupt(monkeypatch: pytest.MonkeyPatch,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "pch_workforce.cli", _InterruptedWhileImporting("pch_workforce.cli"))
    with pytest.raises(SystemExit) as stopped:
        entry.run()
    assert stopped.value.code == entry.EXIT_INTERRUPTED == 130
    err = capsys.readouterr().err
    assert "Interrupted (Ctrl-C)." in err and "Traceback" not in err


def test_the_console_script_starts_at_the_guarded_entry_point() -> None:
    scripts = {e.name: e.value for e in entry_points(group="console_scripts")}
    assert scripts["pch-workforce"] == "pch_workforce.entry:run"


class _CtrlCDuringImport(types.ModuleType):
    """The command-line module, with Ctrl-C pressed while it is imported (the signal, not an exception)."""

    def __getattr__(self, name: str) -> object:
        signal.raise_signal(signal.SIGINT)
        return lambda: None


def test_ctrl_c_during_the_import_is_noted_and_ends_the_run(monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """Protobuf's C code can swallow an interrupt and carry on; the entry point notes it instead."""
    monkeypatch.setitem(sys.modules, "pch_workforce.cli", _CtrlCDuringImport("pch_workforce.cli"))
    before = signal.getsignal(signal.SIGINT)  # Python's default, or SIG_IGN when run as a background job
    with pytest.raises(SystemExit) as stopped:
        entry.run()
    assert stopped.value.code == 130
    assert "Interrupted (Ctrl-C)." in capsys.readouterr().err
    assert signal.getsignal(signal.SIGINT) is before  # restored
