"""Theano's MRG31k3p arithmetic (``theano.sandbox.rng_mrg``'s constants and helpers).

L'Ecuyer's combined multiple-recursive generator: two order-3 recurrences
x1[n] = (2^22 x1[n-2] + (2^7 + 1) x1[n-3]) mod M1 and
x2[n] = (2^15 x2[n-1] + (2^15 + 1) x2[n-3]) mod M2, a state of 6 int32.  Jumps ahead
by 2^72 and 2^134 steps are matrix-vector products modulo M1/M2 with the transition
matrices raised to those powers (computed here by repeated squaring).  Theano used
them to give each stream its own sub-stream.  ``mrg_uniform`` steps all the streams of
a draw at once in the compiled program (``mrg_draw``), giving Theano's numbers.
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
    # ``grad`` below is Theano's answer for users who call it; the lowering is the op's
    # own ``jax`` rule, not a user op's custom gradient.
    _theanox_no_user_grad = True

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


# (mask, offset, NORM) of the draws per dtype, as Theano's mrg_uniform.  float32 and
# float64 follow its C code: the integer difference converted to the float type, then
# multiplied (float16 has no C code there: its Python perform's mask and offset).
_DRAW = {"float16": (0x7fff, 1, np.float16(3.0458e-05)),
         "float32": (None, 0, np.float32(4.6566126e-10)),
         "float64": (None, 0, NORM)}


def _jax_step(x11, x12, x13, x21, x22, x23):
    """One MRG31k3p step of many streams at once (int32 arrays, Theano's C arithmetic:
    shifts and masks, wrapping int32 sums folded back below the modulus)."""
    import jax.numpy as jnp

    def fold(y, m):
        return jnp.where((y < 0) | (y >= m), y - m, y)
    m1, m2 = np.int32(M1), np.int32(M2)
    y1 = (((x12 & MASK12) << 22) + (x12 >> 9) + ((x13 & MASK13) << 7) + (x13 >> 24))
    y1 = fold(fold(y1, m1) + x13, m1)
    z1 = fold(((x21 & MASK2) << 15) + MULT2 * (x21 >> 16), m2)
    y2 = fold(((x23 & MASK2) << 15) + MULT2 * (x23 >> 16), m2)
    y2 = fold(fold(y2 + x23, m2) + z1, m2)
    return y1, x11, x12, y2, x21, x22


def mrg_draw(rstate, n, dtype):
    """Returns (new rstate, n draws of ``dtype``) as Theano's mrg_uniform: element i is the
    next value of stream i % n_streams, so stream j gives elements j, j + n_streams, ...
    A scan over the ceil(n / n_streams) rounds steps every stream at once; a stream
    with no element left in the last round keeps its state."""
    import jax
    import jax.numpy as jnp
    rstate = jnp.asarray(rstate, "int32")
    n_streams = rstate.shape[0]
    rounds = -(-n // n_streams)
    cols = tuple(rstate[:, c] for c in range(6))
    stream = jnp.arange(n_streams)

    def one_round(state, k):
        new = _jax_step(*state)
        live = stream < n - k * n_streams
        new = tuple(jnp.where(live, a, b) for a, b in zip(new, state))
        d = new[0] - new[3]
        return new, jnp.where(new[0] <= new[3], d + np.int32(M1), d)
    if rounds == 0:
        return rstate, jnp.zeros((0,), dtype)
    if rounds == 1:
        cols, diffs = one_round(cols, 0)
        diffs = diffs[None]
    else:
        cols, diffs = jax.lax.scan(one_round, cols, jnp.arange(rounds))
    diffs = diffs.reshape(-1)[:n]
    mask, offset, norm = _DRAW[dtype]
    if mask is None:
        draws = diffs.astype(dtype) * norm
    else:
        draws = (((diffs & mask) + offset).astype("float32") * np.float32(norm)).astype(dtype)
    # The barrier keeps XLA from folding ``* norm`` into a caller's multiplication
    # (u * (high - low) as d * (norm * (high - low))), which rounds otherwise.
    return jnp.stack(cols, axis=1), jax.lax.optimization_barrier(draws)


class mrg_uniform(mrg_uniform_base):
    """(rstate, size) -> (new rstate, uniform draws of shape size): Theano's MRG31k3p draws,
    element i from stream i % n_streams, computed in the compiled program (mrg_draw)."""

    static_inputs = (1,)      # the draws' shape must be known while tracing
    foldable = False          # a draw is never a constant

    def make_node(self, rstate, size):
        from theanox.tensor.basic import as_tensor_variable
        from theanox.tensor.basic_extra import extract_constant
        from theanox.tensor.shapes import MakeVector
        rstate, size = as_tensor_variable(rstate), as_tensor_variable(size)
        # A size built from a tuple (x.shape[0], 1) is a MakeVector: read its entries.
        entries = (size.owner.inputs if size.owner is not None and
                   isinstance(size.owner.op, MakeVector) else
                   [size[i] for i in range(self.output_type.ndim)])
        broad = tuple(bool(np.all(extract_constant(e) == 1)) for e in entries)
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
        return [shapes[0], [node.inputs[1][i] for i in range(self.output_type.ndim)]]

    def jax(self, rstate, size, node=None):
        shape = tuple(int(d) for d in np.asarray(size).ravel())
        if len(shape) != self.output_type.ndim:
            raise ValueError("size must have length %i (not %i)"
                             % (self.output_type.ndim, len(shape)))
        n = int(np.prod(shape))
        if n > int(M1):
            raise ValueError("rng_mrg does not support more then (2**31 -1) samples")
        new, draws = mrg_draw(rstate, n, self.output_type.dtype)
        return new, draws.reshape(shape)
