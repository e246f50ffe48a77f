"""Random draws as graph nodes: ``RandomOp`` (one table row per distribution) and the stream base.

A draw's state is a JAX PRNG key (its uint32 key data) held in a shared variable
whose ``default_update`` is the draw's second output, the next key.  Every
compiled function that draws threads the key as ordinary shared state, so each
call gives new numbers, and ``scan`` carries it through loops.  Each draw gets its
own key shared variable (split from the stream's seed when the draw is built), so
several draws in one function never depend on the order they run in.
"""
import numpy as np

from theanox import config
from theanox.graph.basic import Apply, Op, with_test_values
from theanox.tensor import basic as B
from theanox.tensor.sharedvar import TensorSharedVariable
from theanox.tensor.type import TensorType


class RandomOp(Op):
    """Returns (draw, next_key) for one distribution; inputs are (key, size, *params).

    ``size`` is a static input (an int64 vector, empty for "the params' shape").
    """

    # ``bcast`` (the draw's broadcastable pattern) is part of the op, as Theano's
    # RandomFunction carries its output type: a node rebuilt on new inputs (givens,
    # clone, scan) keeps a (n, 1) draw a column.
    __props__ = ("dist", "dtype", "ndim", "bcast")
    static_inputs = (1,)
    foldable = False
    default_output = 0

    def __init__(self, dist, dtype, ndim, bcast=None):
        if dist not in DISTRIBUTIONS:
            raise ValueError("unknown distribution %r; known: %s" % (dist, sorted(DISTRIBUTIONS)))
        self.dist, self.dtype, self.ndim = dist, dtype, ndim
        self.bcast = tuple(bool(b) for b in bcast) if bcast is not None else (False,) * ndim
        self.row = DISTRIBUTIONS[dist]
        self.static_inputs = (1,) + tuple(2 + i for i in self.row.static_params)

    def __str__(self):
        return "RandomFunction{%s}" % self.dist

    def make_node(self, key, size, *params, bcast=None):
        key = B.as_tensor_variable(key)
        size = B.as_tensor_variable(size)
        params = [B.as_tensor_variable(p) for p in params]
        bcast = tuple(bcast) if bcast is not None else self.bcast
        return Apply(self, [key, size] + params,
                     [TensorType(self.dtype, bcast)(), key.type()])

    def jax(self, key, size, *params, node=None):
        import jax
        k = jax.random.wrap_key_data(jax.numpy.asarray(key, "uint32"))
        k_draw, k_next = jax.random.split(k)
        size = tuple(int(s) for s in np.asarray(size).ravel())
        shape = size if size else _bcast_shape(params, self.row.param_ndims)
        draw = self.row.fn(k_draw, shape, self.dtype, *params)
        if len(np.shape(draw)) != self.ndim:
            raise ValueError("random draw of %s has ndim %d, expected %d"
                             % (self.dist, len(np.shape(draw)), self.ndim))
        return draw.astype(self.dtype), jax.random.key_data(k_next)


class _Dist:
    """Returns a distribution row: sampler fn(key, shape, dtype, *params), extra output dims."""

    def __init__(self, fn, extra_dims=0, static_params=(), param_ndims=None):
        self.fn = fn
        self.extra_dims = extra_dims          # dims a draw adds after ``size`` (vectors)
        self.static_params = static_params    # params deciding shapes
        self.param_ndims = param_ndims        # trailing dims of params that are not batch


def _float(dtype):
    return dtype if dtype.startswith("float") else config.floatX


def _uniform(key, shape, dtype, low, high):
    import jax
    u = jax.random.uniform(key, shape, _float(dtype))
    return low + (high - low) * u


def _normal(key, shape, dtype, avg, std):
    import jax
    return avg + std * jax.random.normal(key, shape, _float(dtype))


def _truncated_normal(key, shape, dtype, avg, std):
    import jax
    return avg + std * jax.random.truncated_normal(key, -2.0, 2.0, shape, _float(dtype))


def _binomial(key, shape, dtype, n, p):
    import jax
    import jax.numpy as jnp
    if isinstance(n, (np.ndarray, np.generic)) and np.all(np.asarray(n) == 1):
        return jax.random.bernoulli(key, p, shape)
    return jax.random.binomial(key, jnp.asarray(n, "float64"), jnp.asarray(p, "float64"),
                               shape)


def _poisson(key, shape, dtype, lam):
    import jax
    import jax.numpy as jnp
    return jax.random.poisson(key, jnp.asarray(lam, "float64"), shape).astype(dtype)


