"""Running the installed ``corpusfmt`` console script, as a user does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

# The script that installing corpusfmt put next to this interpreter.
_found = shutil.which("corpusfmt", path=os.path.dirname(sys.executable))
assert _found is not None, "the corpusfmt console script is not installed"
SCRIPT: str = _found


def run_bytes(
    *args: str, stdin: bytes = b"", cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([SCRIPT, *args], input=stdin, capture_output=True, check=False, cwd=cwd)


def run(
    *args: str, stdin: bytes = b"", cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    completed = run_bytes(*args, stdin=stdin, cwd=cwd)
    return subprocess.CompletedProcess(
        completed.args,
        completed.returncode,
        completed.stdout.decode("utf-8"),
        completed.stderr.decode("utf-8"),
    )
