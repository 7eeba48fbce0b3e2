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
from typing import Final, Literal, TypeAlias

import attrs

from corpusfmt._model import Document
from corpusfmt.io import atomic_writer
from corpusfmt.tree._names import EXECUTABLE_KEY, YES, NameRules, fold, unsafe_name_reason

__all__ = [
    "Duplicates",
    "PlannedFile",
    "Refusal",
    "UnpackError",
    "Unpacker",
    "plan_unpack",
    "unpack",
]


Refusal: TypeAlias = Literal[
    "unsafe", "not-portable", "same-file", "duplicate", "needs-directory", "in-the-way", "exists"
]
"""Why :func:`plan_unpack` refuses a document, as a kind:

``unsafe``
    its name could leave the directory, or no system can hold it;
``not-portable``
    some common system cannot hold its name (``names="posix"`` writes it);
``same-file``
    it names the same file as another document where case or accents do not count;
``duplicate``
    another document before it has its name;
``needs-directory``
    another document is a file where it needs a directory;
``in-the-way``
    a symbolic link, or something that is not a regular file, stands in its way;
``exists``
    its file exists (``force`` replaces it).
"""


@attrs.frozen
class PlannedFile:
    """What :func:`unpack` does with one document: write it to ``path``, or not, and why.

    ``path`` is the file's path; ``problem`` is ``None`` when it is written,
    else why it is refused, and ``refusal`` the kind of that reason.
    """

    document: Document
    path: Path
    problem: str | None = None
    refusal: Refusal | None = None


class UnpackError(OSError):
    """Writing stopped midway, for a reason no plan could see (a full disk, a
    file that appeared): ``written`` lists the files written before, ``failed``
    the one that could not be written. No temporary file is left behind."""

    def __init__(self, failed: PlannedFile, written: list[PlannedFile], cause: BaseException):
        count = len(written)
        files = "file was" if count == 1 else "files were"
        super().__init__(f"{failed.path}: {_cause_text(cause)}; {count} {files} written before it")
        self.failed = failed
        self.written = written
        self.errno = getattr(cause, "errno", None)


def _cause_text(cause: BaseException) -> str:
    if isinstance(cause, OSError) and cause.strerror:
        return cause.strerror
    return str(cause)


def plan_unpack(
    docs: Iterable[Document],
    directory: str | os.PathLike[str],
    *,
    force: bool = False,
    names: NameRules = "portable",
) -> list[PlannedFile]:
    """Check every document before anything is written; see :func:`unpack`.

    Besides :func:`unsafe_name_reason` (with *names*), a document is
    refused when another before it has its name, when its name folds to the
    same name as another's (on a case-insensitive file system, or, with
    ``names="posix"`` on one where case counts, when the two differ only in
    how their accents are encoded), when it needs a directory that another
    document is a file of, when a path component already in *directory* is
    a symbolic link or not a directory, and (without *force*) when its file
    exists.
    """
    _check_names(names)
    root = Path(directory)
    docs = list(docs)
    case_counts = names == "posix" and _case_counts(root)
    plan: list[PlannedFile] = []
    folded: dict[str, str] = {}
    files = {fold(doc.name, case_counts) for doc in docs}
    seen: set[str] = set()
    for doc in docs:
        path = root.joinpath(*doc.name.split("/"))
        if doc.name in seen:
            plan.append(
                PlannedFile(doc, path, "another document before it has this name", "duplicate")
            )
            continue
        seen.add(doc.name)
        name_problem = unsafe_name_reason(doc.name, names)
        # A refused name takes no name from the documents after it.
        key = fold(doc.name, case_counts)
        same_fold = folded.setdefault(key, doc.name) if name_problem is None else doc.name
        problem, refusal = _problem(
            root, doc.name, name_problem, same_fold, files, force, names, case_counts
        )
        plan.append(PlannedFile(doc, path, problem, refusal))
    return plan


def _check_names(names: NameRules) -> None:
    if names not in ("portable", "posix"):
        raise ValueError(f"names must be 'portable' or 'posix', not {names!r}")
    # On Windows a ':' names a stream of another file and 'aux' a device: the
    # names that only POSIX allows would not be written as the files they name.
    if names == "posix" and os.name == "nt":
        raise ValueError("names='posix' writes names that Windows cannot hold; not on Windows")


def _case_counts(root: Path) -> bool:
    """Whether the file system that holds (or will hold) *root* tells names apart
    by case, found by looking a name up in another case; ``False`` when it
    cannot be told, which keeps the stricter check."""
    probe = Path(os.path.abspath(root))
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    candidates = [probe]
    if probe.is_dir():
        with os.scandir(probe) as entries:
            candidates += [Path(entry.path) for entry in entries]
    for candidate in candidates:
        flipped = candidate.name.swapcase()
        if flipped == candidate.name or candidate.parent == candidate:
            continue
        other = candidate.with_name(flipped)
        try:
            return not os.path.samefile(candidate, other)
        except FileNotFoundError:
            return True
        except OSError:
            continue
    return False


