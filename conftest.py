"""What the test run collects: a module of an optional extra only where the extra is installed."""

from __future__ import annotations

from importlib.util import find_spec

from tests.extras import REQUIRED

# The doctests of corpusfmt.arrow import pyarrow; without it they cannot be collected.
collect_ignore = [] if REQUIRED or find_spec("pyarrow") else ["src/corpusfmt/arrow.py"]
