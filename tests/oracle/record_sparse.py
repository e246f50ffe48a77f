"""Records theano.sparse results from Theano 1.0.5 into sparse.json.

Run in the oracle venv:  /work/oracle-venv/bin/python tests/oracle/record_sparse.py
Each case is a small program (stored with its result) that sets ``result`` to a
list of values; tests/test_sparse.py runs the same source on theanox and compares.
A sparse result is stored as its format, dtype, shape, dense value and arrays.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from record_common import record_cases, setup_env  # noqa: E402

setup_env()

PRELUDE = """
import numpy as np
import scipy.sparse as sp
import theano
import theano.tensor as T
from theano import sparse
A = np.asarray([[0, 0, -1], [0, -2, 1], [3, 0, 0]], dtype='float32')
B = np.asarray([[1.5, 0, 0], [0, 0, 2], [0, 0.5, 0]], dtype='float64')
D = np.arange(6, dtype='float64').reshape(3, 2) / 4.0
"""

CASES = {
    # Theano's sparse tutorial, in order
    "tutorial_to_and_fro": """
x = sparse.csc_matrix(name='x', dtype='float32')
y = sparse.dense_from_sparse(x)
z = sparse.csc_from_dense(y)
result = theano.function([x], [y, z])(sp.csc_matrix(A))
""",
    "tutorial_properties": """
x = sparse.csc_matrix(name='x', dtype='float32')
data, indices, indptr, shape = sparse.csm_properties(x)
y = sparse.CSR(data, indices, indptr, shape)
f = theano.function([x], y)
a = sp.csc_matrix(np.asarray([[0, 1, 1], [0, 0, 0], [1, 0, 0]]))
result = [f(a), a.toarray()]
""",
    "tutorial_properties_float32": """
x = sparse.csc_matrix(name='x', dtype='float32')
data, indices, indptr, shape = sparse.csm_properties(x)
y = sparse.CSR(data, indices, indptr, shape)
f = theano.function([x], y)
a = sp.csc_matrix(np.asarray([[0, 1, 1], [0, 0, 0], [1, 0, 0]], dtype='float32'))
result = [f(a), a.toarray()]
""",
    "tutorial_properties_int64": """
x = sparse.csc_matrix(name='x', dtype='int64')
data, indices, indptr, shape = sparse.csm_properties(x)
y = sparse.CSR(data, indices, indptr, shape)
f = theano.function([x], y)
a = sp.csc_matrix(np.asarray([[0, 1, 1], [0, 0, 0], [1, 0, 0]]))
result = [a.toarray(), f(a).toarray(), f(a)]
""",
    "tutorial_all_dtypes": """
result = [sorted(sparse.all_dtypes)]
""",
    "tutorial_structured_add": """
x = sparse.csc_matrix(name='x', dtype='float32')
y = sparse.structured_add(x, 2)
f = theano.function([x], y)
result = [f(sp.csc_matrix(A))]
""",
    "csm_properties_dtypes": """
x = sparse.csr_matrix(name='x', dtype='float64')
f = theano.function([x], list(sparse.csm_properties(x)) + [sparse.csm_data(x),
                    sparse.csm_indices(x), sparse.csm_indptr(x), sparse.csm_shape(x)])
result = f(sp.csr_matrix(B))
""",
    "from_dense": """
m = T.dmatrix('m')
result = theano.function([m], [sparse.csr_from_dense(m), sparse.csc_from_dense(m)])(B)
""",
    "structured_dot": """
x = sparse.csr_matrix('x', dtype='float64')
y = sparse.csc_matrix('y', dtype='float64')
w = T.dmatrix('w')
v = T.dvector('v')
f = theano.function([x, y, w], [sparse.structured_dot(x, w), sparse.structured_dot(y, w)])
result = f(sp.csr_matrix(B), sp.csc_matrix(B), D)
""",
    "structured_dot_vector": """
x = sparse.csr_matrix('x', dtype='float64')
v = T.dvector('v')
result = [theano.function([x, v], sparse.structured_dot(x, v))(sp.csr_matrix(B), np.ones(3))]
""",
    "structured_dot_dense_sparse": """
x = sparse.csr_matrix('x', dtype='float64')
w = T.dmatrix('w')
result = theano.function([x, w], sparse.structured_dot(w, x))(sp.csr_matrix(B), D.T)
""",
    "dot": """
x = sparse.csr_matrix('x', dtype='float64')
y = sparse.csc_matrix('y', dtype='float64')
w = T.dmatrix('w')
f = theano.function([x, y, w], [sparse.dot(x, w), sparse.dot(w.T, x), sparse.dot(x, y),
                                sparse.dot(y, x)])
result = f(sp.csr_matrix(B), sp.csc_matrix(B.T), D)
""",
    "tensor_dot_of_sparse": """
x = sparse.csr_matrix('x', dtype='float64')
w = T.dmatrix('w')
result = [theano.function([x, w], T.dot(x, w))(sp.csr_matrix(B), D)]
""",
    "theano_dot_of_sparse": """
