"""Theano's MRG31k3p arithmetic (``theano.sandbox.rng_mrg``'s constants and helpers).

L'Ecuyer's combined multiple-recursive generator: two order-3 recurrences
x1[n] = (2^22 x1[n-2] + (2^7 + 1) x1[n-3]) mod M1 and
x2[n] = (2^15 x2[n-1] + (2^15 + 1) x2[n-3]) mod M2, a state of 6 int32.  Jumps ahead
by 2^72 and 2^134 steps are matrix-vector products modulo M1/M2 with the transition
matrices raised to those powers (computed here by repeated squaring).  Theano used
them to give each stream its own sub-stream; ``MRG_RandomStreams`` keeps Theano's
``rstate`` with them (theanox's draws themselves come from JAX's generator).
"""
import warnings

import numpy as np

from theanox.graph.basic import Apply, Op

M1 = np.asarray(np.int32(2147483647))       # 2^31 - 1
M2 = np.asarray(np.int32(2147462579))       # 2^31 - 21069
MASK12 = np.int32(511)                      # 2^9 - 1
MASK13 = np.int32(16777215)                 # 2^24 - 1
MASK2 = np.int32(65535)                     # 2^16 - 1
MULT2 = np.int32(21069)
NORM = 4.656612873077392578125e-10          # 1 / 2^31

# One step of each recurrence as a matrix on (newest, middle, oldest).
_A1 = [[0, 4194304, 129], [1, 0, 0], [0, 1, 0]]
_A2 = [[32768, 0, 32769], [1, 0, 0], [0, 1, 0]]


def _matmul_mod(a, b, m):
    return [[sum(a[i][k] * b[k][j] for k in range(3)) % m for j in range(3)] for i in range(3)]


def _power_of_two_jump(a, log2_steps, m):
    """Returns a^(2^log2_steps) mod m (Python ints: exact)."""
    for _ in range(log2_steps):
        a = _matmul_mod(a, a, m)
    return np.asarray(a, dtype="int64")


A1p72 = _power_of_two_jump(_A1, 72, int(M1))
A2p72 = _power_of_two_jump(_A2, 72, int(M2))
A1p134 = _power_of_two_jump(_A1, 134, int(M1))
A2p134 = _power_of_two_jump(_A2, 134, int(M2))
np_int32_vals = [np.int32(i) for i in (0, 7, 9, 15, 16, 22, 24)]


def matVecModM(A, s, m):
    """Returns (A @ s) mod m as int32, each product reduced mod m (no int64 overflow)."""
    A = np.asarray(A)
    if A.dtype != np.int64:
        raise TypeError("matVecModM: A must be int64, got %s" % A.dtype)
    return np.int32(np.sum((A * np.asarray(s, dtype="int64")) % m, 1) % m)


def multMatVect(v, A, m1, B, m2):
    """Returns the state ``v`` with its first half multiplied by A mod m1 and its second
    half by B mod m2 (a jump of both recurrences)."""
    v = np.asarray(v)
    return np.concatenate((matVecModM(A, v[:3], m1), matVecModM(B, v[3:], m2)))


def ff_2p134(rstate):
    """Returns ``rstate`` moved 2^134 steps ahead (the next stream)."""
    return multMatVect(rstate, A1p134, M1, A2p134, M2)


def ff_2p72(rstate):
    """Returns ``rstate`` moved 2^72 steps ahead (the next sub-stream)."""
    return multMatVect(rstate, A1p72, M1, A2p72, M2)


def mrg_next_value(rstate, new_rstate, NORM, mask, offset):
    """Advances ``rstate`` one step into ``new_rstate`` (int32, in place) and returns the
    draw in (0, 1): ((x1 - x2) mod M1, masked, plus offset) * NORM."""
    x11, x12, x13, x21, x22, x23 = (int(v) for v in rstate)
    m1, m2 = int(M1), int(M2)
    y1 = (x12 * 2 ** 22 + x13 * (2 ** 7 + 1)) % m1
    y2 = (x21 * 2 ** 15 + x23 * (2 ** 15 + 1)) % m2
    new_rstate[...] = np.asarray([y1, x11, x12, y2, x21, x22], dtype="int32")
    diff = y1 - y2 + m1 if y1 <= y2 else y1 - y2
    return ((diff & int(mask)) + offset) * NORM


