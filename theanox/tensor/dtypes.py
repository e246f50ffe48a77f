"""Theano 1.0.5's dtype rules: upcasting, Python-scalar autocasting, float upgrades."""
import numpy as np

from theanox import config


def upcast(dtype, *dtypes):
    """Returns the dtype of combining ``dtypes`` as Theano does.

    NumPy's promotion, except that float64 that only arises from ints mixing with
    float32 stays float32 when floatX is float32 (Theano's ``keep_float32``).
    """
    all_dtypes = (dtype,) + dtypes
    result = np.result_type(*[np.dtype(d) for d in all_dtypes]).name
    if result == "float64" and config.floatX == "float32" and "float64" not in all_dtypes:
        return "float32"
    if result in ("float32", "float64") and config.floatX == "float16" \
            and not any(d in ("float32", "float64") for d in all_dtypes):
        return "float16"
    return result


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
    if isinstance(x, (bool, np.bool_)):
        return np.asarray(x, dtype="bool")
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
        return np.asarray(x, dtype="uint64") if 0 <= x <= np.iinfo("uint64").max \
            else np.asarray(float(x))
    if isinstance(x, float):
        if config.floatX in ("float32", "float16"):
            return np.asarray(x, dtype=config.floatX)
        for d in ("float32", "float64"):
            a = np.asarray(x, dtype=d)
            if a == x or (np.isnan(x) and np.isnan(a)):
                return a
        return np.asarray(x, dtype="float64")
    if isinstance(x, complex):
        return np.asarray(x, dtype="complex128")
    return np.asarray(x)
