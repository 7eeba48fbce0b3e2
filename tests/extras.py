"""Optional libraries that some tests need: skipped with the reason where they are
missing, required where CI installs every extra."""

from __future__ import annotations

import importlib
import os
from types import ModuleType

import pytest

# .ci/run sets this where it has installed every extra: there a missing one is a failure.
REQUIRED: bool = os.environ.get("CORPUSFMT_REQUIRE_EXTRAS") == "1"


def need(module: str, extra: str) -> ModuleType:
    """Import *module*, or skip the calling test module for want of *extra*."""
    try:
        return importlib.import_module(module)
    except ImportError:
        if REQUIRED:
            raise
        pytest.skip(
            f"{module} is not installed: pip install 'corpusfmt[{extra}]'",
            allow_module_level=True,
        )
