"""Restoring documents as files under a directory, after checking every one of them.

The names in a bundle are untrusted input, so :func:`unpack` checks every one
of them, and every path it would write through, before it writes anything,
and writes each file through the one atomic writer of :mod:`corpusfmt.io`.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

import attrs

from corpusfmt._model import Document
from corpusfmt.io import atomic_writer
from corpusfmt.tree._names import EXECUTABLE_KEY, YES, fold, unsafe_name_reason

__all__ = ["PlannedFile", "plan_unpack", "unpack"]


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
        path = root.joinpath(*doc.name.split("/"))
        problem = unsafe_name_reason(doc.name)
        if problem is None:
            key = fold(doc.name)
            other = folded.setdefault(key, doc.name)
            if other != doc.name:
                problem = f"it names the same file as {other!r} on a case-insensitive file system"
        if problem is None:
            parts = doc.name.split("/")
            for depth in range(1, len(parts)):
                parent = "/".join(parts[:depth])
                if fold(parent) in files:
                    problem = f"it needs {parent!r} to be a directory, but that is a document too"
                    break
        if problem is None:
            problem = _existing_problem(root, doc.name.split("/"), force)
        plan.append(PlannedFile(doc, path, problem))
    return plan


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
