"""Packing files and directory trees into documents, byte for byte, named as they were given."""

from __future__ import annotations

import os
import posixpath
import stat
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Final, Literal, TypeAlias

import attrs

from corpusfmt._lexicon import describe_char, forbidden_char
from corpusfmt._model import Document
from corpusfmt.tree._ignore import IgnoreRule, Rules, compile_rules
from corpusfmt.tree._names import EXECUTABLE_KEY, YES, fold, unsafe_name_reason

__all__ = ["PackPath", "SkipReason", "Skipped", "pack"]

PackPath: TypeAlias = str | os.PathLike[str]
"""A file or directory to pack: a string or a path."""

SkipReason: TypeAlias = Literal[
    "ignored", "secret", "too-large", "symlink", "not-regular", "not-utf8", "unnamable", "output"
]
"""Why :func:`pack` left a file or directory out (see :class:`Skipped`)."""

# What holds a version control system's own data, never a project's files.
_VCS_DATA: Final = frozenset({".git", ".hg", ".svn"})
# The file that makes a directory a Python virtual environment.
_VENV_MARKER: Final = "pyvenv.cfg"
# Files that commonly hold secrets; templates of them (.env.example) do not.
_SECRETS: Final = Rules().adding(
    "",
    compile_rules(
        [
            ".env",
            ".env.*",
            "!.env.example",
            "!.env.sample",
            "!.env.template",
            "*.p12",
            "*.pfx",
            "id_rsa",
            "id_dsa",
            "id_ecdsa",
            "id_ed25519",
            ".netrc",
            ".pgpass",
            ".pypirc",
            ".npmrc",
        ],
        "the list of files that may hold secrets",
    ),
)
# PEM files hold certificates as often as keys; only a key is a secret.
_KEY_FILES: Final = Rules().adding("", compile_rules(["*.pem", "*.key"], "the key files"))
_PRIVATE_KEY: Final = b"PRIVATE KEY-----"
_NOT_INCLUDED: Final = "matches no --include pattern"
# Which reasons are worth a warning when no one asked to hear of each one.
_WARNED: Final = frozenset(
    {"secret", "too-large", "symlink", "not-regular", "not-utf8", "unnamable"}
)


@attrs.frozen
class Skipped:
    """A file or directory that :func:`pack` left out: its would-be name, its path, and why.

    ``reason`` is the kind (see :data:`SkipReason`); ``why`` says it in words.
    """

    name: str
    path: Path
    reason: SkipReason
    why: str
    is_directory: bool = False


def pack(
    paths: PackPath | Iterable[PackPath],
    *,
    root: PackPath | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    gitignore: bool = True,
    binary: Literal["base64", "skip"] = "base64",
    max_size: int | None = None,
    output: PackPath | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
) -> list[Document]:
    """Read files and directory trees into documents, sorted by name.

    Each path, one or many, names a file or a directory relative to *root*
    (default: the current directory), or absolutely inside it. A file is
    named by its path as given, a directory's files by the directory's path
    and theirs below it, with ``/`` as separator and without ``./``: as tar
    and ``git ls-files`` name them. A path that leads out of *root* is
    refused with :class:`ValueError`.

    What is packed:

    * A file that is valid UTF-8 becomes a text document, byte for byte; any
      other file a binary document (with ``binary="skip"``, it is left out).
      A file with an exec bit gets ``executable=yes``.
    * *exclude* and *include* are patterns with the meaning of
      ``.gitignore`` lines (see :doc:`/howto/pack-files`), matched against the
      names: a file is left out if the last *exclude* pattern that matches it
      or a directory above it is not negated, and, when *include* is given,
      packed only if an *include* pattern matches it or a directory above it.
    * With *gitignore* (the default), inside the trees found by walking a
      directory: the ``.gitignore`` files, ``.git/info/exclude`` of the
      repository that holds them, and the same files of the directories
      above up to that repository's top, are obeyed as git obeys them;
      ``.git``, ``.hg`` and ``.svn`` and Python virtual environments (a
      directory with ``pyvenv.cfg``) are left out.
    * Files that commonly hold secrets (``.env``, private keys such as
      ``id_rsa``, a ``*.pem`` file with a private key, ``.netrc``) are packed
      only if named.
    * A file larger than *max_size* bytes is left out; *output*, the
      bundle being written, is never packed.
    * Symbolic links are not followed; each is left out.

    Each file or directory left out is passed to *on_skip* as a
    :class:`Skipped`; without *on_skip*, each one left out for another
    reason than the patterns and *output* is a :class:`UserWarning`. A name
    that some common system cannot hold (:func:`unsafe_name_reason`), and
    two names that differ only in case, are a :class:`UserWarning` each:
    :func:`unpack` refuses them unless told ``names="posix"``.
    """
    if binary not in ("base64", "skip"):
        raise ValueError(f"binary must be 'base64' or 'skip', not {binary!r}")
    if max_size is not None and max_size < 0:
        raise ValueError(f"max_size must be 0 or more, not {max_size}")
    walker = _Walker(
        Path.cwd() if root is None else Path(root),
        include=include,
        exclude=exclude,
        gitignore=gitignore,
        max_size=max_size,
        output=output,
    )
    for argument in _arguments(paths):
        walker.take(argument)
    walker.settle()
    docs = []
    for name in sorted(walker.found):
        doc = walker.read(name, binary)
        if doc is not None:
            docs.append(doc)
    # Told here, at one depth, so that each warning points at the caller.
    for skipped in walker.skipped:
        if on_skip is not None:
            on_skip(skipped)
        elif skipped.reason in _WARNED:
            warnings.warn(f"{skipped.name}: {skipped.why}, left out", stacklevel=2)
    for warning in _unportable([doc.name for doc in docs]):
        warnings.warn(warning, stacklevel=2)
    return docs


