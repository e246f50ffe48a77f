"""theanox.d3viz: Theano's ``theano.d3viz`` (an interactive HTML page of a graph)."""
from theanox.d3viz.d3viz import (d3viz, d3write, escape_quotes, replace_patterns,  # noqa: F401
                                 safe_json)

__all__ = ["d3viz", "d3write", "replace_patterns", "escape_quotes", "safe_json"]