x = sparse.csr_matrix('x', dtype='float64')
w = T.dmatrix('w')
result = [theano.function([x, w], theano.dot(x, w))(sp.csr_matrix(B), D)]
""",
    "mixed_dtype_dot": """
x = sparse.csr_matrix('x', dtype='float32')
w = T.dmatrix('w')
result = theano.function([x, w], sparse.structured_dot(x, w))(sp.csr_matrix(A), D)
""",
    "add_sub": """
x = sparse.csr_matrix('x', dtype='float64')
y = sparse.csr_matrix('y', dtype='float64')
w = T.dmatrix('w')
f = theano.function([x, y, w], [sparse.add(x, y), x + y, x + w, w + x, sparse.sub(x, y),
                                x - w])
result = f(sp.csr_matrix(B), sp.csr_matrix(-B + np.eye(3)), np.ones((3, 3)))
""",
    "mul": """
x = sparse.csc_matrix('x', dtype='float64')
y = sparse.csc_matrix('y', dtype='float64')
w = T.dmatrix('w')
s = T.dscalar('s')
f = theano.function([x, y, w, s], [sparse.mul(x, y), x * w, w * x, x * s])
result = f(sp.csc_matrix(B), sp.csc_matrix(B + np.eye(3)), D.dot(D.T) + 1, 3.0)
""",
    "transpose_neg": """
x = sparse.csr_matrix('x', dtype='float64')
f = theano.function([x], [sparse.transpose(x), x.T, -x, sparse.neg(x)])
result = f(sp.csr_matrix(B))
""",
    "sp_sum": """
x = sparse.csc_matrix('x', dtype='float64')
f = theano.function([x], [sparse.sp_sum(x), sparse.sp_sum(x, axis=0),
                          sparse.sp_sum(x, axis=1), sparse.sp_sum(x, 0, sparse_grad=True)])
result = f(sp.csc_matrix(B))
""",
    "row_col_scale": """
x = sparse.csc_matrix('x', dtype='float64')
s = T.dvector('s')
f = theano.function([x, s], [sparse.row_scale(x, s), sparse.col_scale(x, s)])
result = f(sp.csc_matrix(B), np.asarray([1.0, 10.0, 100.0]))
""",
    "structured_ops": """
x = sparse.csr_matrix('x', dtype='float64')
f = theano.function([x], [sparse.structured_sigmoid(x), sparse.structured_exp(x),
                          sparse.structured_log(x), sparse.structured_pow(x, 2),
                          sparse.structured_minimum(x, 1), sparse.structured_maximum(x, 1),
                          sparse.structured_add(x, 1)])
result = f(sp.csr_matrix(B))
""",
    "zero_preserving_ops": """
x = sparse.csr_matrix('x', dtype='float64')
names = ['sin', 'tan', 'arcsin', 'arctan', 'sinh', 'arcsinh', 'tanh', 'arctanh', 'rint',
         'sgn', 'ceil', 'floor', 'log1p', 'expm1', 'deg2rad', 'rad2deg', 'trunc', 'sqr',
         'sqrt', 'conj']
f = theano.function([x], [getattr(sparse, n)(x) for n in names])
result = f(sp.csr_matrix(B / 4))
""",
    "int_data": """
x = sparse.csr_matrix('x', dtype='int32')
f = theano.function([x], [sparse.structured_exp(x), sparse.sqrt(x), sparse.cast(x, 'float32'),
                          sparse.dense_from_sparse(x)])
result = f(sp.csr_matrix(np.asarray([[0, 2], [3, 0]], dtype='int32')))
""",
    "grad_structured_dot": """
x = sparse.csr_matrix('x', dtype='float64')
w = T.dmatrix('w')
cost = T.sum(sparse.structured_dot(x, w) ** 2)
gx, gw = T.grad(cost, [x, w])
result = theano.function([x, w], [gx, gw])(sp.csr_matrix(B), D)
""",
    "grad_dense_from_sparse": """
x = sparse.csc_matrix('x', dtype='float64')
cost = T.sum(T.exp(sparse.dense_from_sparse(x)))
result = [theano.function([x], T.grad(cost, x))(sp.csc_matrix(B))]
""",
    "grad_sp_sum_structured": """
x = sparse.csr_matrix('x', dtype='float64')
w = T.dvector('w')
cost = T.sum(sparse.sp_sum(sparse.row_scale(x, w), axis=1, sparse_grad=True) ** 2)
result = theano.function([x, w], T.grad(cost, [x, w]))(sp.csr_matrix(B), np.arange(3.0))
""",
    "shared": """
s = theano.shared(sp.csr_matrix(B), name='s')
w = T.dmatrix('w')
f = theano.function([w], sparse.structured_dot(s, w), updates=[(s, sparse.structured_mul(s, 2)
    if hasattr(sparse, 'structured_mul') else s * 2.0)])