def _arguments(paths: PackPath | Iterable[PackPath]) -> list[PackPath]:
    # A string is iterable too; one path is not a list of one-letter paths.
    if isinstance(paths, (str, os.PathLike)):
        return [paths]
    arguments = list(paths)
    for argument in arguments:
        if not isinstance(argument, (str, os.PathLike)):
            raise TypeError(f"a path to pack must be a str or a path, not {argument!r}")
    return arguments


def _name_of(argument: PackPath, root: Path) -> str:
    """The name that *argument* gives the file it names: a normalised POSIX path
    relative to *root* (``""`` for *root* itself)."""
    given = os.fspath(argument)
    relative = _relative_inside(os.path.join(os.path.abspath(root), given), root)
    normal = posixpath.normpath(relative.replace(os.sep, "/"))
    if normal == ".":
        return ""
    if normal == ".." or normal.startswith(("../", "/")):
        raise ValueError(
            f"{given}: outside {root}, which the names are made relative to; "
            "pack it from a directory that holds it (root=, or -C DIR)"
        )
    return normal


def _relative_inside(given: str, root: Path) -> str:
    """*given*, an absolute path, relative to *root*, seen through links if need be."""
    lexical = os.path.relpath(given, os.path.abspath(root))
    if not lexical.startswith(".."):
        return lexical
    # /tmp and /private/tmp on macOS: the same place by two paths.
    head, tail = os.path.split(os.path.abspath(given))
    return os.path.relpath(os.path.join(os.path.realpath(head), tail), os.path.realpath(root))


