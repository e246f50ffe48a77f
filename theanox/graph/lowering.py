"""What an Op's lowering rule may use from the interpreter (``theanox.compile.lower``).

Values in the interpreter's environment are NumPy values (known while tracing:
constants, shapes and what follows from them) or JAX arrays and tracers.  An op
asks ``is_concrete`` to tell them apart, and raises ``NeedsHostValue`` when a
value that decides a shape is only known at run time: the compiler then
computes it on the host before dispatch (a staged program).
"""
import numpy as np


class NeedsHostValue(Exception):
    """Raised while tracing when a shape-deciding input is only known at run time."""

    def __init__(self, variable, node):
        super().__init__(variable)
        self.variable = variable
        self.node = node


def is_concrete(v):
    """Returns True when ``v`` is a NumPy value (known on the host while tracing)."""
    return isinstance(v, (np.ndarray, np.generic))
