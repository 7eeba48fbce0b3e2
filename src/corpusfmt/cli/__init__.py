"""The ``corpusfmt`` command: a thin shell over the public API, one module per command.

Files, standard streams, messages and exit statuses live here; every reading,
writing and checking is a call to :mod:`corpusfmt`.
"""

from corpusfmt.cli._app import main

__all__ = ["main"]
