"""Telling which dialect a text is written in."""

from __future__ import annotations

import json
import re
from typing import Final

import attrs

from corpusfmt.dialects._bundle import Bundle
from corpusfmt.dialects._catalog import PACKERS
from corpusfmt.dialects._dialect import DIALECTS, Dialect
from corpusfmt.dialects._infer import infer, inferred_dialect
from corpusfmt.dialects._parts import Diagnostic
from corpusfmt.dialects._syntaxes import syntax_of

__all__ = ["Sniffed", "sniff"]

# Enough of a text to see a dozen blocks of a model's answer or a packed tree.
_SAMPLE = 1 << 16


@attrs.frozen
class Sniffed:
    """The dialect :func:`sniff` chose, why, how sure it is, and what a reader should know.

    ``confidence`` runs from 0 (the text is no bundle at all: it was read as
    format v1 only so that reading it fails) to 1 (format v1 read without a
    problem). ``diagnostics`` hold an ``"ambiguous"`` warning when the text
    reads differently in another dialect or with another newline rule, and a
    ``"not-a-bundle"`` warning when the text is a document of another kind.
    ``evidence`` says what the inference of parts saw, when it was run.
    """

    dialect: Dialect
    reason: str
    diagnostics: tuple[Diagnostic, ...] = ()
    confidence: float = 1.0
    evidence: str = ""


# How sure a choice is, before the discounts for problems and ambiguity.
_SIGNED: Final = 0.95
_CLOSED: Final = 0.9
_UNCLOSED: Final = 0.5
_AMBIGUOUS: Final = 0.6

_EMAIL_HEADER: Final = re.compile(
    r"\A(?:From |(?:Return-Path|Received|Delivered-To|Message-ID|MIME-Version|From|To|Date):)"
)
_EMAIL_SUBJECT: Final = re.compile(r"^Subject:", re.MULTILINE)


def sniff(text: str, *, sample: int = _SAMPLE) -> Sniffed:
    """Choose the dialect *text* is written in, looking at its first *sample* characters.

    In this order: the output of a packer (repomix, files-to-prompt,
    gitingest, …; see :data:`PACKERS`) is recognised by its signature, so
    that the files it packed are never read as bundles; a JSON document or
    an email message is no bundle at all; format v1 wins when it reads the
    sample without a problem. Otherwise every preset, and a dialect composed
    of the parts the text shows (:meth:`Dialect.from_parts`), reads the
    sample leniently, and the one with the most complete blocks, less its
    problems, wins; between equals, the more specific preset (earlier in
    :data:`DIALECTS`) does. A dialect that would drop a line break from
    every body is never chosen on a guess: the reading that loses nothing
    is, with a warning that names the other.

    >>> import corpusfmt
    >>> answer = "Sure!\\n<<<FILE: app.py>>>\\nprint(1)\\n<<<END FILE>>>\\n"
    >>> found = corpusfmt.sniff(answer)
    >>> found.dialect.name
    'colon'
    >>> found.reason
    "1 block reads as the dialect 'colon' without a problem"
    """
    cut = len(text) > sample
    whole = text
    if cut:
        line_end = text.rfind("\n", 0, sample)
        text = text[: line_end + 1] if line_end >= 0 else text[:sample]

    def problems(bundle: Bundle) -> int:
        # A sample may end inside a block, which is then not closed.
        return sum(1 for error in bundle.errors if not (cut and error.kind == "truncated"))

    exact = [dialect for dialect in DIALECTS.values() if syntax_of(dialect).exact]
    for dialect in PACKERS.values():
        if syntax_of(dialect).recognises(text):
            # Some signatures are weak (a path, then a fence): the reading must
            # hold a file, or read cleanly (an output cut before its files).
            bundle = _read(text, dialect)
            count, problem_count = len(bundle.documents), problems(bundle)
            if not count and problem_count:
                continue
            return Sniffed(
                dialect,
                f"the text carries the signature of the output {dialect.name!r}, and "
                f"{_blocks(count).replace('block', 'file')} {_read_as(count)} it with "
                f"{problem_count or 'no'} problem{'s' * (problem_count != 1)}",
                confidence=_SIGNED,
            )
    foreign = _foreign(whole, text)
    if foreign is not None:
        return Sniffed(
            exact[0],
            f"the text is {foreign}, not a bundle; it is read as format {exact[0].name}, "
            "which refuses it",
            (Diagnostic.at("not-a-bundle", "warning", f"the text is {foreign}", text, 0),),
            confidence=0.0,
        )
    # An exact syntax escapes what could be read as a marker, so a reading
    # without a problem is the only reading; the others are weighed.
    for dialect in exact:
        bundle = _read(text, dialect)
        if not problems(bundle):
            count = len(bundle.documents)
            return Sniffed(
                dialect,
                f"{_blocks(count)} {_read_as(count)} format {dialect.name} without a problem",
                confidence=1.0 if count else _UNCLOSED,
            )
    evidence = infer(text)
    candidates = [dialect for dialect in DIALECTS.values() if dialect not in exact]
    if evidence is not None:
        # Last, so that a preset that reads as well wins: it is the more specific.
        candidates.append(inferred_dialect(evidence))
    best: tuple[bool, int, int] | None = None
    chosen: list[tuple[Dialect, Bundle]] = []
    for dialect in candidates:
        bundle = _read(text, dialect)
        complete = len(bundle.documents)
        if not complete and not bundle.blocks:
            continue
        # An end marker that closes a block is better evidence than the lack
        # of one: a dialect without end markers reads any header-like lines.
        score = (
            complete > 0 and dialect.end is not None,
            complete - problems(bundle) - _misread_names(bundle),
            complete,
        )
        if best is None or score > best:
            best, chosen = score, [(dialect, bundle)]
        elif score == best:
            chosen.append((dialect, bundle))
    described = "" if evidence is None else evidence.describe()
    if best is None:
        return Sniffed(
            exact[0],
            f"no header of any dialect; read as format {exact[0].name}",
            confidence=0.0,
            evidence=described,
        )
    dialect, bundle = chosen[0]
    complete = best[2]
    problem_count = best[2] - best[1]
    reason = f"{_blocks(complete)} {_read_as(complete)} the dialect {dialect.name!r}"
    reason += (
        f" with {problem_count} problem{'s' * (problem_count != 1)}"
        if problem_count
        else " without a problem"
    )
    notes = [_other_readings(text, bundle, chosen[1:])] if len(chosen) > 1 else []
    notes.append(_strip_note(text, dialect, bundle))
    kept = tuple(note for note in notes if note is not None)
    confidence = (_CLOSED if best[0] else _UNCLOSED) * complete / (complete + problem_count or 1)
    if any(note.kind == "ambiguous" for note in kept):
        confidence *= _AMBIGUOUS
    return Sniffed(dialect, reason, kept, round(confidence, 2), described)


