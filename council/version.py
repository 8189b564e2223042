"""The running version. `pyproject.toml` is the only place where it is written; the footer,
`/healthz` and the changelog follow it.

From a checkout (`pip install -e .`, the tests) the file itself is read, because an editable
install keeps the metadata of the day it was installed; an installed wheel has no
`pyproject.toml` beside it and reads its package metadata."""

import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def council_version() -> str:
    if PYPROJECT.is_file():
        with PYPROJECT.open("rb") as handle:
            return tomllib.load(handle)["project"]["version"]
    try:
        return version("council")
    except PackageNotFoundError:
        return "unknown"


__version__ = council_version()
