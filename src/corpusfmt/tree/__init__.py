"""Files on disk and documents: packing a tree, and restoring it safely.

An edge, like :mod:`corpusfmt.io`: it touches the file system, and nothing
below it depends on it.
"""

from corpusfmt.tree._names import NameRules, unsafe_name_reason
from corpusfmt.tree._pack import PackPath, Skipped, SkipReason, pack
from corpusfmt.tree._unpack import (
    Duplicates,
    PlannedFile,
    Refusal,
    Unpacker,
    UnpackError,
    plan_unpack,
    unpack,
)

__all__ = [
    "Duplicates",
    "NameRules",
    "PackPath",
    "PlannedFile",
    "Refusal",
    "SkipReason",
    "Skipped",
    "UnpackError",
    "Unpacker",
    "pack",
    "plan_unpack",
    "unpack",
    "unsafe_name_reason",
]
