"""What every push parser a syntax makes offers: text in pieces in, events out."""

from __future__ import annotations

from typing import Protocol

from corpusfmt._events import Event

__all__ = ["PushReader"]


class PushReader(Protocol):
    """A push parser as a syntax makes one."""

    @property
    def events_before_error(self) -> list[Event]:
        """What the call that raised had read before the problem."""

    def feed(self, chunk: str) -> list[Event]:
        """Take the next piece of the stream; return the events it completed."""

    def close(self) -> list[Event]:
        """End the stream; return the last events."""
