"""Other tools' containers for documents, read and written without touching files.

JSON Lines now; each format is a client of the document model, and of
:mod:`corpusfmt.v1` where it shares a rule.
"""

from corpusfmt.formats._jsonl import document_of, dumps_jsonl, iter_jsonl_lines, loads_jsonl
from corpusfmt.formats._values import TYPED_METADATA, metadata_text, name_of

__all__ = [
    "TYPED_METADATA",
    "document_of",
    "dumps_jsonl",
    "iter_jsonl_lines",
    "loads_jsonl",
    "metadata_text",
    "name_of",
]
