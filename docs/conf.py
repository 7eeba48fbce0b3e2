"""Sphinx configuration for the corpusfmt documentation."""

from importlib.metadata import version as _version

project = "corpusfmt"
author = "The corpusfmt developers"
copyright = "2026, The corpusfmt developers"
release = _version("corpusfmt")
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
napoleon_google_docstring = True
html_theme = "furo"
html_title = f"corpusfmt {release}"
exclude_patterns = ["_build"]
