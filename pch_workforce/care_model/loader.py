"""Load a care model from TOML, reporting every problem by file and key path.

A care model is named (``pch-default`` -> ``<dir>/pch-default.toml`` in the first search
directory that has it) or given as a path to a ``.toml`` file.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pch_workforce.care_model.model import CareModel

MAX_MODEL_BYTES = 2_000_000


class CareModelError(Exception):
    """A care model that cannot be used; each problem names the file and the TOML key path."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def resolve_care_model(ref: str, search_dirs: Sequence[Path]) -> Path:
    """Find the file a care-model reference means, or raise CareModelError saying where it looked."""
    text = str(ref).strip()
    if not text:
        raise CareModelError(["care model: no name or path given"])
    looks_like_path = text.endswith(".toml") or "/" in text or "\\" in text
    if looks_like_path:
        path = Path(text).expanduser()
        candidates = [path] if path.is_absolute() else [path, *(Path(d) / path for d in search_dirs)]
        for candidate in candidates:
            if candidate.is_file():
                return candidate
        raise CareModelError([f"{text}: care model file not found"])
    for directory in search_dirs:
        candidate = Path(directory) / f"{text}.toml"
        if candidate.is_file():
            return candidate
    places = ", ".join(str(d) for d in search_dirs) or "(no search directories)"
    known = ", ".join(sorted(available_models(search_dirs))) or "none"
    raise CareModelError([f'care model "{text}" not found in {places}; available: {known}'])


def available_models(search_dirs: Iterable[Path]) -> set[str]:
    return {p.stem for d in search_dirs if Path(d).is_dir() for p in Path(d).glob("*.toml")}


def load_care_model(ref: str, search_dirs: Sequence[Path]) -> CareModel:
    """Read and validate a care model; raise CareModelError listing every problem found."""
    path = resolve_care_model(ref, search_dirs)
    label = _label(path)
    try:
        if path.stat().st_size > MAX_MODEL_BYTES:
            raise CareModelError([f"{label}: larger than {MAX_MODEL_BYTES:,} bytes; not a care model"])
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise CareModelError([f"{label}: not valid TOML: {err}"]) from None
    except UnicodeDecodeError:
        raise CareModelError([f"{label}: not a UTF-8 text file"]) from None
    except OSError as err:
        raise CareModelError([f"{label}: cannot read: {err.strerror or err}"]) from None
    return parse_care_model(data, label)


def parse_care_model(data: dict[str, Any], label: str = "care model") -> CareModel:
    """Validate already-parsed TOML data (also used after overrides)."""
    try:
        return CareModel.model_validate(data)
    except ValidationError as err:
        raise CareModelError([f"{label}: {p}" for p in describe_errors(err)]) from None


def describe_errors(err: ValidationError) -> list[str]:
    """Pydantic errors as 'key.path: what is wrong', in words a model author would act on."""
    problems: list[str] = []
    for error in err.errors(include_url=False):
        path = ".".join(str(part) for part in error["loc"])
        for message in _message(error).split("\n"):
            problems.append(f"{path}: {message}" if path and not message.startswith(f"{path}") else message)
    return sorted(set(problems), key=problems.index)


def _message(error: dict[str, Any]) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    given = error.get("input")
    if kind == "missing":
        if error["loc"] and error["loc"][-1] == "source":
            return "missing (every number needs a source)"
        return "missing"
    if kind == "extra_forbidden":
        return "unknown key (check the spelling)"
    if kind == "greater_than":
        return f"must be > {_num(ctx.get('gt'))}, got {_num(given)}"
    if kind == "greater_than_equal":
        return f"must be >= {_num(ctx.get('ge'))}, got {_num(given)}"
    if kind == "less_than":
        return f"must be < {_num(ctx.get('lt'))}, got {_num(given)}"
    if kind == "less_than_equal":
        return f"must be <= {_num(ctx.get('le'))}, got {_num(given)}"
    if kind == "model_type" and isinstance(given, (int, float)) and not isinstance(given, bool):
        return f'a bare number ({given!r}) has no source; write {{ value = {given!r}, source = "..." }}'
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type"):
        return f"must be a number, got {given!r}"
    if kind in ("string_too_short", "string_pattern_mismatch"):
        return "must not be empty"
    if kind == "enum":
        return f"must be one of {ctx.get('expected')}, got {given!r}"
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def _num(value: Any) -> str:
    return f"{value:g}" if isinstance(value, (int, float)) and not isinstance(value, bool) else repr(value)


def _label(path: Path) -> str:
    """The file as a user would name it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
