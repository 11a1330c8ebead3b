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


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def save_workbook_atomic(book: Workbook, out: Path, inputs: Iterable[Path] = ()) -> Path:
    """Save to a temporary file beside ``out`` and rename it into place, so a crash leaves no half file."""
    out = check_output_path(out, inputs)
    temp: Path | None = None
    try:
        descriptor, temp_name = tempfile.mkstemp(prefix=f".{out.stem}-", suffix=".xlsx.tmp", dir=out.parent)
        os.close(descriptor)
        temp = Path(temp_name)
        book.save(temp)
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes the file private; give it the user's usual mode
        os.replace(temp, out)
    except PermissionError:
        raise InputError([Problem(str(out), "cannot be written: it is open in another program (close it in "
                                            "Excel) or the folder is read-only")]) from None
    except OSError as error:
        raise InputError([Problem(str(out), f"cannot be written: {error.strerror or error}")]) from None
    finally:
        if temp is not None:
            temp.unlink(missing_ok=True)
    return out
