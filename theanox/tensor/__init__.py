"""theanox.tensor: symbolic tensors and the operations on them (Theano's ``theano.tensor``)."""
from theanox.tensor.type import (TensorType, CONSTRUCTORS as _CTORS, tensor,  # noqa: F401
                                 discrete_dtypes, float_dtypes, complex_dtypes,
                                 continuous_dtypes, int_dtypes, uint_dtypes)
from theanox.tensor.var import TensorVariable, TensorConstant, _tensor_py_operators  # noqa: F401
from theanox.tensor.elemwise import Elemwise, DimShuffle  # noqa: F401
from theanox.tensor import basic  # noqa: F401
from theanox.tensor.basic import *  # noqa: F401,F403
from theanox.tensor.basic import (as_tensor_variable, as_tensor, constant, cast,  # noqa: F401
                                  NotScalarConstantError, get_scalar_constant_value,
                                  Shape, Shape_i, Reshape, Alloc, Join, ARange, Eye,
                                  Rebroadcast, MakeVector, Flatten, round, iround)
from theanox.tensor.reduction import (sum, prod, max, min, argmax, argmin,  # noqa: F401
                                      max_and_argmax, all, any, mean, var, std, norm)
from theanox.tensor.subtensor import (Subtensor, AdvancedSubtensor, IncSubtensor,  # noqa: F401
                                      set_subtensor, inc_subtensor, nonzero, flatnonzero,
                                      nonzero_values, take, get_canonical_form_slice)
from theanox.tensor.linalg import (dot, outer, tensordot, batched_dot,  # noqa: F401
                                   batched_tensordot, Dot)
from theanox.gradient import (grad, Rop, Lop, jacobian, hessian, verify_grad,  # noqa: F401
                              numeric_grad, consider_constant)
from theanox.tensor.extra_ops import (cumsum, cumprod, diff, bincount, repeat,  # noqa: F401
                                      squeeze, compress, fill_diagonal, fill_diagonal_offset,
                                      to_one_hot, unravel_index, ravel_multi_index,
                                      searchsorted, bartlett)
from theanox.tensor.sort import sort, argsort, topk, argtopk, topk_and_argtopk  # noqa: F401
from theanox.tensor.nlinalg import (diag, diagonal, trace, ExtractDiag,  # noqa: F401
                                    AllocDiag)

from theanox.tensor.basic_extra import (  # noqa: F401
    square, power, mod_check, divmod, ceil_intdiv, largest, smallest, roll, tri, mgrid,
    ogrid, split, inverse_permutation, permute_row_elements, cov, isinf_, isnan_,
    advanced_subtensor1, advanced_inc_subtensor1, advanced_set_subtensor1,
    advanced_subtensor, advanced_inc_subtensor, advanced_set_subtensor, python_all,
    python_any, python_complex, float16_atol, float16_rtol, float32_atol, float32_rtol,
    float64_atol, float64_rtol, integer_dtypes, all_dtypes, int_types, float_types,
    complex_types, int_scalar_types, float_scalar_types, complex_scalar_types,
    int_vector_types, float_vector_types, complex_vector_types, int_matrix_types,
    float_matrix_types, complex_matrix_types, numpy_diagonal_return_view, extract_constant,
    is_flat, check_equal_numpy)

globals().update(_CTORS)


# Theano's names kept elsewhere in theanox: name -> (module, attribute).
_THEANO_NAMES = {
    "Tensor": ("theanox.tensor.type", "TensorType"),
    "Type": ("theanox.gof.type", "Type"), "Generic": ("theanox.gof.type", "Generic"),
    "MethodNotDefined": ("theanox.gof.utils", "MethodNotDefined"),
    "hashtype": ("theanox.gof.utils", "hashtype"),
    "DisconnectedType": ("theanox.gradient", "DisconnectedType"),
    "grad_not_implemented": ("theanox.gradient", "grad_not_implemented"),
    "grad_undefined": ("theanox.gradient", "grad_undefined"),
    "int32": ("theanox.scalar.basic", "int32"), "int32_t": ("theanox.scalar.basic", "int32"),
    "min_informative_str": ("theanox.printing", "min_informative_str"),
    "PermuteRowElements": ("theanox.tensor.basic_extra", "PermuteRowElements"),
    "SubtensorPrinter": ("theanox.printing", "_SubtensorPrinter"),
    "jv": ("theanox.tensor.bessel", "jv"), "iv": ("theanox.tensor.bessel", "iv"),
    "load": ("theanox.tensor.io", "load"), "LoadFromDisk": ("theanox.tensor.io", "LoadFromDisk"),
}


def __getattr__(name):
    # The names of extra_ops, nlinalg and slinalg not imported above, and the
    # submodules (nnet, signal, ...), load on first use.
    import importlib
    if name == "pprint":
        from theanox.printing import pprint
        return pprint
    if name in ("tensor_from_scalar", "scalar_from_tensor", "TensorFromScalar",
                "ScalarFromTensor"):
        return getattr(importlib.import_module("theanox.scalar.basic"), name)
    if name in _THEANO_NAMES:
        mod, attr = _THEANO_NAMES[name]
        return getattr(importlib.import_module(mod), attr)
    for mod in ("extra_ops", "nlinalg", "slinalg", "theano_ops", "theano_helpers"):
        m = importlib.import_module("theanox.tensor." + mod)
        if hasattr(m, name):
            return getattr(m, name)
    try:
        return importlib.import_module("theanox.tensor." + name)
    except ImportError:
        raise AttributeError("module 'theanox.tensor' has no attribute %r" % name) from None
