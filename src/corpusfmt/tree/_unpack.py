"""Restoring documents as files under a directory, after checking every one of them.

The names in a bundle are untrusted input, so :func:`unpack` checks every one
of them, and every path it would write through, before it writes anything,
and writes each file through the one atomic writer of :mod:`corpusfmt.io`.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import Literal, TypeAlias

import attrs

from corpusfmt._model import Document
from corpusfmt.io import atomic_writer
from corpusfmt.tree._names import EXECUTABLE_KEY, YES, fold, unsafe_name_reason

__all__ = ["Duplicates", "PlannedFile", "Unpacker", "plan_unpack", "unpack"]


@attrs.frozen
class PlannedFile:
    """What :func:`unpack` does with one document: write it to ``path``, or not, and why.

    ``path`` is the file's path; ``problem`` is ``None`` when it is written,
    else why it is refused.
    """

    document: Document
    path: Path
    problem: str | None = None


def plan_unpack(
    docs: Iterable[Document], directory: str | os.PathLike[str], *, force: bool = False
) -> list[PlannedFile]:
    """Check every document before anything is written; see :func:`unpack`.

    Besides :func:`unsafe_name_reason`, a document is refused when its name
    folds to the same name as another's on a case-insensitive file system,
    when it needs a directory that another document is a file of, when a
    path component already in *directory* is a symbolic link or not a
    directory, and (without *force*) when its file exists.
    """
    root = Path(directory)
    docs = list(docs)
    plan: list[PlannedFile] = []
    folded: dict[str, str] = {}
    files = {fold(doc.name) for doc in docs}
    for doc in docs:
        # A refused name takes no name from the documents after it.
        safe = unsafe_name_reason(doc.name) is None
        same_fold = folded.setdefault(fold(doc.name), doc.name) if safe else doc.name
        problem = _problem(root, doc.name, same_fold, files, force)
        plan.append(PlannedFile(doc, root.joinpath(*doc.name.split("/")), problem))
    return plan


def _problem(
    root: Path, name: str, same_fold: str, files: Collection[str], force: bool
) -> str | None:
    """Why the document *name* cannot be written under *root*, or ``None``.

    *same_fold* is the first name seen that folds as *name* does, *files* the
    folded names of every document that is a file.
    """
    problem = unsafe_name_reason(name)
    if problem is None and same_fold != name:
        problem = f"it names the same file as {same_fold!r} on a case-insensitive file system"
    if problem is None:
        parts = name.split("/")
        for depth in range(1, len(parts)):
            parent = "/".join(parts[:depth])
            if fold(parent) in files:
                problem = f"it needs {parent!r} to be a directory, but that is a document too"
                break
    if problem is None:
        problem = _existing_problem(root, name.split("/"), force)
    return problem


Duplicates: TypeAlias = Literal["refuse", "first", "last"]
"""What :class:`Unpacker` does with a second document of a name: refuse it,
keep the first file, or replace it with the last."""


class Unpacker:
    """Write documents as files one at a time, as they come (a model's streamed answer).

    Each document is checked as :func:`plan_unpack` checks a whole bundle:
    against what stands in *directory*, and against the documents written
    before it by this unpacker, and written atomically if it passes. A
    second document of a name is refused, or, as *duplicates* says, the
    first file is kept or the last replaces it. With *dry_run*, every check
    is made and nothing is written.

    >>> import pathlib, tempfile, corpusfmt
    >>> unpacker = corpusfmt.Unpacker(pathlib.Path(tempfile.mkdtemp()))
    >>> unpacker.write(corpusfmt.Document("a.py", "print(1)\\n")).problem is None
    True
    >>> unpacker.write(corpusfmt.Document("A.py", "print(2)\\n")).problem
    "it names the same file as 'a.py' on a case-insensitive file system"
    """

    def __init__(
        self,
        directory: str | os.PathLike[str],
        *,
        force: bool = False,
        executable: bool = False,
        duplicates: Duplicates = "refuse",
        dry_run: bool = False,
    ) -> None:
        if duplicates not in ("refuse", "first", "last"):
            raise ValueError(f"duplicates must be 'refuse', 'first' or 'last', not {duplicates!r}")
        self._root = Path(directory)
        self._force = force
        self._executable = executable
        self._duplicates = duplicates
        self._dry_run = dry_run
        self._folded: dict[str, str] = {}
        self._files: set[str] = set()
        self._written: dict[str, PlannedFile] = {}

    @property
    def written(self) -> list[PlannedFile]:
        """The files written so far (or, in a dry run, that would be), one per name,
        in the order they were first written."""
        return list(self._written.values())

    def plan(self, document: Document) -> PlannedFile:
        """What :meth:`write` would do with *document*, without writing it."""
        name = document.name
        path = self._root.joinpath(*name.split("/"))
        if name in self._written and self._duplicates != "last":
            why = (
                "it was written before; the first one is kept"
                if self._duplicates == "first"
                else "it is written twice; choose which one to write"
            )
            return PlannedFile(document, path, why)
        same_fold = self._folded.get(fold(name), name)
        files = self._files | {fold(name)}
        # The last of a name replaces the file this unpacker wrote, and only that.
        force = self._force or name in self._written
        return PlannedFile(document, path, _problem(self._root, name, same_fold, files, force))

    def write(self, document: Document) -> PlannedFile:
        """Check *document* and write it if it passes; return what was done, and
        why not (``problem``) if it was not written."""
        entry = self.plan(document)
        if entry.problem is not None:
            return entry
        name = document.name
        if not self._dry_run:
            self._root.mkdir(parents=True, exist_ok=True)
            runs = self._executable and document.meta.get(EXECUTABLE_KEY) == YES
            replace = self._force or name in self._written
            _write_file(self._root, name.split("/"), document.data, replace, runs)
        self._folded.setdefault(fold(name), name)
        self._files.add(fold(name))
        self._written[name] = entry
        return entry


def _existing_problem(root: Path, parts: list[str], force: bool) -> str | None:
    """What is wrong with what already stands at the document's path in *root*."""
    current = root
    for depth, part in enumerate(parts):
        current = current / part
        try:
            found = os.lstat(current)
        except FileNotFoundError:
            return None
        shown = "/".join(parts[: depth + 1])
        if stat.S_ISLNK(found.st_mode):
            return f"{shown!r} is a symbolic link in the target directory"
        last = depth == len(parts) - 1
        if not last and not stat.S_ISDIR(found.st_mode):
            return f"{shown!r} exists and is not a directory"
        if last:
            if not stat.S_ISREG(found.st_mode):
                return f"{shown!r} exists and is not a regular file"
            if not force:
                return "the file exists (use force to overwrite it)"
    return None


def unpack(
    docs: Iterable[Document],
    directory: str | os.PathLike[str],
    *,
    force: bool = False,
    skip_unsafe: bool = False,
    executable: bool = False,
    on_written: Callable[[PlannedFile], None] | None = None,
) -> list[PlannedFile]:
    """Write each document as a file under *directory*, after checking them all.

    If any document is refused (see :func:`plan_unpack`), nothing is written
    and :class:`ValueError` lists every refusal, unless *skip_unsafe* is set:
    then the others are written and the refused ones are returned with their
    ``problem``. Each file is written to a temporary name in its directory
    and renamed, so an interrupted run leaves no half-written file; without
    *force* an existing file is never replaced, even one that appears while
    this runs. Files get mode 0666 less the umask; with *executable*, a
    document whose metadata says ``executable=yes`` gets 0777 less the umask.
    Returns the plan, in document order.
    """
    root = Path(directory)
    plan = plan_unpack(docs, root, force=force)
    refused = [entry for entry in plan if entry.problem is not None]
    if refused and not skip_unsafe:
        raise ValueError(
            "refusing to unpack, nothing was written:\n"
            + "\n".join(f"  {entry.document.name!r}: {entry.problem}" for entry in refused)
        )
    root.mkdir(parents=True, exist_ok=True)
    for entry in plan:
        if entry.problem is not None:
            continue
        runs = executable and entry.document.meta.get(EXECUTABLE_KEY) == YES
        _write_file(root, entry.document.name.split("/"), entry.document.data, force, runs)
        if on_written is not None:
            on_written(entry)
    return plan


def _write_file(root: Path, parts: list[str], data: bytes, force: bool, runs: bool) -> None:
    folder = root
    for part in parts[:-1]:
        folder = folder / part
        try:
            folder.mkdir()
        except FileExistsError:
            # Checked in the plan, and checked again here in case the tree
            # changed since: never pass through a link.
            if not stat.S_ISDIR(os.lstat(folder).st_mode):
                raise ValueError(f"{folder} is no longer a directory; stopped") from None
    with atomic_writer(folder / parts[-1], replace=force, mode=0o777 if runs else 0o666) as file:
        file.write(data)
