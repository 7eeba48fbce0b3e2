"""Other tools' containers for documents, read and written without touching files.

JSON Lines now; each format is a client of the document model, and of
:mod:`corpusfmt.v1` where it shares a rule.
"""

from corpusfmt.formats._jsonl import document_of, dumps_jsonl, iter_jsonl_lines, loads_jsonl

__all__ = ["document_of", "dumps_jsonl", "iter_jsonl_lines", "loads_jsonl"]
