"""The course pack (scenarios/exercises): shipped answers are exactly what course.py regenerates.

A care-model or solver change that moves a figure in a worked answer fails here until the answers
are regenerated (`python scenarios/exercises/course.py`) and reviewed.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from pathlib import Path

import pytest

EXERCISES = Path(__file__).resolve().parents[1] / "scenarios" / "exercises"
QUESTION = re.compile(r"^## Question (\d+)\b", re.MULTILINE)


def _course():
    spec = importlib.util.spec_from_file_location("course_pack", EXERCISES / "course.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    sys.dont_write_bytecode, before = True, sys.dont_write_bytecode
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = before
    return module


course = _course()
SLUGS = [exercise.slug for exercise in course.EXERCISES]


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shipped pack with every exercise regenerated into it."""
    root = tmp_path_factory.mktemp("course") / "exercises"
    shutil.copytree(EXERCISES, root, ignore=shutil.ignore_patterns("__pycache__", "*.xlsx", "answer.md"))
    written = course.regenerate(root)
    assert sorted(p.parent.name for p in written) == sorted(SLUGS)
    return root


def _questions(text: str) -> list[int]:
    return [int(n) for n in QUESTION.findall(text)]


@pytest.mark.parametrize("slug", SLUGS)
def test_shipped_answer_is_what_course_py_regenerates(regenerated: Path, slug: str) -> None:
    shipped = (EXERCISES / slug / "answer.md").read_bytes()
    fresh = (regenerated / slug / "answer.md").read_bytes()
    assert fresh == shipped, (f"{slug}/answer.md differs from what course.py gives now: run "
                              "`python scenarios/exercises/course.py`, review the diff and commit it")


@pytest.mark.parametrize("slug", SLUGS)
def test_task_questions_are_numbered_and_each_is_answered(slug: str) -> None:
    task = (EXERCISES / slug / "task.md").read_text(encoding="utf-8")
    answer = (EXERCISES / slug / "answer.md").read_text(encoding="utf-8")
    asked = _questions(task)
    assert 3 <= len(asked) <= 5, f"{slug}/task.md should ask 3-5 questions, asks {len(asked)}"
    assert asked == list(range(1, len(asked) + 1)), f"{slug}/task.md questions are not numbered 1..n: {asked}"
    assert _questions(answer) == asked, f"{slug}/answer.md does not answer each question of task.md once"
    assert "Where to find it" in answer
    assert re.search(r"about \d+ minutes", task, re.IGNORECASE), f"{slug}/task.md does not say how long it takes"


def test_answers_hold_no_paths_or_run_times() -> None:
    for slug in SLUGS:
        text = (EXERCISES / slug / "answer.md").read_text(encoding="utf-8")
        assert str(EXERCISES.parents[1]) not in text and "/tmp/" not in text, slug
        assert not re.search(r"\d+(\.\d+)? ?(s|seconds)\b", text), f"{slug}/answer.md mentions a timing"


def test_exercise_workbooks_change_only_what_they_say(regenerated: Path) -> None:
    """Each derived scenario still loads, and its Site sheet differs from the source only in the cells named."""
    import openpyxl

    for slug, name, source, changed in (
        ("02-new-financial-year", course.EX02_WORKBOOK, course.NORTH_COAST, {"Plan start (a Monday)"}),
        ("03-budget-cut-and-risk-share", course.EX03_WORKBOOK, course.NORTH_COAST, {"Workforce share of budget (0-1)"}),
    ):
        derived = regenerated / slug / name
        course.load_scenario(derived)
        before = {r[0]: r[1] for r in openpyxl.load_workbook(source)["Site"].iter_rows(values_only=True) if r[0]}
        after = {r[0]: r[1] for r in openpyxl.load_workbook(derived)["Site"].iter_rows(values_only=True) if r[0]}
        assert {k for k in before if before[k] != after.get(k)} == changed
