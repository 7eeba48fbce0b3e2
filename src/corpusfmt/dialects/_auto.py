"""The push parser of ``dialect="auto"``: it decides at the first header, from the text before it.

Rule: text is held back, and nothing is reported, until the first complete
line that is a header of any style (or the end of the stream). That much of
the text decides:

- a packer's signature (:data:`PACKERS`): that tool's reader, which reads
  the whole stream once it has ended;
- only blank lines, then a header that format v1 reads: format v1, which
  escapes what could be read as a marker, as long as v1 reads it without a
  problem; a document is given out once v1 has read its end line. At the
  first problem, the dialect composed of the parts the header shows goes
  on: from the header of the document v1 was reading, or from the line
  outside any document that v1 refused (a model's prose);
- anything else: the dialect composed of the parts the text shows (see
  :func:`~corpusfmt.sniff`), with every end word, since no end marker has
  been seen yet;
- a stream that ends before any header: the whole text, read in what
  :func:`~corpusfmt.sniff` chooses for it.

Every input to the decision is a fixed stretch of text, so the events do not
depend on how the stream was cut into pieces.
"""

from __future__ import annotations

from corpusfmt._errors import CorpusFormatError
from corpusfmt._events import DocumentEnded, DocumentIncomplete, DocumentStarted, Event
from corpusfmt.dialects._catalog import PACKERS
from corpusfmt.dialects._dialect import V1, Dialect
from corpusfmt.dialects._infer import first_header_end, infer, inferred_dialect
from corpusfmt.dialects._pattern_read import PatternReader
from corpusfmt.dialects._sniff import sniff
from corpusfmt.dialects._syntaxes import PushReader, syntax_of
from corpusfmt.dialects._whole import WholeTextStream
from corpusfmt.v1 import OUTSIDE_MESSAGES, StreamParser

__all__ = ["AutoStream"]


