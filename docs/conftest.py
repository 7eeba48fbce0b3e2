"""The doctests of a page that needs an optional extra run only where it is installed."""

from __future__ import annotations

import importlib.util

import pytest
from tests.extras import REQUIRED

# Page, then the modules its examples import and the extra that installs them.
NEEDS: dict[str, tuple[tuple[str, ...], str]] = {
    "dataframes.rst": (("pyarrow", "pandas", "datasets", "polars"), "arrow-test"),
    "remote.rst": (("fsspec",), "fsspec"),
    "dask.rst": (("pyarrow", "pandas", "dask"), "dask-test"),
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        needed = NEEDS.get(item.path.name)
        if needed is None:
            continue
        modules, extra = needed
        missing = [module for module in modules if importlib.util.find_spec(module) is None]
        if not missing:
            continue
        reason = f"{', '.join(missing)} not installed: pip install 'corpusfmt[{extra}]'"
        if REQUIRED:
            raise pytest.UsageError(f"{item.path.name} cannot run: {reason}")
        item.add_marker(pytest.mark.skip(reason=reason))
