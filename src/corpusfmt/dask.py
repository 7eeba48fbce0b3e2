"""A corpus as a Dask bag or dataframe, read in pieces by the workers of a cluster.

Needs Dask (``pip install 'corpusfmt[dask]'``; a dataframe needs
``dask[dataframe]`` as well), which this module imports when a function of
it is first called. The pieces are those of :func:`corpusfmt.io.splits`:
one per gzip-compressed shard, byte ranges of *blocksize* of each
uncompressed bundle. Each worker opens its piece itself (a path every
worker sees, or a URL), so nothing but the piece's name and range travels
to it.

>>> import tempfile, corpusfmt, corpusfmt.dask
>>> docs = [corpusfmt.Document(f"{n}.txt", "text\\n") for n in range(6)]
>>> manifest = corpusfmt.dump_shards(docs, tempfile.mkdtemp(), max_documents=4)
>>> bag = corpusfmt.dask.read_bundles(manifest.paths)
>>> bag.npartitions
2
>>> bag.map(lambda doc: doc.name).compute(scheduler="sync")
['0.txt', '1.txt', '2.txt', '3.txt', '4.txt', '5.txt']
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any, Final

import corpusfmt
from corpusfmt import Document
from corpusfmt.arrow import records, schema

__all__ = ["read_bundles", "read_dataframe"]

_INSTALL: Final = "pip install 'corpusfmt[dask]'"
_DEFAULT_BLOCKSIZE: Final = 64 << 20


def _bag_module() -> Any:
    try:
        import dask.bag
    except ImportError as error:
        raise ImportError(f"corpusfmt.dask needs dask[bag]: {_INSTALL}") from error
    return dask.bag


def _dataframe_module() -> Any:
    try:
        import dask.dataframe
    except ImportError as error:
        raise ImportError(
            f"corpusfmt.dask.read_dataframe needs dask[dataframe]: {_INSTALL} 'dask[dataframe]'"
        ) from error
    return dask.dataframe


def _documents(piece: corpusfmt.io.Split) -> list[Document]:
    return list(piece.read())


def read_bundles(
    sources: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    blocksize: int | None = _DEFAULT_BLOCKSIZE,
) -> Any:
    """A ``dask.bag.Bag`` of the :class:`~corpusfmt.Document` objects of *sources*, in order.

    *sources* and *blocksize* are as for :func:`corpusfmt.io.splits`; each
    piece is a partition. Computing the bag gives the documents that
    :func:`corpusfmt.iter_load` gives, in the same order; a problem in a
    piece is raised from it as :class:`~corpusfmt.CorpusFormatError`.
    """
    bag = _bag_module()
    pieces = corpusfmt.io.splits(sources, blocksize=blocksize)
    if not pieces:
        return bag.from_sequence([], npartitions=1)
    return bag.from_sequence(pieces, npartitions=len(pieces)).map_partitions(_flatten)


def _flatten(pieces: list[corpusfmt.io.Split]) -> list[Document]:
    return [doc for piece in pieces for doc in _documents(piece)]


def read_dataframe(
    sources: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    blocksize: int | None = _DEFAULT_BLOCKSIZE,
) -> Any:
    """A ``dask.dataframe.DataFrame`` of the documents of *sources*, a row each.

    The columns are those of :func:`corpusfmt.arrow.schema`, every
    partition with all four: ``name``, ``text``, ``data`` (null for a text
    document) and ``meta`` (a list of ``{"key", "value"}`` pairs), each
    partition built through Arrow. :func:`corpusfmt.arrow.from_table` takes
    a computed partition, or the whole frame, back to documents. Every column
    is Arrow-backed (``pandas.ArrowDtype``), so that Dask keeps bytes as
    bytes and the metadata pairs as they are.
    """
    dataframe = _dataframe_module()
    pieces = corpusfmt.io.splits(sources, blocksize=blocksize)
    return dataframe.from_map(_frame, pieces, meta=_frame(None), enforce_metadata=False)


def _frame(piece: corpusfmt.io.Split | None) -> Any:
    """The pandas frame of *piece* (an empty one of the same columns for ``None``):
    every column of :func:`~corpusfmt.arrow.schema` in each partition, binary
    documents or not."""
    docs = [] if piece is None else _documents(piece)
    table = _pyarrow().Table.from_pylist(list(records(docs)), schema=schema())
    # Arrow-backed columns, which Dask neither converts nor guesses: with
    # object columns it would turn bytes and metadata pairs into strings.
    return table.to_pandas(types_mapper=_pandas().ArrowDtype)


def _pyarrow() -> Any:
    import pyarrow

    return pyarrow


def _pandas() -> Any:
    import pandas

    return pandas
