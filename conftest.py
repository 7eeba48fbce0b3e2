"""What the test run collects: a module of an optional extra only where the extra is installed."""

from __future__ import annotations

from importlib.util import find_spec

from tests.extras import REQUIRED

# The doctests of corpusfmt.arrow and corpusfmt.dask import their extras; without
# them the modules cannot be collected.
collect_ignore = [
    module
    for module, needs in (
        ("src/corpusfmt/arrow.py", ("pyarrow",)),
        ("src/corpusfmt/dask.py", ("pyarrow", "dask")),
    )
    if not REQUIRED and not all(find_spec(name) for name in needs)
]
