"""Reading format v1: bundle text or bytes in, documents out.

:class:`DocumentCutter` drives the core in :mod:`corpusfmt.v1._frame` over a
buffer that holds the whole bundle (``loads``, ``load``) or a stretch of it
that grows at the end and is dropped at the front (``iter_load``). It is also
the boundary where the core's :class:`~corpusfmt._errors.Malformed` becomes a
:class:`CorpusFormatError` with line and column in the whole stream.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterator
from itertools import chain, repeat
from typing import AnyStr, Final, Generic, NoReturn

import attrs

from corpusfmt._errors import BYTE_OFFSET, OPENED_LINE, CorpusFormatError, Malformed
from corpusfmt._model import Document
from corpusfmt.v1 import _frame, _rules
from corpusfmt.v1._frame import BYTES, END, ESCAPED, STR, Header, PlainRun, Tokens

__all__ = ["DocumentCutter", "Frame", "loads", "loads_bytes"]

Frame = tuple[Header, int, int, bool]
"""A document found in a buffer: its header, the offset of its end line, the
offset after the end line, and whether its body holds escaped lines."""

_ESCAPED_LINE: Final = re.compile(r"^\\(?=\\*<<<)", re.MULTILINE)


@attrs.frozen
class _CheckedRun(Generic[AnyStr]):
    """A run of plain documents and their names, checked and taken."""

    run: PlainRun[AnyStr]
    names: list[str]


def _plain_frames(checked: _CheckedRun[AnyStr], end_line_length: int) -> Iterator[Frame]:
    """The frames of a plain run, each tuple made in a C-level loop."""
    run = checked.run
    count = len(run)
    headers = map(
        tuple.__new__,
        repeat(Header, count),
        zip(
            checked.names,
            repeat((), count),
            run.no_final_newline,
            repeat(False, count),
            repeat(False, count),
            run.starts,
            run.body_starts,
            repeat(0, count),
            strict=True,
        ),
    )
    afters = _afters(run, end_line_length)
    return zip(headers, run.end_line_starts, afters, repeat(False, count), strict=True)


def _afters(run: PlainRun[AnyStr], end_line_length: int) -> list[int]:
    """Where each document of a plain run ends: after its end line."""
    return list(map(operator.add, run.end_line_starts, repeat(end_line_length, len(run))))


def loads(text: str) -> list[Document]:
    """Read every document of the format v1 bundle *text*.

    Raises :class:`~corpusfmt.CorpusFormatError` if *text* does not follow
    format v1.

    >>> from corpusfmt import v1
    >>> v1.loads("<<<FILE a.txt>>>\\nhello\\n<<<END FILE>>>\\n")
    [Document(name='a.txt', text='hello\\n')]
    """
    if not isinstance(text, str):
        raise TypeError(
            f"expected the bundle as str, not {type(text).__name__}; "
            "use corpusfmt.load() for bytes and files"
        )
    return list(DocumentCutter(STR).cut(text, final=True))


def loads_bytes(data: bytes) -> list[Document]:
    """Read every document of the UTF-8 bundle *data*, decoding each body once."""
    return list(DocumentCutter(BYTES).cut(data, final=True))


class DocumentCutter(Generic[AnyStr]):
    """Cut whole documents out of a bundle that arrives in one or more buffers.

    Rule: ``bundle = [BOM] *blank-line *(document *blank-line)``,
    ``document = header-line body end-line``; names are unique within a
    bundle.

    Call :meth:`cut` with the buffer; it yields the documents that lie wholly
    in it and then sets :attr:`consumed`. The next buffer must begin with
    ``buffer[consumed:]``. With ``final=True`` the buffer ends the bundle.

    A stream may begin in the middle of a bundle, at a line start: then
    *stream_offset* is its byte (or character) offset there, *first_lineno*
    the line it begins on and *first_char_pos* the characters before it, so
    that errors are placed in the whole bundle.
    """

    def __init__(
        self,
        tokens: Tokens[AnyStr],
        *,
        streaming: bool = False,
        first_lineno: int = 1,
        stream_offset: int = 0,
        first_char_pos: int = 0,
        unique_names: bool = True,
    ) -> None:
        self._tokens: Tokens[AnyStr] = tokens
        self._end_line: AnyStr = tokens.end_line + tokens.newline
        # A stream forgets what it consumed, so it counts lines as it goes;
        # a whole buffer counts them only to report an error.
        self._streaming = streaming
        self._first_seen = _rules.FirstSeen()
        # A lenient reader keeps both documents of one name and reports them itself.
        self._unique_names = unique_names
        # Only a bundle's first bytes may be a byte order mark.
        self._at_start = stream_offset == 0
        self.consumed = 0
        # Where the current buffer begins in the whole stream.
        self._lines = _rules.RunningLines(first_lineno)
        # Where the stream begins in the whole text, in lines and characters,
        # for a stream that starts in the middle of a bundle.
        self._char_pos = first_char_pos
        self.stream_offset = stream_offset
        # Bytes minus characters of what was read in the current buffer.
        self._wide = 0
        self._base = 0

    def cut(self, buf: AnyStr, *, final: bool) -> Iterator[Document]:
        """Yield the documents that lie wholly in *buf*."""
        return chain.from_iterable(self.cut_batches(buf, final=final))

    def cut_batches(self, buf: AnyStr, *, final: bool) -> Iterator[list[Document]]:
        """Yield the documents that lie wholly in *buf*, in lists of those read at once."""
        for piece in self._pieces(buf, final=final, start=0, lines=None):
            if isinstance(piece, _CheckedRun):
                documents = self._plain_documents(buf, piece)
                yield documents
                if len(documents) < len(piece.names):
                    self._raise_bad_body(buf, piece, len(documents))
            else:
                yield [self.document(buf, piece)]

    def document(self, buf: AnyStr, frame: Frame) -> Document:
        """The document of a frame that :meth:`frames` found in *buf*."""
        header, body_end, _, escaped = frame
        try:
            return self._document(buf, header, body_end, escaped)
        except Malformed as problem:
            raise self._error(buf, problem) from problem.__cause__

    def frames(self, buf: AnyStr, *, final: bool, start: int = 0) -> Iterator[Frame]:
        """Yield where each document that lies wholly in *buf* is, without reading its body.

        Each is the header, the offset of the end line, the offset after it,
        and whether the body holds escaped lines. Offsets are into *buf*; the
        buffer begins at :attr:`stream_offset` of the stream.
        """
        for piece in self._pieces(buf, final=final, start=start, lines=None):
            if isinstance(piece, _CheckedRun):
                yield from _plain_frames(piece, len(self._end_line))
            else:
                yield piece

    def span_batches(
        self, buf: AnyStr, *, final: bool, lines: list[int]
    ) -> Iterator[tuple[list[str], list[int], list[int], list[tuple[tuple[str, str], ...]]]]:
        """Yield the names, header offsets, offsets after the end line and
        attributes of the documents that lie wholly in *buf*, in lists of those
        found at once, without reading their bodies; the line of each header is
        appended to *lines*. What an index needs, made without a tuple a document.
        """
        after_end_line = len(self._end_line)
        for piece in self._pieces(buf, final=final, start=0, lines=lines):
            if isinstance(piece, _CheckedRun):
                run = piece.run
                yield piece.names, run.starts, _afters(run, after_end_line), [()] * len(run)
            else:
                header, _, after, _ = piece
                yield [header.name], [header.start], [after], [header.meta]

    def _pieces(
        self, buf: AnyStr, *, final: bool, start: int, lines: list[int] | None
    ) -> Iterator[_CheckedRun[AnyStr] | Frame]:
        """Yield the runs of plain documents, and the frame of each other document, in order."""
        tokens = self._tokens
        self._wide = 0
        # A lenient reader starts again after a problem, at a line start in
        # the middle of a text it does not copy; the cutter's first line is
        # then the line of that start.
        self._base = start
        self._lines.restart(start)
        pos = start
        if self._at_start and start == 0:
            bom = _rules.bom_width(buf, final)
            if bom is None:
                self.consumed = 0
                return
            self._at_start = False
            pos = bom
            # The mark is one character, however many bytes it takes.
            self._wide += max(bom - 1, 0)
        marker = tokens.marker
        first_seen = self._first_seen.where
        unique_names = self._unique_names
        try:
            while True:
                run = self._plain_run(buf, pos, lines)
                if run is not None:
                    yield run
                    pos = run.run.end
                if not buf.startswith(marker, pos):
                    pos = _frame.skip_blank_lines(tokens, buf, pos, final)
                    if pos == len(buf):
                        break
                header = _frame.read_header(tokens, buf, pos, final)
                if header is None:
                    break
                # A second name is wrong at its header, before anything in its
                # body: the first problem in reading order is the one reported.
                if unique_names and header.name in first_seen:
                    raise self._duplicate(buf, header)
                found = self._find_end(buf, header, final)
                if found is None:
                    break
                body_end, after, escaped = found
                if lines is not None or (unique_names and self._streaming):
                    lineno = self.line_of(buf, header.start)
                    if lines is not None:
                        lines.append(lineno)
                if unique_names:
                    first_seen[header.name] = lineno if self._streaming else header.start
                yield header, body_end, after, escaped
                pos = after
        except Malformed as problem:
            # A bad byte keeps its UnicodeDecodeError as the cause; the
            # reader's own machinery is not worth showing.
            raise self._error(buf, problem) from problem.__cause__
        self._advance(buf, pos)

    def _plain_run(
        self, buf: AnyStr, pos: int, lines: list[int] | None
    ) -> _CheckedRun[AnyStr] | None:
        """The plain documents from *pos* on whose names are bare and new, claimed;
        their lines appended to *lines*, if given."""
        run = _frame.scan_plain_run(self._tokens, buf, pos)
        if run is None:
            return None
        names = _frame.plain_names(self._tokens, run)
        if self._unique_names:
            # A name taken before is an error at its header, which the general
            # way reports.
            count = self._count_new(names)
            del names[count:]
            run = run.first(count)
        if not names:
            return None
        # A stream keeps the line of each name, not its offset, since it
        # forgets what it consumed.
        linenos = (
            self._lines.lines_of(buf, run.starts) if lines is not None or self._streaming else []
        )
        if self._unique_names:
            where = linenos if self._streaming else run.starts
            self._first_seen.where.update(zip(names, where, strict=True))
        if lines is not None:
            lines += linenos
        return _CheckedRun(run, names)

    def _count_new(self, names: list[str]) -> int:
        """How many of the first *names* are not taken, neither before nor among them."""
        first_seen = self._first_seen.where
        if len(set(names)) == len(names) and first_seen.keys().isdisjoint(names):
            return len(names)
        seen: set[str] = set()
        for count, name in enumerate(names):
            if name in first_seen or name in seen:
                return count
            seen.add(name)
        raise AssertionError("a repeated name was found and then not")

    def _plain_documents(self, buf: AnyStr, checked: _CheckedRun[AnyStr]) -> list[Document]:
        """The documents of a plain run, each body decoded in one C-level loop over all.

        If a body is not UTF-8, the documents before it.
        """
        run = checked.run
        text_ends = list(map(operator.sub, run.end_line_starts, run.no_final_newline))
        decode = self._tokens.decode
        try:
            texts = list(map(decode, map(buf.__getitem__, map(slice, run.body_starts, text_ends))))
        except UnicodeDecodeError:
            texts = []
            for body_start, text_end in zip(run.body_starts, text_ends, strict=True):
                try:
                    texts.append(decode(buf[body_start:text_end]))
                except UnicodeDecodeError:
                    break
            text_ends = text_ends[: len(texts)]
        self._wide += sum(text_ends) - sum(run.body_starts[: len(texts)]) - sum(map(len, texts))
        return Document._unchecked_texts(checked.names[: len(texts)], texts)

    def _raise_bad_body(self, buf: AnyStr, checked: _CheckedRun[AnyStr], index: int) -> NoReturn:
        """Raise the error of the plain document *index* of a run, whose body is not UTF-8."""
        run = checked.run
        body_start = run.body_starts[index]
        try:
            self._tokens.decode(buf[body_start : run.end_line_starts[index]])
        except UnicodeDecodeError as error:
            raise self._error(buf, _frame.bad_utf8(error, body_start)) from error
        raise AssertionError(f"the body of {checked.names[index]!r} decodes after all")

    def _find_end(self, buf: AnyStr, header: Header, final: bool) -> tuple[int, int, bool] | None:
        tokens = self._tokens
        # Most bodies hold no marker line before their end line; they are done
        # with one search.
        hit = _frame.find_marker(tokens, buf, header.body_start)
        if (
            hit > 0
            and buf.startswith(self._end_line, hit)
            and buf.startswith(tokens.newline, hit - 1)
        ):
            return hit, hit + len(self._end_line), False
        escaped = False
        search = header.body_start
        while True:
            kind, first, second = _frame.scan_body(
                self._tokens, buf, search, header.body_start, True, final, header
            )
            if kind == END:
                return first, second, escaped
            if kind == ESCAPED:
                escaped = True
                search = second
                continue
            if final:
                raise Malformed(
                    _rules.unclosed_message(header.name, OPENED_LINE, "'<<<END FILE>>>' line"),
                    header.start,
                    header.name,
                    opened=header.start,
                )
            return None

    def _duplicate(self, buf: AnyStr, header: Header) -> Malformed:
        first = self._first_seen.where[header.name]
        first_line = first if self._streaming else self.line_of(buf, first)
        return Malformed(
            _rules.duplicate_message(header.name, first_line),
            header.start,
            header.name,
        )

    def _document(self, buf: AnyStr, header: Header, body_end: int, escaped: bool) -> Document:
        """Cut the body out and undo what the writer did to it.

        Rule: the body is every character between the header line and the end
        line, less the final line break if the header says
        ``final-newline=no``; on an escaped line, one leading backslash is
        removed. A body marked ``encoding=base64`` is the base64 text of the
        document's bytes.
        """
        tokens = self._tokens
        if header.binary:
            data = _frame.decode_base64(tokens, buf, header.body_start, body_end, header.name)
            self._wide += header.wide
            return Document._unchecked(header.name, "", header.meta, data)
        if header.no_final_newline:
            body_end = _frame.body_end_without_final_newline(tokens, buf, header, body_end)
        raw = buf[header.body_start : body_end]
        try:
            text = tokens.decode(raw)
        except UnicodeDecodeError as error:
            raise _frame.bad_utf8(error, header.body_start) from error
        self._wide += header.wide + len(raw) - len(text)
        if escaped:
            text = _ESCAPED_LINE.sub("", text)
        return Document._unchecked(header.name, text, header.meta)

    def line_of(self, buf: AnyStr, offset: int) -> int:
        """The line number of *offset* of the current buffer."""
        return self._lines.line_of(buf, offset)

    def _advance(self, buf: AnyStr, consumed: int) -> None:
        self.consumed = consumed
        if self._streaming:
            self._lines.rebase(buf, consumed)
        self._char_pos += consumed - self._wide
        self.stream_offset += consumed

    def error_at_end(self, buf: AnyStr, msg: str) -> CorpusFormatError:
        """The error *msg* placed at the end of *buf*, the rest of the stream that is left:
        for a stream that breaks off there."""
        return self._error(buf, Malformed(msg, len(buf)))

    def _error(self, buf: AnyStr, problem: Malformed) -> CorpusFormatError:
        tokens = self._tokens
        msg = problem.msg
        if OPENED_LINE in msg:
            self._lines.restart(self._base)
            msg = msg.replace(OPENED_LINE, str(self.line_of(buf, problem.opened)))
        msg = msg.replace(BYTE_OFFSET, str(self.stream_offset + problem.offset))
        line_end = buf.find(tokens.newline, problem.offset)
        if line_end < 0:
            line_end = len(buf)
        base = self._base
        if isinstance(buf, str):
            text, pos = buf[base:line_end], problem.offset - base
        else:
            assert base == 0, "only text is read again from a later start"
            # The line at fault may hold bytes that are not UTF-8: they are
            # shown as escapes after the offset.
            before = buf[: problem.offset].decode("utf-8", "replace")
            text = before + buf[problem.offset : line_end].decode("utf-8", "backslashreplace")
            pos = len(before)
        return CorpusFormatError.at(
            msg,
            text,
            pos,
            document=problem.document,
            first_lineno=self._lines.lineno,
            first_pos=self._char_pos + base,
        )
