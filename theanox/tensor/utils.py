"""Theano's ``theano.tensor.utils``: hash_from_ndarray and shape_of_variables."""
import hashlib

import numpy as np


def _hash_from_code(msg):
    if isinstance(msg, str):
        msg = msg.encode()
    return "m" + hashlib.sha256(msg).hexdigest()


def hash_from_ndarray(data):
    """Returns Theano's hash of an ndarray: of its data, shape, strides and dtype (C order)."""
    if not data.flags["C_CONTIGUOUS"]:
        data = np.ascontiguousarray(data)
    return _hash_from_code(_hash_from_code(data.tobytes()) + _hash_from_code(str(data.shape))
                           + _hash_from_code(str(data.strides))
                           + _hash_from_code(str(data.dtype)))


def shape_of_variables(fgraph, input_shapes):
    """Returns {variable of fgraph: its shape} for inputs of the given shapes
    ({input: shape}); the shapes are computed by running the graph on zeros."""
    from theanox.graph import hooks
    missing = [v for v in fgraph.inputs if v not in input_shapes]
    if missing:
        raise ValueError("shape_of_variables: give the shape of every input; missing %s"
                         % missing)
    variables = [v for v in fgraph.variables if hasattr(v, "shape")]
    order = sorted(variables, key=lambda v: v.auto_name)
    # compiled by the compile layer through the graph core's hook (as Variable.eval is)
    f = hooks.compile_function(list(fgraph.inputs), [v.shape for v in order])
    shapes = f(*[np.zeros(input_shapes[v], dtype=v.dtype) for v in fgraph.inputs])
    return {v: tuple(int(n) for n in s) for v, s in zip(order, shapes)}