class _Walker:
    """What one :func:`pack` call has found so far, and the rules it finds by."""

    def __init__(
        self,
        root: Path,
        *,
        include: Sequence[str],
        exclude: Sequence[str],
        gitignore: bool,
        max_size: int | None,
        output: PackPath | None,
    ) -> None:
        # Absolute, so that the ignore files above it and in it judge one kind of path.
        self.root = os.path.abspath(root)
        self.top = _posix(self.root).rstrip("/") + "/"
        self.gitignore = gitignore
        self.max_size = max_size
        self.include = Rules().adding("", compile_rules(include, "--include")) if include else None
        self.exclude = Rules().adding("", compile_rules(exclude, "--exclude"))
        self.output = _identity(output)
        self.found: dict[str, tuple[str, os.stat_result]] = {}
        self.skipped: list[Skipped] = []

    def take(self, argument: PackPath) -> None:
        name = _name_of(argument, Path(self.root))
        path = os.path.join(self.root, name) if name else self.root
        try:
            found = os.lstat(path)
        except FileNotFoundError:
            raise FileNotFoundError(2, "no such file or directory", os.fspath(argument)) from None
        excluded = self._excluded(name, stat.S_ISDIR(found.st_mode))
        if excluded is not None:
            self._skip(name, path, "ignored", excluded, stat.S_ISDIR(found.st_mode))
            return
        if stat.S_ISLNK(found.st_mode):
            self._skip(name, path, "symlink", "a symbolic link")
        elif stat.S_ISDIR(found.st_mode):
            rules = self._rules_above(path) if self.gitignore else Rules()
            self._walk(path, name, rules, self._included_above(name, is_directory=True))
        elif stat.S_ISREG(found.st_mode):
            if self._included_above(name, is_directory=False):
                self._file(name, path, found)
            else:
                self._skip(name, path, "ignored", _NOT_INCLUDED)
        else:
            self._skip(name, path, "not-regular", "not a regular file")

    def settle(self) -> None:
        """Keep one report for each name left out, and none for a name that is
        packed after all: named on its own (``pack .env .``), a file is packed."""
        reported: set[str] = set()
        kept = []
        for skipped in self.skipped:
            if skipped.name not in self.found and skipped.name not in reported:
                reported.add(skipped.name)
                kept.append(skipped)
        self.skipped = kept

    def _walk(self, folder: str, prefix: str, rules: Rules, included: bool) -> None:
        if self.gitignore:
            rules = rules.adding(
                _posix(folder) + "/", self._read_ignore_file(os.path.join(folder, ".gitignore"))
            )
        # A directory that cannot be read is an error, not a silently smaller bundle.
        with os.scandir(folder) as scanned:
            entries = sorted(scanned, key=_entry_name)
        for entry in entries:
            name = f"{prefix}/{entry.name}" if prefix else entry.name
            path = entry.path
            found = entry.stat(follow_symlinks=False)
            is_directory = stat.S_ISDIR(found.st_mode)
            why = self._why_ignored(path, entry.name, is_directory, rules, name)
            if why is not None:
                self._skip(name, path, "ignored", why, is_directory)
                continue
            if stat.S_ISLNK(found.st_mode):
                self._skip(name, path, "symlink", "a symbolic link")
            elif is_directory:
                self._walk(path, name, rules, self._included(name, True, included))
            elif not stat.S_ISREG(found.st_mode):
                self._skip(name, path, "not-regular", "not a regular file")
            elif not self._included(name, False, included):
                self._skip(name, path, "ignored", _NOT_INCLUDED)
            elif _may_hold_secrets(path, entry.name):
                self._skip(name, path, "secret", "it may hold secrets; name it to pack it")
            else:
                self._file(name, path, found)

    def _why_ignored(
        self, path: str, base: str, is_directory: bool, rules: Rules, name: str
    ) -> str | None:
        excluded = self._excluded(name, is_directory)
        if excluded is not None or not self.gitignore:
            return excluded
        # A worktree's or a submodule's .git is a file, and no more the project's.
        if base in _VCS_DATA:
            return "version control data"
        if is_directory and os.path.isfile(os.path.join(path, _VENV_MARKER)):
            return "a Python virtual environment"
        rule = rules.deciding(_posix(path), is_directory)
        if rule is not None and not rule.negated:
            return f"matches {rule.pattern!r} in {rule.source}"
        return None

    def _excluded(self, name: str, is_directory: bool) -> str | None:
        """Why an ``--exclude`` pattern leaves *name* out, or ``None``."""
        rule = self.exclude.deciding(name, is_directory) if name else None
        if rule is None or rule.negated:
            return None
        return f"matches --exclude {rule.pattern!r}"

    def _included(self, name: str, is_directory: bool, above: bool) -> bool:
        """Whether an include pattern takes *name*, or (*above*) a directory above
        it did; always, without include patterns."""
        return above or self.include is None or self.include.ignored(name, is_directory)

    def _included_above(self, name: str, *, is_directory: bool) -> bool:
        """Whether an include pattern takes the named path *name* or a directory
        above it, which no walk has judged."""
        if self.include is None:
            return True
        parts = name.split("/") if name else []
        above = any(
            self.include.ignored("/".join(parts[:depth]), True) for depth in range(1, len(parts))
        )
        return name != "" and self._included(name, is_directory, above)

    def _rules_above(self, folder: str) -> Rules:
        """The ignore files of the repository that holds *folder*, from its top
        down to *folder*'s parent, which hold for what is below *folder* too."""
        absolute = Path(os.path.abspath(folder))
        top = next((up for up in (absolute, *absolute.parents) if (up / ".git").exists()), None)
        if top is None:
            return Rules()
        rules = Rules().adding(
            _posix(top) + "/",
            self._read_ignore_file(os.path.join(_git_directory(top), "info", "exclude")),
        )
        for above in reversed(absolute.parents):
            if above == top or top in above.parents:
                rules = rules.adding(
                    _posix(above) + "/", self._read_ignore_file(os.path.join(above, ".gitignore"))
                )
        return rules

    def _read_ignore_file(self, path: str) -> list[IgnoreRule]:
        try:
            with open(path, "rb") as file:
                data = file.read()
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            return []
        return compile_rules(
            data.decode("utf-8", errors="replace").splitlines(), self._shown(path)
        )

    def _shown(self, path: str) -> str:
        """*path* as a message names it: relative to the root when it is inside."""
        absolute = _posix(os.path.abspath(path))
        return absolute.removeprefix(self.top) if absolute.startswith(self.top) else absolute

    def _file(self, name: str, path: str, found: os.stat_result) -> None:
        if self._is_output(path, found):
            self._skip(name, path, "output", "the bundle being written")
            return
        problem = _unnamable(name)
        if problem is not None:
            self._skip(name, path, "unnamable", problem)
            return
        if self.max_size is not None and found.st_size > self.max_size:
            self._skip(
                name,
                path,
                "too-large",
                f"{found.st_size} bytes, over the limit of {self.max_size}",
            )
            return
        self.found[name] = (path, found)

    def _skip(
        self, name: str, path: str, reason: SkipReason, why: str, is_directory: bool = False
    ) -> None:
        self.skipped.append(Skipped(name, Path(path), reason, why, is_directory))

    def _is_output(self, path: str, found: os.stat_result) -> bool:
        if self.output is None:
            return False
        output_path, inode = self.output
        # The inode sees through another spelling or a hard link; on Windows,
        # where a directory listing gives no inode, the path is what tells.
        same_inode = inode is not None and inode == (found.st_dev, found.st_ino) != (0, 0)
        # *path* is absolute and normal already: the root is, and names are added to it.
        return same_inode or os.path.normcase(path) == output_path

    def read(self, name: str, binary: str) -> Document | None:
        path, found = self.found[name]
        with open(path, "rb") as file:
            data = file.read()
        meta = {EXECUTABLE_KEY: YES} if found.st_mode & stat.S_IXUSR else {}
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            if binary == "skip":
                self._skip(name, path, "not-utf8", "not UTF-8 text")
                return None
            return Document.from_bytes(name, data, meta)
        return Document(name, text, meta)