def _random_integers(key, shape, dtype, low, high):
    import jax
    import jax.numpy as jnp
    low = jnp.broadcast_to(jnp.asarray(low, "int64"), shape)
    high = jnp.broadcast_to(jnp.asarray(high, "int64"), shape)
    return jax.random.randint(key, shape, low, high + 1, dtype="int64")


def _permutation(key, shape, dtype, n):
    import jax
    n = int(np.asarray(n))
    u = jax.random.uniform(key, tuple(shape) + (n,))
    return jax.numpy.argsort(u, axis=-1)


def _multinomial(key, shape, dtype, n, pvals):
    """Counts of ``n`` categorical trials per row of pvals, by sequential binomials."""
    import jax
    import jax.numpy as jnp
    pvals = jnp.asarray(pvals, "float64")
    k = pvals.shape[-1]
    pvals = jnp.broadcast_to(pvals, tuple(shape) + (k,))
    if np.ndim(n) == 0 and int(n) <= 64:
        # Few trials: count categorical draws (much cheaper to compile than binomials).
        logits = jnp.log(jnp.maximum(pvals, 1e-300))
        draws = jax.random.categorical(key, logits, axis=-1, shape=(int(n),) + tuple(shape))
        return jax.nn.one_hot(draws, k, dtype="int64").sum(axis=0)
    left = jnp.broadcast_to(jnp.asarray(n, "float64"), tuple(shape))
    rest = jnp.ones(tuple(shape))
    outs = []
    keys = jax.random.split(key, k)
    for j in range(k - 1):
        q = jnp.clip(pvals[..., j] / jnp.maximum(rest, 1e-300), 0.0, 1.0)
        c = jax.random.binomial(keys[j], left, q, tuple(shape))
        c = jnp.where(left > 0, c, 0.0)
        outs.append(c)
        left = left - c
        rest = rest - pvals[..., j]
    outs.append(left)
    return jnp.stack(outs, axis=-1)


def _choice(key, shape, dtype, a, replace, p):
    import jax
    import jax.numpy as jnp
    a_val = np.asarray(a)
    n = int(a_val) if a_val.ndim == 0 else a_val.shape[0]
    probs = None if np.shape(p) == (0,) else jnp.asarray(p)
    total = int(np.prod(shape)) if shape else 1
    idx = jax.random.choice(key, n, (total,), replace=bool(np.asarray(replace)), p=probs)
    idx = idx.reshape(shape)
    return idx if a_val.ndim == 0 else jnp.asarray(a)[idx]


def _choice_rows(key, shape, dtype, n, pvals):
    """Returns ``n`` indices per row of pvals drawn without replacement (Gumbel top-k)."""
    import jax
    import jax.numpy as jnp
    pvals = jnp.asarray(pvals, "float64")
    g = jax.random.gumbel(key, pvals.shape, "float64")
    scores = jnp.log(jnp.maximum(pvals, 1e-300)) + g
    return jax.lax.top_k(scores, int(np.asarray(n)))[1]


DISTRIBUTIONS = {
    "uniform": _Dist(_uniform),
    "normal": _Dist(_normal),
    "truncated_normal": _Dist(_truncated_normal),
    "binomial": _Dist(_binomial),
    "random_integers": _Dist(_random_integers),
    "poisson": _Dist(_poisson),
    "permutation": _Dist(_permutation, extra_dims=1, static_params=(0,), param_ndims=(0,)),
    "multinomial": _Dist(_multinomial, extra_dims=1, static_params=(0,), param_ndims=(0, 1)),
    "choice": _Dist(_choice, static_params=(0, 1), param_ndims=(None, 0, None)),
    "choice_rows": _Dist(_choice_rows, extra_dims=2, static_params=(0,),
                         param_ndims=(None, 2)),
}


def _bcast_shape(params, param_ndims):
    shapes = []
    for i, p in enumerate(params):
        keep = param_ndims[i] if param_ndims else 0
        if keep is None:
            continue
        s = np.shape(p)
        shapes.append(s[:len(s) - keep] if keep else s)
    return tuple(np.broadcast_shapes(*shapes)) if shapes else ()


# ------------------------------------------------------------------ streams

def key_data(seed, index):
    """Returns the uint32 key data of draw ``index`` of a stream seeded with ``seed``."""
    import jax
    with jax.ensure_compile_time_eval():
        k = jax.random.fold_in(jax.random.PRNGKey(int(seed) % (2 ** 32)), index)
        return np.asarray(jax.random.key_data(k), dtype="uint32")


