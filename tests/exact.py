"""Assert an exception's whole message, not a fragment of it."""

from __future__ import annotations

import re
from typing import Any

import pytest


def raises_exactly(error: type[BaseException], message: str) -> Any:
    """Like pytest.raises, but the message must equal *message* to the letter."""
    return pytest.raises(error, match=r"\A" + re.escape(message) + r"\Z")
