"""Writing output files: a folder where no file can be made is bad input, not a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from pch_workforce.errors import InputError
from pch_workforce.output import save_workbook_atomic


def test_saving_where_no_file_can_be_made_is_an_input_error() -> None:
    """/proc takes no new files: the temporary file beside the output cannot be made (this was a
    FileNotFoundError traceback; the commands now check first, this keeps the function safe)."""
    target = Path("/proc/pch-workforce-test.xlsx")
    if not Path("/proc").is_dir():
        pytest.skip("needs Linux /proc")
    with pytest.raises(InputError) as error:
        save_workbook_atomic(Workbook(), target)
    assert "cannot be written" in str(error.value.problems[0].message)
    assert not target.exists()