def _identity(output: PackPath | None) -> tuple[str, tuple[int, int] | None] | None:
    """How to know the bundle being written when it is found: its path, and its
    inode if it exists already."""
    if output is None:
        return None
    path = os.path.normcase(os.path.abspath(output))
    try:
        found = os.stat(output)
    except OSError:
        return path, None
    return path, (found.st_dev, found.st_ino)


def _git_directory(top: Path) -> str:
    """The directory of a repository's data: ``.git``, or where a ``.git`` file
    (a worktree's, a submodule's) points."""
    marker = top / ".git"
    if marker.is_file():
        first = marker.read_text(encoding="utf-8", errors="replace").partition("\n")[0]
        if first.startswith("gitdir:"):
            return os.path.join(top, first.removeprefix("gitdir:").strip())
    return os.fspath(marker)


def _may_hold_secrets(path: str, base: str) -> bool:
    """Whether the file *path*, called *base*, is of a kind that holds secrets:
    ``.env``, a private key, a credentials file, or a PEM file with a private key."""
    if _SECRETS.ignored(base, False):
        return True
    if not _KEY_FILES.ignored(base, False):
        return False
    with open(path, "rb") as file:
        return _PRIVATE_KEY in file.read()


def _unnamable(name: str) -> str | None:
    """Why a file of this name cannot be a document at all, or ``None``."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "its name is not UTF-8"
    bad = forbidden_char(name)
    if bad is not None:
        return f"its name holds {describe_char(bad)}, which no document name may hold"
    return None


def _posix(path: str | os.PathLike[str]) -> str:
    return os.fspath(path).replace(os.sep, "/")


def _entry_name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _unportable(names: Sequence[str]) -> Iterator[str]:
    """A warning for each name that some common system cannot hold."""
    first_of: dict[str, str] = {}
    for name in names:
        problem = unsafe_name_reason(name)
        if problem is not None:
            yield (
                f"{name}: not a portable name: {problem}; unpack writes it only with "
                "names='posix' (--names=posix)"
            )
            continue
        other = first_of.setdefault(fold(name), name)
        if other != name:
            yield (
                f"{name}: names the same file as {other} on a case-insensitive file system; "
                "unpack writes both only with names='posix' (--names=posix) where case counts"
            )
