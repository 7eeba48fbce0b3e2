"""Sphinx configuration for the corpusfmt documentation."""

import sys
from importlib.metadata import version as _version
from pathlib import Path

_here = Path(__file__).parent
sys.path.insert(0, str(_here))

from _inventory import ATTRS, ATTRS_URL, PYTHON, PYTHON_URL, write_inventory  # noqa: E402

project = "corpusfmt"
author = "The corpusfmt developers"
copyright = "2026, The corpusfmt developers"
release = _version("corpusfmt")
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.intersphinx",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
# The aliases of the public API are documented names: a signature shows the
# name and links to its meaning instead of spelling the union out.
autodoc_type_aliases = {
    "PathOrFile": "corpusfmt.PathOrFile",
    "MetaInput": "corpusfmt.MetaInput",
    "Shards": "corpusfmt.Shards",
    "BundleSource": "corpusfmt.BundleSource",
}
napoleon_google_docstring = True
napoleon_use_ivar = True
napoleon_use_rtype = False

# Every reference must resolve (sphinx-build -n in CI), the standard library's
# and attrs' included, from inventories written here so that no build needs a
# network.
nitpicky = True
_inventories = _here / "_build" / "inventories"
intersphinx_mapping = {
    "python": (PYTHON_URL, (write_inventory(_inventories / "python.inv", "Python", PYTHON),)),
    "attrs": (ATTRS_URL, (write_inventory(_inventories / "attrs.inv", "attrs", ATTRS),)),
}

html_theme = "furo"
html_title = f"corpusfmt {release}"
exclude_patterns = ["_build"]
python_use_unqualified_type_names = True
html_static_path = ["_static"]
html_css_files = ["wrap.css"]
