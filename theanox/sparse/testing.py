"""``theano.sparse.verify_grad_sparse``: finite-difference gradient checks with sparse points."""
import numpy as np

from theanox.gradient import verify_grad
from theanox.sparse import basic as S


def verify_grad_sparse(op, pt, structured=False, *args, **kwargs):
    """Checks the gradient of ``op`` at ``pt`` (SciPy matrices allowed) by finite differences.

    Sparse points are varied through their stored entries (the gradients theanox
    gives sparse inputs), like Theano's ``structured=True``.
    """
    if not structured:
        raise NotImplementedError("verify_grad_sparse(structured=False) checks a dense "
                                  "gradient of sparse inputs, which theanox does not give; "
                                  "use structured=True")
    sparse_pos = [k for k, p in enumerate(pt) if S._is_sparse(p)]
    formats = {k: pt[k].format for k in sparse_pos}
    proto = {k: pt[k] for k in sparse_pos}

    def dense_op(*args):
        rebuilt = list(args)
        for k in sparse_pos:
            m = proto[k]
            rebuilt[k] = S.CSM(formats[k])(args[k], m.indices.astype("int32"),
                                           m.indptr.astype("int32"),
                                           np.asarray(m.shape, "int32"))
        return op(*rebuilt)
    points = [p.data if k in proto else p for k, p in enumerate(pt)]
    return verify_grad(dense_op, points, *args, **kwargs)
