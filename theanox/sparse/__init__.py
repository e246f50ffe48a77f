"""theanox.sparse: Theano's symbolic sparse matrices (csr, csc) on JAX.

``import theano.sparse`` (or ``from theano import sparse``) loads it, as in Theano.
Values go in and out of compiled functions as SciPy matrices; see
theanox/sparse/type.py for their form inside a program.
"""
from theanox.sparse.type import SparseType, SparseValue  # noqa: F401
from theanox.sparse.basic import *  # noqa: F401,F403
from theanox.sparse.basic import (_is_sparse, _is_sparse_variable,  # noqa: F401
                                  _is_dense_variable, _structured_dot)
from theanox.sparse.extra import (eq, neq, lt, gt, le, ge, hstack, vstack,  # noqa: F401
                                  get_item_scalar, get_item_2d, get_item_list,
                                  get_item_2lists, mul_s_v, structured_add_s_v, SamplingDot,
                                  sampling_dot, EnsureSortedIndices, ensure_sorted_indices,
                                  square_diagonal, diag)
from theanox.sparse.testing import verify_grad_sparse  # noqa: F401
from theanox.sparse.var import (SparseConstant, SparseSharedVariable,  # noqa: F401
                                SparseTensorSharedVariable,
                                SparseVariable, sparse_constructor, shared)

enable_sparse = True