def _problem(
    root: Path,
    name: str,
    name_problem: str | None,
    same_fold: str,
    files: Collection[str],
    force: bool,
    names: NameRules,
    case_counts: bool,
) -> tuple[str | None, Refusal | None]:
    """Why the document *name* cannot be written under *root*, and the kind of
    reason, or ``(None, None)``.

    *name_problem* is what :func:`unsafe_name_reason` says of *name* under
    *names*, *same_fold* the first name seen that folds as *name* does,
    *files* the folded names of every document that is a file.
    """
    if name_problem is not None:
        portable_elsewhere = names == "portable" and unsafe_name_reason(name, "posix") is None
        return name_problem, "not-portable" if portable_elsewhere else "unsafe"
    if same_fold != name and case_counts:
        return f"it differs from {same_fold!r} only in how its accents are encoded", "same-file"
    if same_fold != name:
        return (
            f"it names the same file as {same_fold!r} on a case-insensitive file system",
            "same-file",
        )
    parts = name.split("/")
    for depth in range(1, len(parts)):
        parent = "/".join(parts[:depth])
        if fold(parent, case_counts) in files:
            return (
                f"it needs {parent!r} to be a directory, but that is a document too",
                "needs-directory",
            )
    return _existing_problem(root, parts, force)


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
    is made and nothing is written. *names* is as for :func:`plan_unpack`.

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
        names: NameRules = "portable",
    ) -> None:
        if duplicates not in ("refuse", "first", "last"):
            raise ValueError(f"duplicates must be 'refuse', 'first' or 'last', not {duplicates!r}")
        self._root = Path(directory)
        self._force = force
        self._executable = executable
        self._duplicates = duplicates
        _check_names(names)
        self._dry_run = dry_run
        self._names: NameRules = names
        self._case_counts = names == "posix" and _case_counts(self._root)
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
            return PlannedFile(document, path, why, "duplicate")
        key = fold(name, self._case_counts)
        same_fold = self._folded.get(key, name)
        files = self._files | {key}
        # The last of a name replaces the file this unpacker wrote, and only that.
        force = self._force or name in self._written
        problem, refusal = _problem(
            self._root,
            name,
            unsafe_name_reason(name, self._names),
            same_fold,
            files,
            force,
            self._names,
            self._case_counts,
        )
        return PlannedFile(document, path, problem, refusal)

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
        key = fold(name, self._case_counts)
        self._folded.setdefault(key, name)
        self._files.add(key)
        self._written[name] = entry
        return entry


def _existing_problem(
    root: Path, parts: list[str], force: bool
) -> tuple[str | None, Refusal | None]:
    """What is wrong with what already stands at the document's path in *root*."""
    current = root
    for depth, part in enumerate(parts):
        current = current / part
        try:
            found = os.lstat(current)
        except FileNotFoundError:
            return None, None
        shown = "/".join(parts[: depth + 1])
        if stat.S_ISLNK(found.st_mode):
            return f"{shown!r} is a symbolic link in the target directory", "in-the-way"
        last = depth == len(parts) - 1
        if not last and not stat.S_ISDIR(found.st_mode):
            return f"{shown!r} exists and is not a directory", "in-the-way"
        if last:
            if not stat.S_ISREG(found.st_mode):
                return f"{shown!r} exists and is not a regular file", "in-the-way"
            if not force:
                return "the file exists", "exists"
    return None, None


def unpack(
    docs: Iterable[Document],
    directory: str | os.PathLike[str],
    *,
    force: bool = False,
    skip_unsafe: bool = False,
    executable: bool = False,
    names: NameRules = "portable",
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
    *names* is passed to :func:`plan_unpack`: ``"posix"`` writes names that
    are legal on POSIX but not on Windows. If writing stops midway for a
    reason no plan could see, :class:`UnpackError` says which files were
    written before. Returns the plan, in document order.
    """
    root = Path(directory)
    plan = plan_unpack(docs, root, force=force, names=names)
    refused = [entry for entry in plan if entry.problem is not None]
    if refused and not skip_unsafe:
        hints = _hints(refused)
        raise ValueError(
            f"refusing to unpack {len(refused)} of {len(plan)} documents, nothing was written"
            + (f" ({hints})" if hints else "")
            + ":\n"
            + "\n".join(f"  {entry.document.name!r}: {entry.problem}" for entry in refused)
        )
    written: list[PlannedFile] = []
    for entry in plan:
        if entry.problem is not None:
            continue
        runs = executable and entry.document.meta.get(EXECUTABLE_KEY) == YES
        try:
            root.mkdir(parents=True, exist_ok=True)
            _write_file(root, entry.document.name.split("/"), entry.document.data, force, runs)
        except (OSError, ValueError) as error:
            raise UnpackError(entry, written, error) from error
        written.append(entry)
        if on_written is not None:
            on_written(entry)
    return plan


# What each kind of refusal can be answered with, in the library's terms.
_API_HINTS: Final[dict[Refusal, str]] = {
    "exists": "force=True replaces existing files",
    "not-portable": "names='posix' writes the names that POSIX allows",
}


def _hints(refused: Iterable[PlannedFile]) -> str:
    kinds = {entry.refusal for entry in refused}
    if "same-file" in kinds:
        kinds.add("not-portable")
    return "; ".join(hint for kind, hint in _API_HINTS.items() if kind in kinds)


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
