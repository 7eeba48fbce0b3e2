"""Files on disk and documents: packing a tree, and restoring it safely.

An edge, like :mod:`corpusfmt.io`: it touches the file system, and nothing
below it depends on it.
"""

from corpusfmt.tree._names import unsafe_name_reason
from corpusfmt.tree._pack import pack
from corpusfmt.tree._unpack import Duplicates, PlannedFile, Unpacker, plan_unpack, unpack

__all__ = [
    "Duplicates",
    "PlannedFile",
    "Unpacker",
    "pack",
    "plan_unpack",
    "unpack",
    "unsafe_name_reason",
]
