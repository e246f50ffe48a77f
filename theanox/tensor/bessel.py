"""Theano's ``T.jv`` and ``T.iv``: Bessel functions of the first kind of real order.

XLA has no Bessel function of real order, so they run on the host with SciPy
(``scipy.special.jv``/``iv``, what Theano's perform called) inside the jitted program
(a custom op: jax.pure_callback).  Their gradients with respect to x are the
recurrences Theano used; with respect to the order v they are undefined, as in Theano.
"""
import numpy as np

from theanox.graph.basic import Apply, Op
from theanox.tensor import basic as B
from theanox.tensor.dtypes import upcast
from theanox.tensor.type import TensorType


class _Bessel(Op):
    __props__ = ()
    fn_name = None

    def make_node(self, v, x):
        v, x = B.as_tensor_variable(v), B.as_tensor_variable(x)
        ndim = max(v.ndim, x.ndim)
        bv = (True,) * (ndim - v.ndim) + v.broadcastable
        bx = (True,) * (ndim - x.ndim) + x.broadcastable
        dtype = upcast(v.dtype, x.dtype, "float32")
        if dtype.startswith("int") or dtype.startswith("uint"):
            dtype = "float64"
        return Apply(self, [v, x], [TensorType(dtype, tuple(a and b for a, b in zip(bv, bx)))()])

    def infer_shape(self, node, shapes):
        return [tuple(np.broadcast_shapes(tuple(shapes[0]), tuple(shapes[1])))]

    def perform(self, node, inputs, outputs):
        import scipy.special
        v, x = inputs
        out = getattr(scipy.special, self.fn_name)(v, x)
        outputs[0][0] = np.asarray(out, dtype=node.outputs[0].dtype)

    def __str__(self):
        return self.fn_name


class Jv(_Bessel):
    """jv(v, x): Bessel function of the first kind of order v."""

    fn_name = "jv"

    def grad(self, inputs, output_grads):
        from theanox.gradient import grad_undefined
        v, x = inputs
        (gz,) = output_grads
        return [grad_undefined(self, 0, v),
                gz * (jv(v - 1, x) - jv(v + 1, x)) / 2.0]


class Iv(_Bessel):
    """iv(v, x): modified Bessel function of the first kind of order v."""

    fn_name = "iv"

    def grad(self, inputs, output_grads):
        from theanox.gradient import grad_undefined
        v, x = inputs
        (gz,) = output_grads
        return [grad_undefined(self, 0, v),
                gz * (iv(v - 1, x) + iv(v + 1, x)) / 2.0]


jv = Jv()
iv = Iv()
