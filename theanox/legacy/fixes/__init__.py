"""fissix fixers of theanox's Python 2 runner (on top of fissix's own fixers)."""
