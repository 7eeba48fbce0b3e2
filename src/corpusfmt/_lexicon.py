"""What a document's name, metadata keys and values may hold, whatever carries them.

These rules belong to the document model, not to one syntax: every reader
produces documents that obey them and every writer may rely on them. Format
v1 adds its own lexical rules on top (``corpusfmt.v1._syntax``).
"""

from __future__ import annotations

import re
from typing import Final

NO_FINAL_NEWLINE_KEY: Final = "final-newline"
ENCODING_KEY: Final = "encoding"
# Reserved for a later version of the format: a v1 reader refuses them rather
# than ignore a promise it cannot check.
FUTURE_KEYS: Final = frozenset({"sha256", "length"})
# Keys the format gives a meaning to; none of them may be used for metadata.
RESERVED_KEYS: Final = FUTURE_KEYS | {NO_FINAL_NEWLINE_KEY, ENCODING_KEY}

# Code points that may never appear in a name or a value: controls (category
# Cc) cannot be shown on one header line, and lone surrogates cannot be encoded
# as UTF-8. A character-class body for the re module.
FORBIDDEN_RANGES: Final = "\x00-\x1f\x7f-\x9f\ud800-\udfff"
FORBIDDEN_CHAR: Final = re.compile("[" + FORBIDDEN_RANGES + "]")
KEY_PATTERN: Final = "[A-Za-z_][A-Za-z0-9_.:-]*"
KEY: Final = re.compile(KEY_PATTERN)


def forbidden_char(value: str) -> str | None:
    """The first character of *value* that no name or value may hold, if any."""
    found = FORBIDDEN_CHAR.search(value)
    return found.group() if found else None


def describe_char(char: str) -> str:
    """Name a character in an error message so that it is visible."""
    return f"U+{ord(char):04X}"
