"""pch-workforce: workforce planning for NHS Primary Care Home sites."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("pch-workforce")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
