"""docs/check_site.py finds what a reader would see as broken in a built page."""

from __future__ import annotations

import importlib.util
import zlib
from pathlib import Path
from types import ModuleType

import pytest

CHECKER = Path(__file__).resolve().parent.parent / "docs" / "check_site.py"


def _checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_site", CHECKER)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check_site = _checker()

CASES = [
    ("<p>A clean page.</p>", []),
    # What furo shows as a red box for a ".. contents::" table.
    (
        '<nav class="contents local" id="on-this-page"><p>On this page</p></nav>',
        ["a table of contents, which furo marks as an error"],
    ),
    ('<nav class="contents this-will-duplicate-information-and-it-is-still-useful-here">', []),
    # docutils' own error box, and a reference it could not resolve.
    (
        '<aside class="system-message"><p>Unknown directive</p></aside>',
        ["a system-message box"],
    ),
    ('<a class="problematic" href="#id1">`spec`_</a>', ["a problematic box"]),
    (
        "<p>ERROR: Unknown interpreted text role</p>",
        ["text 'ERROR: Unknown interpreted text role'"],
    ),
    # A code sample may quote any message; prose in lower case is not a message.
    ("<pre>corpusfmt: ERROR: quoted in a sample</pre>", []),
    ("<p>an error: the text ends early</p>", []),
]


@pytest.mark.parametrize(("page", "expected"), CASES)
def test_page_problems(page: str, expected: list[str]) -> None:
    assert check_site.page_problems(page) == expected


def test_a_missing_public_name_is_reported(tmp_path: Path) -> None:
    """An inventory without one name of corpusfmt's ``__all__`` fails the check."""
    inventory = (
        "# Sphinx inventory version 2\n# Project: x\n# Version: \n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    lines = "corpusfmt py:module 0 api.html#module-corpusfmt -\n"
    (tmp_path / "objects.inv").write_bytes(inventory.encode() + zlib.compress(lines.encode()))
    missing = check_site.undocumented(tmp_path)
    assert "corpusfmt.loads" in missing
    assert "corpusfmt" not in missing
