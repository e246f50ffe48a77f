"""TensorType: dtype + broadcastable pattern, value filtering, and the constructors."""
import numpy as np

from theanox import config
from theanox.tensor.dtypes import upcast

ALL_DTYPES = ("bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
              "uint64", "float16", "float32", "float64", "complex64", "complex128")
float_dtypes = ("float16", "float32", "float64")
complex_dtypes = ("complex64", "complex128")
int_dtypes = ("int8", "int16", "int32", "int64")
uint_dtypes = ("uint8", "uint16", "uint32", "uint64")
discrete_dtypes = ("bool",) + int_dtypes + uint_dtypes
continuous_dtypes = float_dtypes + complex_dtypes

_NAMED = {(): "scalar", (False,): "vector", (False, True): "col", (True, False): "row",
          (False, False): "matrix"}


class TensorType:
    """Returns the type of n-d arrays of one dtype; calling it makes a variable.

    ``broadcastable[i]`` is True when dimension i is known to have length 1.
    """

    def __init__(self, dtype, broadcastable, name=None, sparse_grad=False):
        dtype = str(np.dtype(dtype)) if dtype != "floatX" else config.floatX
        if dtype not in ALL_DTYPES:
            raise TypeError("Unsupported dtype for TensorType: %r; expected one of %s"
                            % (dtype, ", ".join(ALL_DTYPES)))
        self.dtype = dtype
        self.broadcastable = tuple(bool(b) for b in broadcastable)
        self.name = name

    ndim = property(lambda self: len(self.broadcastable))
    numpy_dtype = property(lambda self: np.dtype(self.dtype))

    def __call__(self, name=None):
        return _variable_class("variable")(self, name=name)

    def make_constant(self, data, name=None):
        """Returns a TensorConstant of this type holding ``data``."""
        return _variable_class("constant")(self, data, name=name)

    def make_variable(self, name=None):
        return self(name)

    def clone(self, dtype=None, broadcastable=None):
        return TensorType(dtype or self.dtype,
                          self.broadcastable if broadcastable is None else broadcastable)

    def __eq__(self, other):
        return (type(other) is type(self) and other.dtype == self.dtype
                and other.broadcastable == self.broadcastable)

    def __hash__(self):
        return hash((TensorType, self.dtype, self.broadcastable))

    def __str__(self):
        if self.name:
            return self.name
        b = self.broadcastable
        if b in _NAMED:
            shape = _NAMED[b]
        elif any(b):
            shape = str(b)
        else:
            shape = "%iD" % len(b)
        return "TensorType(%s, %s)" % (self.dtype, shape)

    def __repr__(self):
        return str(self)

    def is_valid_value(self, value):
        try:
            self.filter(value, strict=True)
            return True
        except (TypeError, ValueError):
            return False

    def filter(self, data, strict=False, allow_downcast=None):
        """Returns ``data`` as a numpy array of this type, or raises TypeError.

        Follows Theano: a lossless conversion is always allowed; a lossy one only
        with ``allow_downcast`` (or a Python float into floatX).
        """
        if hasattr(data, "__jax_array__") or type(data).__module__.startswith("jax"):
            data = np.asarray(data)
        if isinstance(data, np.ndarray) and data.dtype == self.numpy_dtype:
            out = data
        elif strict:
            raise TypeError("%s expected an ndarray of dtype %s, got %r"
                            % (self, self.dtype, type(data).__name__
                               if not isinstance(data, np.ndarray) else data.dtype))
        elif allow_downcast:
            out = np.asarray(data, dtype=self.dtype)
        elif isinstance(data, np.ndarray):
            # Arrays go by dtype; NumPy scalars, like Python numbers, by value
            # (Theano 1.0.5: np.float64(2.0) is a valid int64 index, 2.5 is not).
            if upcast(self.dtype, str(data.dtype)) != self.dtype:
                raise TypeError(
                    "%s, with dtype %s, cannot store a value of dtype %s without risking "
                    "loss of precision. If you do not mind this loss, you can: 1) explicitly "
                    "cast your data to %s, or 2) set \"allow_input_downcast=True\" when "
                    "calling \"function\". Value: \"%r\""
                    % (self, self.dtype, data.dtype, self.dtype, data))
            out = data.astype(self.dtype)
        elif allow_downcast is None and type(data) is float and self.dtype == config.floatX:
            out = np.asarray(data, dtype=self.dtype)
        else:
            try:
                raw = np.asarray(data)
                out = raw.astype(self.dtype)
            except (ValueError, TypeError) as e:
                raise TypeError("%s cannot hold the value %r: %s" % (self, data, e))
            same = (raw.shape == out.shape and
                    np.all((raw == out) | (np.isnan(raw) & np.isnan(out))
                           if raw.dtype.kind in "fc" else raw == out))
            if not same:
                text = str(data)
                text = text[:75] + "(...)" if len(text) > 80 else text
                raise TypeError(
                    "%s cannot store accurately value %s, it would be represented as %s. "
                    "If you do not mind this precision loss, you can: 1) explicitly convert "
                    "your data to a numpy array of dtype %s, or 2) set "
                    "\"allow_input_downcast=True\" when calling \"function\"."
                    % (self, text, out, self.dtype))
        if out.ndim != self.ndim:
            raise TypeError("Wrong number of dimensions: expected %d, got %d with shape %s."
                            % (self.ndim, out.ndim, out.shape))
        for i, (b, n) in enumerate(zip(self.broadcastable, out.shape)):
            if b and n != 1:
                raise TypeError("Non-unit value on shape on a broadcastable dimension: "
                                "dimension %d of %s must have length 1, got shape %s."
                                % (i, self, out.shape))
        return out

    def value_zeros(self, shape):
        return np.zeros(shape, dtype=self.dtype)

    def values_eq_approx(self, a, b):
        return np.allclose(a, b, equal_nan=True)


