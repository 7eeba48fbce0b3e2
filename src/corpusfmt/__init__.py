"""corpusfmt: many documents in one text stream, read and written without changing a byte.

>>> import corpusfmt
>>> bundle = corpusfmt.dumps([corpusfmt.Document("a.txt", "hello\\n")])
>>> corpusfmt.loads(bundle)
[Document(name='a.txt', text='hello\\n')]
"""

from corpusfmt._errors import CorpusFormatError
from corpusfmt._io import dump, load
from corpusfmt._model import Document
from corpusfmt._parse import loads
from corpusfmt._write import dumps

# Tracebacks and reprs name the public home of these classes, not a private module.
CorpusFormatError.__module__ = __name__
Document.__module__ = __name__

__all__ = [
    "CorpusFormatError",
    "Document",
    "dump",
    "dumps",
    "load",
    "loads",
]
