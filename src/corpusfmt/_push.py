"""The push parser of every dialect: its ``dialect=`` is resolved here, above the dialects."""

from __future__ import annotations

from corpusfmt._events import (
    BodyData,
    BodyText,
    DocumentEnded,
    DocumentIncomplete,
    DocumentStarted,
    Event,
)
from corpusfmt._model import Document
from corpusfmt.dialects import AutoStream, Dialect, PushReader, resolve, syntax_of

__all__ = ["DocumentAssembler", "StreamParser"]

_AUTO = "auto"


class StreamParser:
    """Read a bundle that arrives in pieces, and report what it holds as it comes.

    Call :meth:`feed` with each piece of text and :meth:`close` at the end of
    the stream; both return the :data:`Event` objects that the text
    completed. Text of a document is reported as soon as no later text can
    change it, so a file can be written the moment its end marker is read.

    *dialect* is ``"v1"`` (the default), a preset name, a :class:`Dialect`,
    a packer's name, or ``"auto"``, which decides at the first header (see
    :doc:`dialects`); :attr:`dialect` says what it chose. Joined, the events
    give exactly what :func:`corpusfmt.parse` gives for the whole text in
    that dialect, however the text was cut.

    A strict parser (the default) raises :class:`CorpusFormatError` at the
    first problem, with line and column in the whole stream, as soon as the
    line that shows it is complete; :meth:`close` raises it if the stream
    ends inside a document. A lenient one (``strict=False``) reports each
    problem as a :class:`Noticed` event instead, and a document cut short as
    :class:`DocumentIncomplete`, which is what a model's answer needs. Format
    v1 has no reading past a problem, so a lenient v1 parser is lenient only
    about a document that the end of the stream leaves open.

    >>> from corpusfmt import StreamParser
    >>> parser = StreamParser()
    >>> parser.feed("<<<FILE a.txt>>>\\nhel")
    [DocumentStarted(name='a.txt', meta={}), BodyText(text='hel')]
    >>> parser.feed("lo\\n<<<END FI")
    [BodyText(text='lo\\n')]
    >>> parser.feed("LE>>>\\n")
    [DocumentEnded(name='a.txt')]
    >>> parser.close()
    []

    A model's answer, with prose around its files:

    >>> parser = StreamParser(dialect="auto", strict=False)
    >>> events = parser.feed("Sure:\\n<<<FILE: a.py>>>\\nprint(1)\\n<<<END FILE>>>\\nDone.\\n")
    >>> events + parser.close()  # doctest: +NORMALIZE_WHITESPACE
    [BetweenText(text='Sure:\\n'), DocumentStarted(name='a.py', meta={}),
     BodyText(text='print(1)\\n'), DocumentEnded(name='a.py'), BetweenText(text='Done.\\n')]
    """

    def __init__(self, dialect: str | Dialect = "v1", *, strict: bool = True) -> None:
        self._reader: PushReader | AutoStream
        if isinstance(dialect, str) and dialect == _AUTO:
            self._auto: AutoStream | None = AutoStream(strict)
            self._reader = self._auto
            self._dialect: Dialect | None = None
        else:
            chosen = resolve(dialect)
            self._auto = None
            self._reader = syntax_of(chosen).stream(chosen, strict)
            self._dialect = chosen
        self._strict = strict

    @property
    def dialect(self) -> Dialect | None:
        """Which dialect the stream is read in; for ``"auto"``, ``None`` until it has decided."""
        return self._auto.dialect if self._auto is not None else self._dialect

    @property
    def strict(self) -> bool:
        """Whether a problem raises (true) or is reported as a :class:`Noticed` event."""
        return self._strict

    @property
    def events_before_error(self) -> list[Event]:
        """The events that the call which raised had read before the problem,
        so that a caller loses nothing that was read."""
        return self._reader.events_before_error

    def feed(self, chunk: str) -> list[Event]:
        """Take the next piece of the stream; return the events it completed."""
        return self._reader.feed(chunk)

    def close(self) -> list[Event]:
        """End the stream; return the last events.

        A strict parser raises :class:`CorpusFormatError` if a document is
        still open: the stream was cut short (a truncated answer or file).
        """
        return self._reader.close()

    def __repr__(self) -> str:
        chosen = self.dialect
        shown = "auto, undecided" if chosen is None else repr(chosen.name)
        return f"StreamParser(dialect={shown}, strict={self._strict})"


class DocumentAssembler:
    """Join the events of a :class:`StreamParser` into documents.

    :meth:`take` each event in order; the event that ends a document
    (:class:`DocumentEnded`, or :class:`DocumentIncomplete` for one cut
    short) returns it.

    >>> from corpusfmt import DocumentAssembler, StreamParser
    >>> parser, assembler = StreamParser(), DocumentAssembler()
    >>> events = parser.feed("<<<FILE a.txt>>>\\nhi\\n<<<END FILE>>>\\n") + parser.close()
    >>> [doc for doc in map(assembler.take, events) if doc is not None]
    [Document(name='a.txt', text='hi\\n')]
    """

    def __init__(self) -> None:
        self._started: DocumentStarted | None = None
        self._pieces: list[str] = []
        self._data: bytes | None = None

    @property
    def open(self) -> str | None:
        """The name of the document being joined, or ``None`` between documents."""
        return None if self._started is None else self._started.name

    def take(self, event: Event) -> Document | None:
        """Take the next event; return the document it ends, if it ends one."""
        # The most frequent event first: this runs once for every event.
        if isinstance(event, BodyText):
            self._pieces.append(event.text)
        elif isinstance(event, DocumentStarted):
            self._started, self._pieces, self._data = event, [], None
        elif isinstance(event, (DocumentEnded, DocumentIncomplete)):
            started = self._started
            if started is None:
                raise ValueError(f"{event!r} without a DocumentStarted before it")
            self._started = None
            meta = tuple(started.meta.items())
            if self._data is not None:
                return Document._unchecked(started.name, "", meta, self._data)
            return Document._unchecked(started.name, "".join(self._pieces), meta)
        elif isinstance(event, BodyData):
            self._data = event.data
        return None
