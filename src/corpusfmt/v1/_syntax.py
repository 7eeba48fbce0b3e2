"""The lexical pieces of format v1 that the model, the reader and the writer share.

Every rule here is stated normatively in ``docs/spec.rst``; a change here is a
change of the format.
"""

from __future__ import annotations

import re
from typing import Final

from corpusfmt._lexicon import (
    ENCODING_KEY,
    FORBIDDEN_RANGES,
    FUTURE_KEYS,
    KEY,
    KEY_PATTERN,
    NO_FINAL_NEWLINE_KEY,
    RESERVED_KEYS,
    describe_char,
    forbidden_char,
)

__all__ = [
    "ASCII_BARE_BYTES",
    "BARE_CHAR",
    "BARE_WORD",
    "BASE64",
    "ENCODING_KEY",
    "END_LINE",
    "ESCAPE",
    "FUTURE_KEYS",
    "HEADER_CLOSE",
    "HEADER_START",
    "KEY",
    "KEY_PATTERN",
    "MARKER_PREFIX",
    "NO_FINAL_NEWLINE_KEY",
    "NO_FINAL_NEWLINE_VALUE",
    "QUOTED_BODY",
    "RESERVED_KEYS",
    "describe_char",
    "forbidden_char",
    "quote",
]

HEADER_START: Final = "<<<FILE"
END_LINE: Final = "<<<END FILE>>>"
HEADER_CLOSE: Final = ">>>"
# Any body line that begins with this, after optional backslashes, is escaped.
MARKER_PREFIX: Final = "<<<"
ESCAPE: Final = "\\"

NO_FINAL_NEWLINE_VALUE: Final = "no"
BASE64: Final = "base64"

# Code points that may appear in a name or value only inside quotes: the
# characters the header syntax itself uses, and every space, separator and
# invisible format character (Unicode categories Zs, Zl, Zp and Cf), so that a
# bare name always shows exactly what it is.
_QUOTE_ONLY_RANGES: Final = (
    r' "\\=>'
    "\u00a0\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u1680\u180e"
    "\u2000-\u200f\u2028-\u202f\u205f-\u2064\u2066-\u206f\u3000\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)

# Both are character-class bodies for the re module, ranges included.
BARE_CHAR: Final = "[^" + _QUOTE_ONLY_RANGES + FORBIDDEN_RANGES + "]"
BARE_WORD: Final = re.compile(BARE_CHAR + "+")
# The ASCII characters a bare word may hold, for bytes.translate to delete.
ASCII_BARE_BYTES: Final = bytes(code for code in range(128) if BARE_WORD.fullmatch(chr(code)))
# Inside quotes every character stands for itself except the quote and the
# backslash, which are written as \" and \\.
QUOTED_BODY: Final = re.compile(r'(?:[^"\\' + FORBIDDEN_RANGES + r']|\\["\\])*')


def quote(value: str) -> str:
    """Write *value* as it stands in a header: bare if it can be, else quoted."""
    # Most names are ASCII: one translate tells whether all are bare characters.
    if value.isascii() and value and not value.encode().translate(None, ASCII_BARE_BYTES):
        return value
    if BARE_WORD.fullmatch(value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
