"""The running version, read from the installed package's metadata: `pyproject.toml` is the only
place where it is written (the footer, `/healthz` and the changelog follow it)."""

from importlib.metadata import PackageNotFoundError, version


def council_version() -> str:
    try:
        return version("council")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


__version__ = council_version()
