"""Imports run downhill: every module of pch_workforce sits in one layer and imports only from its
own layer or the layers below it (read from the source with ast, so lazy imports inside functions
and imports under TYPE_CHECKING count too).

The rota engine is held tighter still: it solves any rostering problem in its own terms, so it
imports nothing of the PCH front end, the stages or the Excel kit.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import pch_workforce

PACKAGE = Path(pch_workforce.__file__).resolve().parent
ROOT = "pch_workforce"

# Bottom to top. A module belongs to the layer of the longest name it falls under (the name itself or
# a package above it), so a new module inside a listed package needs no entry here.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # Knows no stage: shared words, errors, the solver report, saving files, the Excel kit, memoising.
    ("base", (ROOT, "pch_workforce.errors", "pch_workforce.vocabulary", "pch_workforce.solve_report",
              "pch_workforce.output", "pch_workforce.excel", "pch_workforce.memo")),
    ("care model", ("pch_workforce.care_model",)),
    ("scenario", ("pch_workforce.scenario", "pch_workforce.rota_policy")),
    # The site in the care model's terms: income and weighted list, access-window sessions.
    ("site terms", ("pch_workforce.budget", "pch_workforce.access_windows")),
    ("demand", ("pch_workforce.demand",)),
    ("mix", ("pch_workforce.mix",)),
    ("rota", ("pch_workforce.rota", "pch_workforce.pch_rota")),  # the engine and its PCH front end
    ("trajectory", ("pch_workforce.trajectory",)),
    ("plan", ("pch_workforce.plan",)),
    ("front door", ("pch_workforce.compare", "pch_workforce.compare_findings", "pch_workforce.api",
                    "pch_workforce.commands", "pch_workforce.cli", "pch_workforce.entry")),
)

ENGINE = "pch_workforce.rota"  # every module under it, in whatever subpackage
ENGINE_MAY_IMPORT = ("pch_workforce.solve_report", "pch_workforce.errors")
EXCEL_LIBRARIES = ("openpyxl",)

# (importer, imported) pairs that run uphill on purpose, each with its reason. Keep this short.
KNOWN_EXCEPTIONS: dict[tuple[str, str], str] = {}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _resolve(module: str, name: str, known: dict[str, Path]) -> str:
    """``from module import name``: the submodule when ``name`` is one, else ``module``."""
    return f"{module}.{name}" if f"{module}.{name}" in known else module


def imports(name: str, path: Path, known: dict[str, Path]) -> Iterator[str]:
    """Every module ``name`` imports (absolute names), wherever in the file the import is."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                yield _resolve(source, alias.name, known)


def layer_of(module: str) -> int | None:
    """The index of ``module``'s layer, or None when no layer claims it."""
    best: tuple[int, int] | None = None  # (length of the matching name, layer index)
    for index, (_, names) in enumerate(LAYERS):
        for prefix in names:
            matches = module == prefix or (prefix != ROOT and module.startswith(prefix + "."))
            if matches and (best is None or len(prefix) > best[0]):
                best = (len(prefix), index)
    return None if best is None else best[1]


def is_under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def uphill() -> list[tuple[str, str, str, str]]:
    """(importer, its layer, imported, its layer) for every import that runs up the layers."""
    known = modules()
    found = set()
    for name, path in known.items():
        here = layer_of(name)
        assert here is not None
        for target in imports(name, path, known):
            if not is_under(target, ROOT):
                continue
            there = layer_of(target)
            assert there is not None, f"{name} imports {target}, which no layer claims"
            if there > here:
                found.add((name, LAYERS[here][0], target, LAYERS[there][0]))
    return sorted(found)


def test_every_module_has_a_layer() -> None:
    unplaced = [name for name in modules() if layer_of(name) is None]
    assert not unplaced, f"add these modules to a layer in LAYERS: {unplaced}"


