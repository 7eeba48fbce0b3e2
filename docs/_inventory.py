"""The Python and attrs names these docs link to, as intersphinx inventories.

Intersphinx normally downloads each project's ``objects.inv``; the docs must
build without a network, so the few targets they use are listed here, with
their addresses in the Python and attrs documentation, and written in the
inventory format (version 2) before the build starts. A name missing here is a
nitpicky warning, so the build fails rather than leave a type unlinked.
"""

from __future__ import annotations

import zlib
from pathlib import Path

PYTHON_URL = "https://docs.python.org/3"
ATTRS_URL = "https://www.attrs.org/en/stable"

# name, domain:role, page (the anchor is the name unless given after "#").
PYTHON: list[tuple[str, str, str]] = [
    ("str", "py:class", "library/stdtypes.html"),
    ("bytes", "py:class", "library/stdtypes.html"),
    ("bytearray", "py:class", "library/stdtypes.html"),
    ("memoryview", "py:class", "library/stdtypes.html"),
    ("tuple", "py:class", "library/stdtypes.html"),
    ("list", "py:class", "library/stdtypes.html"),
    ("dict", "py:class", "library/stdtypes.html"),
    ("int", "py:class", "library/functions.html"),
    ("bool", "py:class", "library/functions.html"),
    ("float", "py:class", "library/functions.html"),
    ("object", "py:class", "library/functions.html"),
    ("open", "py:function", "library/functions.html"),
    ("len", "py:function", "library/functions.html"),
    ("iter", "py:function", "library/functions.html"),
    ("None", "py:data", "library/constants.html"),
    ("True", "py:data", "library/constants.html"),
    ("False", "py:data", "library/constants.html"),
    ("Exception", "py:exception", "library/exceptions.html"),
    ("ValueError", "py:exception", "library/exceptions.html"),
    ("TypeError", "py:exception", "library/exceptions.html"),
    ("OSError", "py:exception", "library/exceptions.html"),
    ("KeyError", "py:exception", "library/exceptions.html"),
    ("FileNotFoundError", "py:exception", "library/exceptions.html"),
    ("FileExistsError", "py:exception", "library/exceptions.html"),
    ("UnicodeDecodeError", "py:exception", "library/exceptions.html"),
    ("UserWarning", "py:exception", "library/exceptions.html"),
    ("collections.OrderedDict", "py:class", "library/collections.html"),
    ("collections.abc.Callable", "py:class", "library/collections.abc.html"),
    ("collections.abc.Iterable", "py:class", "library/collections.abc.html"),
    ("collections.abc.Iterator", "py:class", "library/collections.abc.html"),
    ("collections.abc.Mapping", "py:class", "library/collections.abc.html"),
    ("collections.abc.Sequence", "py:class", "library/collections.abc.html"),
    ("typing.IO", "py:class", "library/typing.html"),
    ("typing.Literal", "py:data", "library/typing.html"),
    ("typing.Any", "py:data", "library/typing.html"),
    ("os.PathLike", "py:class", "library/os.html"),
    ("os.scandir", "py:function", "library/os.html"),
    ("os", "py:module", "library/os.html#module-os"),
    ("pathlib", "py:module", "library/pathlib.html#module-pathlib"),
    ("pathlib.Path", "py:class", "library/pathlib.html"),
    ("io.TextIOBase", "py:class", "library/io.html"),
    ("io.BufferedIOBase", "py:class", "library/io.html"),
    ("json", "py:module", "library/json.html#module-json"),
    ("gzip", "py:module", "library/gzip.html#module-gzip"),
    ("base64", "py:module", "library/base64.html#module-base64"),
    ("base64.b64decode", "py:function", "library/base64.html"),
    ("tarfile", "py:module", "library/tarfile.html#module-tarfile"),
    ("re", "py:module", "library/re.html#module-re"),
    ("re.Pattern", "py:class", "library/re.html"),
]

ATTRS: list[tuple[str, str, str]] = [
    ("attrs.evolve", "py:function", "api.html"),
    ("attrs.frozen", "py:function", "api.html"),
    ("attrs.asdict", "py:function", "api.html"),
]


def write_inventory(path: Path, project: str, entries: list[tuple[str, str, str]]) -> str:
    """Write *entries* to *path* as an ``objects.inv`` and return the path as a string."""
    lines = []
    for name, role, page in entries:
        uri = page if "#" in page else f"{page}#{name}"
        lines.append(f"{name} {role} 1 {uri} -\n")
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {project}\n"
        "# Version: \n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header.encode() + zlib.compress("".join(lines).encode()))
    return str(path)
