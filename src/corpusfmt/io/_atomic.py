"""The one way corpusfmt writes a file: whole, or not at all.

``dump`` to a path, ``fmt`` in place, JSON Lines output and every file that
``unpack`` restores go through :func:`atomic_writer`, so that all of them
get the same guarantees.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterator
from typing import IO, Final

__all__ = ["atomic_writer"]

# Room for the random part and the suffix within a 255-byte file name.
_NAME_KEPT: Final = 200
_SUFFIX: Final = ".corpusfmt-tmp"


@contextlib.contextmanager
def atomic_writer(
    path: str | os.PathLike[str], *, replace: bool = True, mode: int | None = None
) -> Iterator[IO[bytes]]:
    """Write the file *path* through a temporary file beside it; yield that file.

    The temporary file is created with ``O_EXCL`` and ``O_NOFOLLOW``, so a
    file or a link planted at its name is never written through. When the
    ``with`` block ends without an error, the temporary file takes the name
    *path*: it replaces a file of that name if *replace*, else it is placed
    only if no file of that name exists by then (:class:`FileExistsError`
    otherwise). On any error the temporary file is removed and *path* is as
    it was.

    *mode* is the permission bits to create the file with, less the umask;
    by default a file that is replaced keeps its own mode, and a new file
    gets 0o666 less the umask, as :func:`open` gives it.
    """
    target = os.fspath(path)
    folder, name = os.path.split(target)
    temporary = os.path.join(folder, f".{name[:_NAME_KEPT]}.{secrets.token_hex(6)}{_SUFFIX}")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(temporary, flags, 0o666 if mode is None else mode)
    try:
        with open(descriptor, "wb") as file:
            yield file
        if mode is None:
            with contextlib.suppress(FileNotFoundError):
                os.chmod(temporary, stat.S_IMODE(os.stat(target).st_mode))
        if replace:
            os.replace(temporary, target)
        else:
            _place_new(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _place_new(temporary: str, target: str) -> None:
    """Give the written file its name, unless a file of that name exists by now."""
    try:
        # A hard link fails if the name exists, where a rename would replace it.
        os.link(temporary, target)
    except FileExistsError:
        raise FileExistsError(f"{target} appeared while it was written; not replaced") from None
    except OSError:
        # A file system without hard links: check, then rename.
        if os.path.lexists(target):
            raise FileExistsError(
                f"{target} appeared while it was written; not replaced"
            ) from None
        os.replace(temporary, target)
        return
    os.unlink(temporary)
