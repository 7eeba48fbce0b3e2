"""A Pygments lexer for format v1 bundles, for documentation and editors.

Install the extra (``pip install 'corpusfmt[pygments]'``) and every program
that asks Pygments for a lexer by name finds it: ``.. code-block:: corpusfmt``
in Sphinx, ``pygmentize -l corpusfmt``, or a file ending in ``.bundle``.

>>> from pygments import highlight
>>> from pygments.formatters import NullFormatter
>>> from corpusfmt.lexer import BundleLexer
>>> print(highlight('<<<FILE a.txt lang=en>>>\\nhi\\n<<<END FILE>>>\\n',
...                 BundleLexer(), NullFormatter()), end="")
<<<FILE a.txt lang=en>>>
hi
<<<END FILE>>>

The lexer follows the grammar of :doc:`/spec` line by line: a header line
(its name, each attribute, the reserved keys and quoted values with their two
escapes), an end line, and the backslashes of an escaped body line. Every
other line is text, shown as it is. A line that begins with ``<<<`` and is
neither marker is marked as an error, as a reader would refuse it. It colours;
it does not check: :func:`corpusfmt.loads` says whether a bundle is valid.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, ClassVar

from pygments.lexer import RegexLexer, default
from pygments.lexer import bygroups as _untyped_bygroups
from pygments.token import (
    Error,
    Keyword,
    Name,
    Operator,
    String,
    Text,
    Whitespace,
)

from corpusfmt.v1 import syntax

__all__ = ["BundleLexer"]

_RESERVED = "|".join(re.escape(key) for key in sorted(syntax.RESERVED_KEYS))
_BARE = syntax.BARE_CHAR + "+"
_NEWLINE = r"\r?\n"
# The stubs leave bygroups untyped; it returns a callback that Pygments calls.
bygroups: Callable[..., Any] = _untyped_bygroups


def _quoted(token: Any) -> list[Any]:
    """The inside of a quoted name or value, up to its closing quote.

    Only ``\\"`` and ``\\\\`` are escapes; another backslash is an error, and so
    is a line that ends before the quote (the header then ends too).
    """
    return [
        (r'\\["\\]', String.Escape),
        (r'[^"\\\n]+', token),
        ('"', token, "#pop"),
        (r"\\", Error),
        (r"\n", Error, "#pop:3"),
    ]


class BundleLexer(RegexLexer):
    """Pygments lexer for the ``<<<FILE … >>>`` bundles of format v1.

    Registered under the names ``corpusfmt`` and ``bundle`` and for files
    ending in ``.bundle``.
    """

    name = "corpusfmt bundle"
    aliases: ClassVar[list[str]] = ["corpusfmt", "bundle"]
    filenames: ClassVar[list[str]] = ["*.bundle"]
    mimetypes: ClassVar[list[str]] = ["text/x-corpusfmt-bundle"]
    url = "https://pypi.org/project/corpusfmt/"
    flags = re.MULTILINE

    tokens: ClassVar[dict[str, list[object]]] = {
        "root": [
            (
                "^(" + re.escape(syntax.HEADER_START) + ")([ \t]+)",
                bygroups(Keyword, Whitespace),
                "name",
            ),
            (
                "^(" + re.escape(syntax.END_LINE) + ")(" + _NEWLINE + "|$)",
                bygroups(Keyword, Whitespace),
            ),
            # The escape backslashes are the only characters of a body that a
            # writer adds; the rest of the line is the document's own text.
            (
                r"^(\\+)(" + re.escape(syntax.MARKER_PREFIX) + ".*)(" + _NEWLINE + "|$)",
                bygroups(String.Escape, Text, Whitespace),
            ),
            (
                "^(" + re.escape(syntax.MARKER_PREFIX) + ".*)(" + _NEWLINE + "|$)",
                bygroups(Error, Whitespace),
            ),
            (".+", Text),
            (r"\n", Whitespace),
        ],
        "name": [
            ('"', Name.Entity, ("attributes", "quoted-name")),
            (_BARE, Name.Entity, "attributes"),
            default("attributes"),
        ],
        "quoted-name": _quoted(Name.Entity),
        "attributes": [
            (r"[ \t]+", Whitespace),
            (
                "(" + _RESERVED + ")(=)",
                bygroups(Keyword.Pseudo, Operator),
                "value",
            ),
            ("(" + syntax.KEY_PATTERN + ")(=)", bygroups(Name.Attribute, Operator), "value"),
            (re.escape(syntax.HEADER_CLOSE) + "(" + _NEWLINE + "|$)", Keyword, "#pop:2"),
            (r"\n", Error, "#pop:2"),
            (".", Error),
        ],
        "value": [
            ('"', String.Double, ("#pop", "quoted-value")),
            (_BARE, String, "#pop"),
            default("#pop"),
        ],
        "quoted-value": _quoted(String.Double),
    }
