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


def _write_inventory(directory: Path, names: list[str]) -> None:
    header = (
        "# Sphinx inventory version 2\n# Project: x\n# Version: \n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    lines = "".join(f"{name} py:data 1 api.html#{name} -\n" for name in names)
    (directory / "objects.inv").write_bytes(header.encode() + zlib.compress(lines.encode()))


def _public_names() -> list[str]:
    """Each public name once, where the reference documents it: at the top if re-exported."""
    top = importlib.import_module("corpusfmt")
    names = [f"corpusfmt.{name}" for name in top.__all__]
    for module_name in check_site.PUBLIC_MODULES:
        names.append(module_name)
        module = importlib.import_module(module_name)
        names += [f"{module_name}.{name}" for name in module.__all__ if name not in top.__all__]
    return names


def test_every_public_name_documented_once_is_enough(tmp_path: Path) -> None:
    _write_inventory(tmp_path, _public_names())
    assert check_site.undocumented(tmp_path) == []


def test_a_missing_public_name_is_reported(tmp_path: Path) -> None:
    """A name of a layer's ``__all__`` without an entry fails the check, and so
    does a module, and a name of the top package."""
    left_out = ["corpusfmt.v1.render", "corpusfmt.lexer", "corpusfmt.loads"]
    _write_inventory(tmp_path, [name for name in _public_names() if name not in left_out])
    assert check_site.undocumented(tmp_path) == sorted(left_out)