def guess_n_streams(size, warn=False):
    """Returns Theano's number of streams for a draw of shape ``size``: the element count
    // 6 (itself when <= 6), at most 60 * 256; 60 * 256 when the shape is symbolic."""
    if isinstance(size, (tuple, list)) and all(isinstance(i, (int, np.integer)) for i in size):
        r = 1
        for s in size:
            r *= int(s)
        if r > 6:
            r = r // 6
        return min(r, 60 * 256)
    if warn:
        warnings.warn("MRG_RandomStreams Can't determine #streams from size (%s), guessing "
                      "60*256" % (size,), stacklevel=3)
    return 60 * 256


class DotModulo(Op):
    """Returns concatenate((A @ s) mod m, (A2 @ s2) mod m2) as int32 (multMatVect as an op)."""

    __props__ = ()

    def make_node(self, A, s, m, A2, s2, m2):
        from theanox.tensor.basic import as_tensor_variable
        ins = [as_tensor_variable(v) for v in (A, s, m, A2, s2, m2)]
        return Apply(self, ins, [ins[1].type()])

    def jax(self, A, s, m, A2, s2, m2, node=None):
        import jax.numpy as jnp

        def part(a, v, mod):
            prod = (a.astype("int64") * v.astype("int64")) % mod
            return (jnp.sum(prod, axis=1) % mod).astype("int32")
        return jnp.concatenate([part(A, s, m), part(A2, s2, m2)])


class mrg_uniform_base(Op):
    """Base of Theano's MRG sampling ops: ``output_type`` of the draws; no gradient."""

    __props__ = ("output_type", "inplace")

    def __init__(self, output_type, inplace=False):
        if inplace:
            raise ValueError("%s(inplace=True): JAX arrays are immutable; use inplace=False"
                             % type(self).__name__)
        self.output_type = output_type
        self.inplace = False

    ndim = property(lambda self: self.output_type.ndim)

    def __str__(self):
        return "%s{%s,no_inplace}" % (type(self).__name__, self.output_type)

    def grad(self, inputs, ograd):
        from theanox.gradient import grad_undefined
        return [grad_undefined(self, k, inp, "No gradient defined through random sampling op")
                for k, inp in enumerate(inputs)]


# (mask, offset, NORM) of the draws per dtype, as Theano's mrg_uniform.
_DRAW = {"float16": (0x7fff, 1, np.float16(3.0458e-05)),
         "float32": (0xffffffff, 0, np.float32(4.6566126e-10)),
         "float64": (0xffffffff, 0, NORM)}


class mrg_uniform(mrg_uniform_base):
    """(rstate, size) -> (new rstate, uniform draws of shape size): Theano's MRG31k3p draws,
    element i from stream i % n_streams (computed on the host, as Theano's perform)."""

    def make_node(self, rstate, size):
        from theanox.tensor.basic import as_tensor_variable
        from theanox.tensor.basic_extra import extract_constant
        rstate, size = as_tensor_variable(rstate), as_tensor_variable(size)
        broad = tuple(bool(np.all(extract_constant(size[i]) == 1))
                      for i in range(self.output_type.ndim))
        out = type(self.output_type)(self.output_type.dtype, broad)()
        return Apply(self, [rstate, size], [rstate.type(), out])

    @classmethod
    def new(cls, rstate, ndim, dtype, size):
        from theanox.tensor.basic import as_tensor_variable
        from theanox.tensor.shapes import get_vector_length
        from theanox.tensor.type import TensorType
        v_size = as_tensor_variable(size)
        if ndim is None:
            ndim = get_vector_length(v_size)
        return cls(TensorType(dtype, (False,) * ndim))(rstate, v_size)

    def infer_shape(self, node, shapes):
        # The host callback needs the draws' shape while tracing: ``size`` must be known.
        from theanox.graph.basic import Constant
        size = node.inputs[1]
        if not isinstance(size, Constant):
            raise NotImplementedError("mrg_uniform: size %s must be constant in theanox (the "
                                      "draws run on the host); MRG_RandomStreams.uniform "
                                      "takes symbolic sizes" % (size,))
        return [shapes[0], [int(d) for d in np.asarray(size.data).ravel()]]

    def perform(self, node, inputs, outputs):
        rstate, size = inputs
        n = int(np.prod(size))
        if n > int(M1):
            raise ValueError("rng_mrg does not support more then (2**31 -1) samples")
        rstate = np.array(rstate, dtype="int32")
        n_streams = rstate.shape[0]
        mask, offset, norm = _DRAW[self.output_type.dtype]
        out = np.zeros(n, dtype=self.output_type.dtype)
        for i in range(n):
            row = rstate[i % n_streams]
            out[i] = mrg_next_value(row, row, norm, mask, offset)
        outputs[0][0] = rstate
        outputs[1][0] = out.reshape(tuple(int(s) for s in size))
