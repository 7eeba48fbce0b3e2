"""Check the built HTML documentation as a reader would see it.

    python docs/check_site.py BUILD_DIR [--browser auto|always|never]

``sphinx-build -W`` fails on the warnings Sphinx reports, but not on what a
theme or docutils writes into a page instead: a red "ERROR" box, an unresolved
reference shown as "problematic" text. This script reads every page of the
build and fails when one holds such a box, and when a public name of corpusfmt
has no entry in the API reference. With a Chromium on the machine it also
prints every page to PDF in headless Chromium and checks the text of the PDF:
what a reader sees, the text that styles add (furo's error box is written by
its style sheet) included.
"""

from __future__ import annotations

import argparse
import html
import importlib
import re
import shutil
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

# What docutils and Sphinx themes put into a page when something went wrong.
_BOX_CLASSES = ("system-message", "problematic")
_BOX_CLASS = re.compile(r'class="[^"]*\b(' + "|".join(_BOX_CLASSES) + r")\b")
_PRE = re.compile(r"<pre\b.*?</pre>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_SHOUT = re.compile(r"\b(ERROR|WARNING|SEVERE|CRITICAL)\b[:/(]")
# furo shows a red error box for a ".. contents::" table unless it carries this class.
_CONTENTS = re.compile(r'class="(?![^"]*this-will-duplicate-information)[^"]*\bcontents\b')

PUBLIC_MODULES = (
    "corpusfmt",
    "corpusfmt.v1",
    "corpusfmt.dialects",
    "corpusfmt.formats",
    "corpusfmt.io",
    "corpusfmt.tree",
    "corpusfmt.lexer",
    "corpusfmt.arrow",
    "corpusfmt.dask",
)


def page_problems(page: str) -> list[str]:
    """The error boxes and shouted messages in one page's HTML."""
    problems = [f"a {found.group(1)} box" for found in _BOX_CLASS.finditer(page)]
    problems += ["a table of contents, which furo marks as an error"] * len(
        _CONTENTS.findall(page)
    )
    # Code samples may quote our own messages; the prose around them may not
    # hold a docutils or theme message.
    return problems + shouted(html.unescape(_TAG.sub(" ", _PRE.sub(" ", page))))


def shouted(prose: str) -> list[str]:
    """The messages in capitals that docutils and themes write, with their context."""
    problems = []
    for found in _SHOUT.finditer(prose):
        start = max(found.start() - 40, 0)
        problems.append("text " + repr(" ".join(prose[start : found.end() + 60].split())))
    return problems


def documented_names(build: Path) -> set[str]:
    """Every Python object the build's inventory holds."""
    data = (build / "objects.inv").read_bytes()
    header_end = 0
    for _ in range(4):
        header_end = data.index(b"\n", header_end) + 1
    names = set()
    for line in zlib.decompress(data[header_end:]).decode().splitlines():
        name, role = line.split(" ", 2)[:2]
        if role.startswith("py:"):
            names.add(name)
    return names


def undocumented(build: Path) -> list[str]:
    """The public names of corpusfmt that the API reference does not document."""
    names = documented_names(build)
    top = importlib.import_module("corpusfmt")
    missing = []
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        if module_name not in names:
            missing.append(module_name)
        for name in module.__all__:
            # A layer's name that the package re-exports is documented once, there.
            home = "corpusfmt" if module is not top and name in top.__all__ else module_name
            if f"{home}.{name}" not in names:
                missing.append(f"{home}.{name}")
    return sorted(set(missing))


def browser() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def rendered(chrome: str, page: Path, scratch: Path) -> str:
    """The text of *page* as Chromium prints it, styles and scripts applied."""
    # Only the browser check needs it (the docs extra has it), not the doctests
    # of this file.
    from pypdf import PdfReader

    pdf = scratch / "page.pdf"
    subprocess.run(
        [
            chrome,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            "--virtual-time-budget=2000",
            f"--print-to-pdf={pdf}",
            page.resolve().as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    return "\n".join(sheet.extract_text() for sheet in PdfReader(pdf).pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("build", type=Path, help="the directory sphinx-build -b html wrote")
    parser.add_argument(
        "--browser",
        choices=("auto", "always", "never"),
        default="auto",
        help="open the pages in headless Chromium: if one is installed (auto), or fail without",
    )
    args = parser.parse_args(argv)
    pages = sorted(
        path
        for path in args.build.rglob("*.html")
        if not path.relative_to(args.build).parts[0].startswith("_")
    )
    if not pages:
        print(f"no pages under {args.build}", file=sys.stderr)
        return 1
    failures = []
    for page in pages:
        for problem in page_problems(page.read_text(encoding="utf-8")):
            failures.append(f"{page.relative_to(args.build)}: {problem}")
    failures += [f"API reference: {name} is not documented" for name in undocumented(args.build)]

    chrome = None if args.browser == "never" else browser()
    if chrome is None and args.browser == "always":
        failures.append("no Chromium to open the pages in")
    if chrome is not None:
        with tempfile.TemporaryDirectory() as scratch:
            for page in pages:
                for problem in shouted(rendered(chrome, page, Path(scratch))):
                    failures.append(f"{page.relative_to(args.build)} in Chromium: {problem}")
    opened = f", each opened in {Path(chrome).name}" if chrome else ", no browser on this machine"
    for failure in failures:
        print(failure, file=sys.stderr)
    print(f"checked {len(pages)} pages{opened}: {len(failures)} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