def test_every_declared_name_is_a_module() -> None:
    """A layer that names a module no longer there is a stale map of the package."""
    known = modules()
    stale = [prefix for _, names in LAYERS for prefix in names if prefix not in known]
    assert not stale, f"LAYERS names modules that do not exist: {stale}"


def test_no_module_imports_from_a_layer_above_it() -> None:
    """Nothing runs uphill but the known exceptions, and each of those still does (else drop it)."""
    found = uphill()
    unexpected = [(a, la, b, lb) for a, la, b, lb in found if (a, b) not in KNOWN_EXCEPTIONS]
    assert not unexpected, "imports running uphill:\n" + "\n".join(
        f"  {a} ({la}) imports {b} ({lb})" for a, la, b, lb in unexpected)
    assert not set(KNOWN_EXCEPTIONS) - {(a, b) for a, _, b, _ in found}, "remove exceptions no longer needed"


def test_the_rota_engine_imports_no_pch_or_excel_code() -> None:
    known = modules()
    engine = {name: path for name, path in known.items() if is_under(name, ENGINE)}
    assert engine, "the engine package has moved: update ENGINE"
    found = []
    for name, path in engine.items():
        for target in imports(name, path, known):
            foreign = is_under(target, ROOT) and not is_under(target, ENGINE) and not any(
                is_under(target, allowed) for allowed in ENGINE_MAY_IMPORT)
            if foreign or any(is_under(target, library) for library in EXCEL_LIBRARIES):
                found.append(f"{name} imports {target}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize(("importer", "imported", "expected"), [
    ("pch_workforce.demand.workbook", "pch_workforce.plan.workbook.tables", True),
    ("pch_workforce.care_model.model", "pch_workforce.scenario.model", True),
    ("pch_workforce.plan.workbook", "pch_workforce.excel.tables", False),
    ("pch_workforce.rota.solve", "pch_workforce.rota.model", False),
])
def test_the_layer_order_catches_an_uphill_import(importer: str, imported: str, expected: bool) -> None:
    """The two imports this test was written against would be caught; downhill ones would not."""
    here, there = layer_of(importer), layer_of(imported)
    assert here is not None and there is not None
    assert (there > here) is expected


def test_imports_are_read_with_submodules_and_relative_names(tmp_path: Path) -> None:
    """``from pch_workforce import budget`` is an import of the budget module, not of the root package;
    ``from ..mix import model`` inside a package resolves to the absolute name."""
    source = tmp_path / "pch_workforce" / "demand" / "fake.py"
    source.parent.mkdir(parents=True)
    source.write_text("from pch_workforce import budget\n\ndef f():\n    from ..mix import model\n",
                      encoding="utf-8")
    known = {"pch_workforce.budget": source, "pch_workforce.mix.model": source}
    assert set(imports("pch_workforce.demand.fake", source, known)) == {"pch_workforce.budget",
                                                                        "pch_workforce.mix.model"}


# Imports each module first in a fork of an interpreter that has loaded the third-party libraries but
# nothing of pch_workforce, so a cycle shows whatever order the other modules happen to be imported in.
FIRST_IMPORT = """
import importlib, os, sys
import click, openpyxl, pandas, pydantic  # shared by every child, loaded once
from ortools.sat.python import cp_model
from ortools.math_opt.python import mathopt
running = 0
for name in sys.argv[1:]:
    if running == os.cpu_count():  # one child a core at a time
        os.wait()
        running -= 1
    if os.fork() == 0:
        try:
            importlib.import_module(name)
        except Exception as error:
            print(f"{name}: {type(error).__name__}: {error}", flush=True)
            os._exit(1)
        os._exit(0)
    running += 1
while running:
    os.wait()
    running -= 1
"""


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs fork")
def test_every_module_imports_first_on_its_own() -> None:
    """An import cycle that only bites when a particular module is imported first (as a script or a
    test run may) is an ImportError for that module here."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", FIRST_IMPORT, *modules()], capture_output=True, text=True,
                          check=False, cwd=PACKAGE.parent)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "", done.stdout
