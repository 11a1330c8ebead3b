"""Write an output workbook atomically, never over an input, with errors a user can act on."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from openpyxl.workbook.workbook import Workbook

from pch_workforce.errors import InputError, Problem


def check_output_path(out: Path, inputs: Iterable[Path] = ()) -> Path:
    """Refuse an output that is an input, lives in a missing folder or is not .xlsx (exit 2, nothing written)."""
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise InputError([Problem(str(out), "output must be an .xlsx file")])
    if not out.parent.resolve().is_dir():
        raise InputError([Problem(str(out), f"folder {out.parent} does not exist")])
    for source in inputs:
        if Path(source).exists() and out.exists() and out.resolve() == Path(source).resolve():
            raise InputError([Problem(str(out), "output would overwrite an input file; choose another name")])
    if out.exists() and out.is_dir():
        raise InputError([Problem(str(out), "is a folder, not a file")])
    return out


def refuse_existing(out: Path, force: bool) -> None:
    """An output that already exists is kept unless the user says ``--force``: a board pack saved under the
    same name is never lost to a re-run (exit 2, nothing written)."""
    if Path(out).exists() and not force:
        raise InputError([Problem(str(out), "already exists; choose another name or pass --force to replace it")])


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def save_workbook_atomic(book: Workbook, out: Path, inputs: Iterable[Path] = ()) -> Path:
    """Save to a temporary file beside ``out`` and rename it into place, so a crash leaves no half file."""
    out = check_output_path(out, inputs)
    temp = temp_file_beside(out, ".xlsx.tmp")
    try:
        book.save(temp)
        os.replace(temp, out)
    except PermissionError:
        raise InputError([Problem(str(out), "cannot be written: it is open in another program (close it in "
                                            "Excel) or the folder is read-only")]) from None
    except OSError as error:
        raise _cannot_write(out, error) from None
    finally:
        temp.unlink(missing_ok=True)
    return out


def temp_file_beside(out: Path, suffix: str) -> Path:
    """An empty temporary file in ``out``'s folder, with the user's usual mode (mkstemp makes it
    private), to write and then rename into place. A folder that takes no new file is bad input
    (exit 2) named at ``out``, not a traceback."""
    try:
        descriptor, name = tempfile.mkstemp(prefix=f".{out.stem}-", suffix=suffix, dir=out.parent)
    except OSError as error:
        raise _cannot_write(out, error) from None
    os.close(descriptor)
    temp = Path(name)
    os.chmod(temp, 0o666 & ~_umask())
    return temp


def check_writable(out: Path) -> None:
    """Make and remove a scratch file beside ``out`` before any work: a folder where nothing can be
    created is exit 2 at once, not an error from the atomic save after a long solve."""
    temp_file_beside(out, ".probe").unlink()


def stage_text(text: str, out: Path) -> Path:
    """``text`` written to a temporary file beside ``out``, for the caller to rename into place once
    everything else is written (so a path that cannot be written fails before anything is)."""
    temp = temp_file_beside(out, ".tmp")
    try:
        temp.write_text(text, encoding="utf-8")
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise _cannot_write(out, error) from None
    return temp


def _cannot_write(out: Path, error: OSError) -> InputError:
    return InputError([Problem(str(out), f"cannot be written: {error.strerror or error}")])