# ----------------------------------------------------------- variable classes
# A TensorType makes TensorVariables and TensorConstants.  Their operators
# (``x + y``, ``x.sum()``, ``x[i]``) call the tensor functions, which are built on
# this module, so the classes live above it (theanox/tensor/var.py) and register
# themselves here when that module is imported.
_CLASSES = {}


def register_variable_classes(variable, constant):
    """Makes ``variable`` and ``constant`` the classes every TensorType instantiates."""
    _CLASSES.update(variable=variable, constant=constant)


def _variable_class(kind):
    try:
        return _CLASSES[kind]
    except KeyError:
        raise RuntimeError("the tensor variable classes are not registered: import "
                           "theanox (theanox.tensor.var registers them)") from None


# ----------------------------------------------------------- constructors

def _make_ctor(broadcastable, dtype_fixed=None):
    def ctor(name=None, dtype=None):
        dtype = dtype_fixed or dtype or config.floatX
        return TensorType(dtype, broadcastable)(name)
    return ctor


def _make_plural(single):
    def plural(*names, dtype=None):
        if len(names) == 1 and isinstance(names[0], int):
            return [single(None, dtype=dtype) if dtype else single() for _ in range(names[0])]
        if len(names) == 1 and isinstance(names[0], (list, tuple, str)):
            names = names[0]      # Theano: matrices('xy') is one matrix per letter
        vs = [single(n, dtype=dtype) if dtype else single(n) for n in names]
        return vs[0] if len(vs) == 1 else vs
    return plural


SHAPES = {"scalar": (), "vector": (False,), "row": (True, False), "col": (False, True),
          "matrix": (False, False), "tensor3": (False,) * 3, "tensor4": (False,) * 4,
          "tensor5": (False,) * 5, "tensor6": (False,) * 6, "tensor7": (False,) * 7}
PLURALS = {"scalar": "scalars", "vector": "vectors", "row": "rows", "col": "cols",
           "matrix": "matrices", "tensor3": "tensor3s", "tensor4": "tensor4s",
           "tensor5": "tensor5s", "tensor6": "tensor6s", "tensor7": "tensor7s"}
PREFIXES = {"b": "int8", "w": "int16", "i": "int32", "l": "int64", "f": "float32",
            "d": "float64", "c": "complex64", "z": "complex128"}


def _build_constructors():
    """Returns {name: constructor} for scalar, fvector, dmatrices, ... (Theano's names)."""
    out = {}
    for kind, bcast in SHAPES.items():
        generic = _make_ctor(bcast)
        generic.__doc__ = "Returns a symbolic %s of dtype floatX (or ``dtype``)." % kind
        out[kind] = generic
        out[PLURALS[kind]] = _make_plural(generic)
        for p, dtype in PREFIXES.items():
            typed = TensorType(dtype, bcast)
            out[p + kind] = typed
            out[p + PLURALS[kind]] = _make_plural(
                lambda name=None, dtype=None, _t=typed: _t(name))
    return out


CONSTRUCTORS = _build_constructors()


def tensor(dtype=None, broadcastable=None, name=None):
    """Returns a symbolic tensor of the given dtype and broadcastable pattern."""
    return TensorType(dtype or config.floatX, broadcastable)(name)