class RandomStateSharedVariable(TensorSharedVariable):
    """The state variable of a draw (``draw.rng``), Theano's class name for it: code that
    tells random states from parameters with ``isinstance`` keeps working.  Theano's
    held a NumPy RandomState; this one holds the draw's JAX key data (uint32)."""

    __hash__ = TensorSharedVariable.__hash__


class RandomStreamsBase:
    """Returns a factory of random draws sharing one seed; each draw owns its key shared variable."""

    def __init__(self, seed=12345):
        self.default_instance_seed = seed
        self._seed = seed
        self.state_updates = []       # (key shared variable, next key), one per draw

    def seed(self, seed=None):
        """Re-seeds every draw made so far (and the later ones) from ``seed``."""
        if seed is None:
            seed = self.default_instance_seed
        self._seed = seed
        for i, (key, _) in enumerate(self.state_updates):
            key.set_value(key_data(seed, i))

    def updates(self):
        """Returns the list of (key, next key) pairs of every draw made by this stream."""
        return list(self.state_updates)

    def gen(self, dist, size, params, dtype, ndim=None, bcast=None):
        """Returns a symbolic draw of ``dist`` of the given size, recording its key update."""
        size_var, ndim_size, size_bcast = _size_var(size, ndim)
        row = DISTRIBUTIONS[dist]
        if ndim_size is None:
            ndim_size = _params_ndim(params, row.param_ndims)
            size_bcast = (False,) * ndim_size
        out_ndim = ndim_size + row.extra_dims
        if bcast is None:
            bcast = tuple(size_bcast) + (False,) * row.extra_dims
        index = len(self.state_updates)
        key = RandomStateSharedVariable("rng_key_%d" % index, TensorType("uint32", (False,)),
                                        key_data(self._seed, index))
        op = RandomOp(dist, dtype, out_ndim, bcast)
        node = with_test_values(op.make_node(key, size_var, *params))
        out, new_key = node.outputs
        key.default_update = new_key
        out.rng = key
        out.update = (key, new_key)
        self.state_updates.append((key, new_key))
        return out


def _size_var(size, ndim):
    """Returns (int64 vector variable, ndim or None, broadcastable) for a size argument."""
    if size is None or (isinstance(size, (tuple, list)) and len(size) == 0 and ndim is None):
        return B.constant(np.zeros((0,), "int64")), None, ()
    if isinstance(size, (tuple, list)):
        consts, ok = [], True
        for s in size:
            if isinstance(s, (int, np.integer)):
                consts.append(int(s))
            else:
                ok = False
        if ok:
            _check_ndim(len(size), ndim)
            return (B.constant(np.asarray(consts, "int64")), len(size),
                    tuple(c == 1 for c in consts))
        var = B.stack([B.cast(B.as_tensor_variable(s), "int64") for s in size])
        _check_ndim(len(size), ndim)
        return var, len(size), tuple(_is_one(s) for s in size)
    if isinstance(size, (int, np.integer)):
        return B.constant(np.asarray([size], "int64")), 1, (size == 1,)
    var = B.as_tensor_variable(size)
    if var.ndim != 1 or not (var.dtype.startswith("int") or var.dtype.startswith("uint")):
        raise TypeError("size must be a tuple of ints or an integer vector (e.g. x.shape), got "
                        "%s of type %s" % (size, var.type))
    n = B.get_vector_length(var)
    _check_ndim(n, ndim)
    return B.cast(var, "int64"), n, (False,) * n


def _is_one(s):
    try:
        return int(B.get_scalar_constant_value(s)) == 1
    except Exception:
        return False


def _check_ndim(n, ndim):
    if ndim is not None and ndim != n:
        raise ValueError("ndim=%d does not match the length of size (%d); drop ndim or fix "
                         "size" % (ndim, n))


def _params_ndim(params, param_ndims):
    n = 0
    for i, p in enumerate(params):
        keep = param_ndims[i] if param_ndims else 0
        if keep is None:
            continue
        n = max(n, p.ndim - keep)
    return n


def as_param(x, dtype=None):
    """Returns ``x`` as a tensor variable (Python floats become floatX, like Theano's autocast)."""
    if isinstance(x, float) and dtype is None:
        return B.constant(np.asarray(x, config.floatX))
    v = B.as_tensor_variable(x)
    return B.cast(v, dtype) if dtype is not None and v.dtype != dtype else v