# A name that is an attribute list or a JSON object: a header of another
# style, read as a bare name.
_HEADER_AS_NAME: Final = re.compile(r"""\A(?:[A-Za-z_][\w.:-]*=["']|\{.*\}\Z)""")


def _misread_names(bundle: Bundle) -> int:
    return sum(1 for doc in bundle.documents if _HEADER_AS_NAME.match(doc.name))


def _foreign(whole: str, sample: str) -> str | None:
    """What kind of document *whole* is, if it is a well-known kind that is no bundle."""
    head = sample.lstrip()
    if head[:1] in ("{", "["):
        try:
            json.loads(whole)
        except ValueError:
            pass
        else:
            return "a JSON document"
    if _EMAIL_HEADER.match(sample):
        header_end = sample.find("\n\n")
        if header_end > 0 and _EMAIL_SUBJECT.search(sample, 0, header_end):
            return "an email message"
    return None


def _read(text: str, dialect: Dialect) -> Bundle:
    parts, diagnostics = syntax_of(dialect).read(text, dialect, False)
    return Bundle(parts, dialect, diagnostics)


def _blocks(count: int) -> str:
    return f"{count} block{'s' * (count != 1)}"


def _read_as(count: int) -> str:
    return "reads as" if count == 1 else "read as"


def _other_readings(
    text: str, chosen: Bundle, others: list[tuple[Dialect, Bundle]]
) -> Diagnostic | None:
    different = [
        dialect.name
        for dialect, bundle in others
        if _contents(bundle) != _contents(chosen)
        # Another newline rule is _strip_note's to mention.
        and dialect.newline == chosen.dialect.newline
    ]
    if not different:
        return None
    names = ", ".join(repr(name) for name in different)
    return Diagnostic.at(
        "ambiguous",
        "warning",
        f"the text reads as well in the dialect{'s' * (len(different) > 1)} {names}, "
        f"with other documents; {chosen.dialect.name!r} was chosen as the most specific",
        text,
        _first_block(chosen),
    )


def _contents(bundle: Bundle) -> list[bytes]:
    """What the documents hold; readings that differ only in names are not ambiguous."""
    return [doc.data for doc in bundle.documents]


def _strip_note(text: str, dialect: Dialect, bundle: Bundle) -> Diagnostic | None:
    """Warn when every body ends with an empty line, as a writer's extra line break would."""
    if dialect.newline != "keep" or dialect.end is None:
        return None
    texts = [doc.text for doc in bundle.documents if not doc.is_binary]
    if not texts or not all(text.endswith(("\n\n", "\n\r\n")) or text == "\n" for text in texts):
        return None
    return Diagnostic.at(
        "ambiguous",
        "warning",
        "every document ends with an empty line; if the writer put a line break "
        "before each end marker, read with newline='strip' to drop it (kept here, "
        "since that loses nothing)",
        text,
        _first_block(bundle),
    )


def _first_block(bundle: Bundle) -> int:
    pos = 0
    for part in bundle.parts:
        if not isinstance(part, str):
            return pos
        pos += len(part)
    return 0
