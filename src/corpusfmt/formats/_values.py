"""How a value of another tool's record becomes a document's name or metadata.

One rule for every container that holds typed values (JSON Lines, Arrow
tables), so that the same record reads the same from each.
"""

from __future__ import annotations

import json
from typing import Final

__all__ = ["TYPED_METADATA", "metadata_text", "name_of"]

# What a reader warns of, followed by the keys, when it met metadata that is not text.
TYPED_METADATA: Final = "metadata that is not a string is carried as its JSON text"


def name_of(value: object) -> str | None:
    """A record's name as a document's: a string as it is, an integer as its
    digits (an ``id`` column); ``None`` for anything else, a boolean included.

    >>> from corpusfmt.formats import name_of
    >>> name_of(17), name_of("a.txt"), name_of(True)
    ('17', 'a.txt', None)
    """
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def metadata_text(value: object) -> str:
    """A metadata value as text: a string as it is, anything else as its JSON text.

    >>> from corpusfmt.formats import metadata_text
    >>> metadata_text("de"), metadata_text(0.9), metadata_text(True), metadata_text(["a", "ü"])
    ('de', '0.9', 'true', '["a", "ü"]')
    """
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)
