"""Theano 1.0.5's dtype rules: upcasting, Python-scalar autocasting, float upgrades."""
import numpy as np

from theanox import config


def upcast(dtype, *dtypes):
    """Returns the dtype of combining tensors of ``dtypes`` as Theano 1.0.5 does.

    Plain NumPy type promotion of the dtypes (int32 with float32 gives float64,
    whatever floatX is).  floatX only matters for Python scalar constants, which
    ``autocast_python_scalar`` makes float32 when floatX is float32.
    """
    all_dtypes = (dtype,) + dtypes
    return np.result_type(*[np.dtype(d) for d in all_dtypes]).name


_FLOAT_OF_INT = {"bool": "float32", "int8": "float32", "uint8": "float32",
                 "int16": "float32", "uint16": "float32", "int32": "float64",
                 "uint32": "float64", "int64": "float64", "uint64": "float64"}


def upgrade_to_float(dtype):
    """Returns the float dtype an int dtype is promoted to by transcendental ops."""
    out = _FLOAT_OF_INT.get(dtype, dtype)
    return upcast(out) if out == "float64" else out


def upgrade_to_float_no_complex(dtype):
    if dtype.startswith("complex"):
        raise TypeError("this operation is not defined for complex inputs (got %s)" % dtype)
    return upgrade_to_float(dtype)


def autocast_python_scalar(x):
    """Returns a numpy 0-d array for a Python number, with Theano's 'custom' policy.

    ints take the smallest of int8..int64 that holds them; floats take floatX
    when floatX is float32, else float32 if exact, else float64; bools are bool.
    """
    policy = config.cast_policy
    if isinstance(x, np.bool_):
        return np.asarray(x, dtype="bool")
    if isinstance(x, bool):
        x = int(x)  # Theano 1.0.5: T.constant(True) is TensorConstant{1} of int8
    if policy == "numpy+floatX":
        a = np.asarray(x)
        if a.dtype.kind == "f" and a.dtype.name != config.floatX and not hasattr(x, "dtype"):
            a = a.astype(config.floatX)
        return a
    if isinstance(x, int):
        for d in ("int8", "int16", "int32", "int64"):
            info = np.iinfo(d)
            if info.min <= x <= info.max:
                return np.asarray(x, dtype=d)
        if 0 <= x <= np.iinfo("uint64").max:
            return np.asarray(x, dtype="uint64")
        raise OverflowError("Python int too large to convert to C long: %d does not fit in "
                            "int64 or uint64; give a float or a numpy array" % x)
    if isinstance(x, float):
        with np.errstate(over="ignore"):  # 1e40 -> inf in float32, as Theano
            return _autocast_float(x)
    if isinstance(x, complex):
        return np.asarray(x, dtype="complex128")
    return np.asarray(x)


def _autocast_float(x):
    """Returns a Python float as floatX (float32/16), else float32 if exact, else float64."""
    if config.floatX in ("float32", "float16"):
        return np.asarray(x, dtype=config.floatX)
    for d in ("float32", "float64"):
        a = np.asarray(x, dtype=d)
        if float(a) == x:  # NEP 50: compare in float64; nan is never exact (float64)
            return a
    return np.asarray(x, dtype="float64")
