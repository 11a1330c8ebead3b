"""pch-workforce: workforce planning for NHS Primary Care Home sites."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    """``__version__`` on first use: importlib.metadata is slow to import, and the console entry point
    (``entry.run``) must be reached quickly so that an early Ctrl-C is a clean interrupt."""
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pch-workforce")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0+unknown"