r1 = f(D)
result = [r1, s.get_value(), str(s.type), type(s).__name__]
""",
    "dense_input_to_sparse_variable": """
x = sparse.csr_matrix('x', dtype='float64')
result = [theano.function([x], sparse.dense_from_sparse(x))(B)]
""",
    "comparisons": """
x = sparse.csr_matrix('x', dtype='float64')
y = sparse.csr_matrix('y', dtype='float64')
w = T.dmatrix('w')
f = theano.function([x, y, w], [sparse.eq(x, y), sparse.neq(x, y), sparse.lt(x, y),
                                sparse.gt(x, w), sparse.le(w, x), sparse.ge(x, y), x > y,
                                x < y])
result = f(sp.csr_matrix(B), sp.csr_matrix(np.eye(3)), np.ones((3, 3)))
""",
    "stacking": """
x = sparse.csr_matrix('x', dtype='float64')
y = sparse.csc_matrix('y', dtype='float32')
f = theano.function([x, y], [sparse.hstack([x, y]), sparse.vstack([x, y]),
                             sparse.hstack([x, x], format='csr', dtype='float32'),
                             sparse.vstack([y, y], format='csr')])
result = f(sp.csr_matrix(B), sp.csc_matrix(A))
""",
    "indexing": """
x = sparse.csr_matrix('x', dtype='float64')
i = T.lscalar('i')
v = T.lvector('v')
f = theano.function([x, i, v], [x[1:3, 0:2], x[1, 2], sparse.get_item_list(x, v), x[0:2, i:],
                                x[1:]])
result = f(sp.csr_matrix(B), 1, np.asarray([2, 0]))
""",
    "indexing_vector_refused": """
x = sparse.csr_matrix('x', dtype='float64')
result = [x[T.lvector('v')]]
""",
    "indexing_symbolic_scalars": """
x = sparse.csr_matrix('x', dtype='float64')
i = T.iscalar('i')
result = [theano.function([x, i], x[i, 2])(sp.csr_matrix(B), 1)]
""",
    "indexing_int64_scalar": """
x = sparse.csr_matrix('x', dtype='float64')
i = T.lscalar('i')
result = [theano.function([x, i], x[i, 2])(sp.csr_matrix(B), 1)]
""",
    "indexing_two_lists": """
x = sparse.csr_matrix('x', dtype='float64')
v = T.lvector('v')
result = [theano.function([x, v], sparse.get_item_2lists(x, v, v))(sp.csr_matrix(B),
                                                                    np.asarray([2, 0]))]
""",
    "indexing_row_vector": """
x = sparse.csr_matrix('x', dtype='float64')
result = [theano.function([x], x[1, 0:2])(sp.csr_matrix(B))]
""",
    "structure_ops": """
x = sparse.csr_matrix('x', dtype='float64')
w = T.dmatrix('w')
v = T.dvector('v')
f = theano.function([x, w, v], [sparse.sampling_dot(w, w + 1, x), sparse.mul_s_v(x, v),
                                sparse.structured_add_s_v(x, v), sparse.square_diagonal(v),
                                sparse.diag(x)])
result = f(sp.csr_matrix(B), D.dot(D.T), np.asarray([1.0, -2.0, 3.0]))
""",
    "unsorted_indices": """
x = sparse.csr_matrix('x', dtype='float64')
m = sp.csr_matrix((np.asarray([1.0, 2.0, 3.0]), np.asarray([2, 0, 1]), np.asarray([0, 2, 3])),
                  shape=(2, 3))
f = theano.function([x], [sparse.ensure_sorted_indices(x), sparse.csm_indices(x),
                          sparse.csm_indices(sparse.ensure_sorted_indices(x)),
                          sparse.dense_from_sparse(x)])
result = f(m)
""",
    "types_and_names": """
x = sparse.csr_matrix('x')
y = sparse.csc_matrix('y', dtype='int64')
result = [str(x.type), str(y.type), x.format, y.dtype, str(sparse.csr_dmatrix),
          str(sparse.transpose(x).type), str(sparse.dense_from_sparse(y).type),
          str(sparse.structured_dot(x, T.fmatrix()).type), str(sparse.sp_sum(y).type),
          str(sparse.csm_properties(x)[1].type), str((x * 2).type)]
""",
}


def encode(v):
    import numpy as np
    import scipy.sparse as sp
    if sp.issparse(v):
        return {"sparse": v.format, "dtype": str(v.dtype), "shape": list(v.shape),
                "dense": v.toarray().tolist(), "data": v.data.tolist(),
                "indices": v.indices.tolist(), "indptr": v.indptr.tolist()}
    if isinstance(v, (np.ndarray, np.generic)):
        a = np.asarray(v)
        return {"dtype": str(a.dtype), "shape": list(a.shape), "value": a.tolist()}
    return v


def main():
    record_cases("sparse.json", PRELUDE, CASES, encode)


if __name__ == "__main__":
    main()