class AutoStream:
    """Read a stream in the dialect its start shows; see the module's rule."""

    def __init__(self, strict: bool) -> None:
        self._strict = strict
        self._undecided = ""
        self._reader: PushReader | None = None
        self._v1: StreamParser | None = None
        self._then: Dialect | None = None
        # While format v1 reads: the stream's text from where the dialect to
        # go on in would have to begin (the open document's header, or the
        # line being read), and the events of the open document.
        self._kept: list[str] = []
        self._kept_pos = 0
        self._fed = 0
        self._line_start = 0
        self._held: list[Event] = []
        self.dialect: Dialect | None = None
        self._closed = False
        self._failure: CorpusFormatError | None = None
        self._events_before_error: list[Event] = []

    @property
    def events_before_error(self) -> list[Event]:
        return list(self._events_before_error)

    def feed(self, chunk: str) -> list[Event]:
        if not isinstance(chunk, str):
            raise TypeError(f"expected a str chunk, not {type(chunk).__name__}")
        if self._closed:
            raise ValueError("feed() after close()")
        return self._run(chunk, final=False)

    def close(self) -> list[Event]:
        if self._closed:
            return []
        self._closed = True
        return self._run("", final=True)

    def _run(self, chunk: str, *, final: bool) -> list[Event]:
        if self._failure is not None:
            raise self._failure
        events: list[Event] = []
        try:
            self._step(chunk, final, events)
        except CorpusFormatError as failure:
            self._failure = failure
            self._events_before_error = events
            raise
        return events

    def _step(self, chunk: str, final: bool, events: list[Event]) -> None:
        if self._reader is None and self._v1 is None:
            text = self._undecided + chunk
            complete = len(text) if final else text.rfind("\n") + 1
            header_end = first_header_end(text, complete)
            if header_end is None and not final:
                self._undecided = text
                return
            self._undecided = ""
            self._decide(text, header_end)
            chunk = text
        if self._v1 is not None:
            self._through_v1(self._v1, chunk, final, events)
        else:
            assert self._reader is not None
            _through(self._reader, chunk, final, events)

    def _decide(self, text: str, header_end: int | None) -> None:
        if header_end is None:
            # The stream has ended: it is read as a whole text is.
            chosen = sniff(text).dialect
            self.dialect = chosen
            self._reader = WholeTextStream(syntax_of(chosen), chosen, self._strict)
            return
        start = text[:header_end]
        for packer in PACKERS.values():
            if syntax_of(packer).recognises(start):
                self.dialect = packer
                self._reader = syntax_of(packer).stream(packer, self._strict)
                return
        evidence = infer(start)
        assert evidence is not None, "a header was found"
        composed = inferred_dialect(evidence)
        if _starts_v1(start):
            self.dialect = V1
            self._v1 = StreamParser(strict=self._strict)
            self._then = composed
            return
        self.dialect = composed
        self._reader = PatternReader(composed, self._strict, streaming=True)

    def _through_v1(
        self, reader: StreamParser, chunk: str, final: bool, events: list[Event]
    ) -> None:
        self._kept.append(chunk)
        self._fed += len(chunk)
        newline = chunk.rfind("\n")
        if newline >= 0:
            self._line_start = self._fed - len(chunk) + newline + 1
        try:
            read = reader.feed(chunk)
            if final:
                read += reader.close()
        except CorpusFormatError as error:
            self._hold(reader.events_before_error, events)
            opened = reader.open_document
            if opened is not None:
                # What v1 read of the open document is not given out: the
                # other dialect reads it again from its header.
                self._held = []
                _, line_start, lineno = opened
            elif error.msg in OUTSIDE_MESSAGES:
                line_start, lineno = error.pos - (error.colno - 1), error.lineno
            else:
                raise
            self._go_on_after_v1(line_start, lineno, final, events)
            return
        self._hold(read, events)
        opened = reader.open_document
        self._keep_from(opened[1] if opened is not None else self._line_start)

    def _hold(self, read: list[Event], events: list[Event]) -> None:
        """Give out *read*, less the events of a document v1 has not finished."""
        for event in read:
            if not self._held and not isinstance(event, DocumentStarted):
                events.append(event)
                continue
            self._held.append(event)
            if isinstance(event, (DocumentEnded, DocumentIncomplete)):
                events += self._held
                self._held = []

    def _keep_from(self, pos: int) -> None:
        while self._kept and self._kept_pos + len(self._kept[0]) <= pos:
            self._kept_pos += len(self._kept.pop(0))

    def _go_on_after_v1(
        self, line_start: int, lineno: int, final: bool, events: list[Event]
    ) -> None:
        """Go on from *line_start* in the dialect the first header showed."""
        assert self._then is not None
        assert self._v1 is not None
        # The names of the documents v1 gave out, so that a second one is found.
        given = {name: line for name, line in self._v1.first_lines.items() if line < lineno}
        rest = "".join(self._kept)[line_start - self._kept_pos :]
        self._v1 = None
        self._kept = []
        self.dialect = self._then
        self._reader = PatternReader(
            self._then,
            self._strict,
            streaming=True,
            start_pos=line_start,
            start_lineno=lineno,
            first_lines=given,
        )
        _through(self._reader, rest, final, events)


def _starts_v1(start: str) -> bool:
    """Whether *start* (the text up to the first header) is the start of a v1 bundle:
    format v1 reads a document's header out of it, and nothing wrong before."""
    parser = StreamParser()
    try:
        events = parser.feed(start)
    except CorpusFormatError:
        return False
    try:
        events += parser.close()
    except CorpusFormatError:
        # The document the header opens is not closed, as it cannot be yet.
        events += parser.events_before_error
    return any(isinstance(event, DocumentStarted) for event in events)


def _through(reader: PushReader, chunk: str, final: bool, events: list[Event]) -> None:
    try:
        events += reader.feed(chunk)
        if final:
            events += reader.close()
    except CorpusFormatError:
        events += reader.events_before_error
        raise
