"""The lexical pieces of format v1 that the model, the reader and the writer share.

Every rule here is stated normatively in ``docs/spec.rst``; a change here is a
change of the format.
"""

from __future__ import annotations

import re
from typing import Final

HEADER_START: Final = "<<<FILE"
END_LINE: Final = "<<<END FILE>>>"
HEADER_CLOSE: Final = ">>>"
# Any body line that begins with this, after optional backslashes, is escaped.
MARKER_PREFIX: Final = "<<<"
ESCAPE: Final = "\\"

NO_FINAL_NEWLINE_KEY: Final = "final-newline"
NO_FINAL_NEWLINE_VALUE: Final = "no"
# Reserved for a later version of the format: a v1 reader refuses them rather
# than ignore a promise it cannot check.
FUTURE_KEYS: Final = frozenset({"sha256", "length"})
ENCODING_KEY: Final = "encoding"
BASE64: Final = "base64"
# Keys the format gives a meaning to; none of them may be used for metadata.
RESERVED_KEYS: Final = FUTURE_KEYS | {NO_FINAL_NEWLINE_KEY, ENCODING_KEY}

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
# Code points that may never appear in a name or a value: controls (category
# Cc) cannot be shown on one header line, and lone surrogates cannot be encoded
# as UTF-8.
_FORBIDDEN_RANGES: Final = "\x00-\x1f\x7f-\x9f\ud800-\udfff"

# Both are character-class bodies for the re module, ranges included.
BARE_CHAR: Final = "[^" + _QUOTE_ONLY_RANGES + _FORBIDDEN_RANGES + "]"
BARE_WORD: Final = re.compile(BARE_CHAR + "+")
FORBIDDEN_CHAR: Final = re.compile("[" + _FORBIDDEN_RANGES + "]")
KEY_PATTERN: Final = "[A-Za-z_][A-Za-z0-9_.:-]*"
KEY: Final = re.compile(KEY_PATTERN)
# Inside quotes every character stands for itself except the quote and the
# backslash, which are written as \" and \\.
QUOTED_BODY: Final = re.compile(r'(?:[^"\\' + _FORBIDDEN_RANGES + r']|\\["\\])*')


def quote(value: str) -> str:
    """Write *value* as it stands in a header: bare if it can be, else quoted."""
    if BARE_WORD.fullmatch(value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def forbidden_char(value: str) -> str | None:
    """The first character of *value* that no name or value may hold, if any."""
    found = FORBIDDEN_CHAR.search(value)
    return found.group() if found else None


def describe_char(char: str) -> str:
    """Name a character in an error message so that it is visible."""
    return f"U+{ord(char):04X}"
