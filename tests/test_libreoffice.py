"""The plan workbook opens in LibreOffice: converted to PDF headless, the Rota prints on A4 landscape.

Runs only where ``soffice`` is installed (CI installs Debian's libreoffice-calc). Page sizes are read
from the PDF's MediaBox entries, so no PDF library is needed; if poppler's pdftotext is present the
Rota pages are also checked for the repeated header row and name columns.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pch_workforce.plan.workbook import plan_workbook
from tests.plan_workbook_fixture import north_coast_plan, north_coast_workbook

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")

PAGE = re.compile(rb"/Type\s*/Page\b(?!s)[^>]*?/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]")
A4 = (595.3, 841.9)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Convert the whole plan and a Rota-only copy in one LibreOffice run (one start-up)."""
    folder = tmp_path_factory.mktemp("libreoffice")
    whole = folder / "plan.xlsx"
    shutil.copy(north_coast_workbook(), whole)
    for keep in ("Rota", "Summary"):
        book = plan_workbook(north_coast_plan())
        for name in book.sheetnames:
            if name != keep:
                book.remove(book[name])
        book.save(folder / f"{keep.lower()}.xlsx")
    profile = folder / "profile"  # a private profile: no clash with a running LibreOffice
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), str(whole), str(folder / "rota.xlsx"), str(folder / "summary.xlsx")],
        capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    out = {"plan": folder / "plan.pdf", "rota": folder / "rota.pdf", "summary": folder / "summary.pdf"}
    for path in out.values():
        assert path.is_file() and path.stat().st_size > 0, f"no {path.name}: {result.stdout} {result.stderr}"
    return out


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    return [(float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in PAGE.findall(pdf.read_bytes())]


def is_a4(size: tuple[float, float]) -> bool:
    return sorted(size) == pytest.approx(A4, abs=1)


def test_whole_plan_converts_cover_portrait_then_landscape_pages(pdfs: dict[str, Path]) -> None:
    sizes = page_sizes(pdfs["plan"])
    assert len(sizes) >= len(plan_workbook(north_coast_plan()).sheetnames)
    assert all(is_a4(size) for size in sizes)
    portrait = [w < h for w, h in sizes]
    assert portrait[0], "the cover prints portrait"
    first_table = portrait.index(False)
    assert first_table <= 2, "the cover (with the plan in brief) takes at most two pages"
    assert not any(portrait[first_table:]), "every table sheet prints landscape"


def test_rota_pages_are_a4_landscape_with_the_header_on_each(pdfs: dict[str, Path]) -> None:
    sizes = page_sizes(pdfs["rota"])
    assert sizes and all(is_a4(size) and size[0] > size[1] for size in sizes)
    if shutil.which("pdftotext") is None:
        return
    plan = north_coast_plan()
    first_day = f"{plan.rota.dates[0]:%a}"
    for page in range(1, len(sizes) + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdfs["rota"]), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert "Name" in text and "Role" in text and first_day in text, f"page {page} lacks the header row"


def test_the_board_summary_prints_on_at_most_two_a4_pages(pdfs: dict[str, Path]) -> None:
    sizes = page_sizes(pdfs["summary"])
    assert 1 <= len(sizes) <= 2
    assert all(is_a4(size) for size in sizes)
