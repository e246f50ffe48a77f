"""Theano's gradient conventions where a derivative is undefined (a kink).

There JAX and Theano 1.0.5 chose differently.  The elementwise and reduction rows
use these functions so that gradients give Theano's numbers: d|x|/dx = sign(x)
(0 at 0); maximum/minimum give the whole gradient to x when x ties y or when
out == x, else to y (so a NaN sends it to y); the max/min reductions give the full
gradient to every tied input (JAX splits it).  Theano MULTIPLIES the incoming gradient
by the 0/1 mask (``eq(out, x) * gz``), so a NaN or inf gradient reaching the unselected
input gives NaN there (0 * NaN); the rules below do the same, where a select would
give 0.  prod follows Theano's Prod.grad: prod / x in a group without zeros, the
product of the others at a group's only zero (0 when the group is that zero alone:
Theano's ProdWithoutZeros starts from the first element), 0 elsewhere.
"""
import functools
import threading

_LOCK = threading.Lock()
_FUNCTIONS = {}


def _kink_functions():
    """Returns {name: JAX function with Theano's derivative}, built once."""
    with _LOCK:
        if not _FUNCTIONS:
            _FUNCTIONS.update(_build())
        return _FUNCTIONS


def _build():
    import jax
    import jax.numpy as jnp
    import numpy as np

    def _mask(cond, dtype):
        # XLA rewrites convert(bool) * g into a select, which turns 0 * NaN into 0;
        # the barrier keeps Theano's IEEE product.
        return jax.lax.optimization_barrier(cond.astype(dtype))

    @jax.custom_jvp
    def abs_(x):
        return jnp.abs(x)

    abs_.defjvp(lambda p, t: (jnp.abs(p[0]), jnp.sign(p[0]) * t[0]))

    def _pairwise(fn):
        @jax.custom_jvp
        def f(x, y):
            return fn(x, y)

        def jvp(p, t):
            x, y = p
            out = fn(x, y)
            tx, ty = (jnp.broadcast_to(v, out.shape) for v in t)
            # Theano: e = (out == x); gx = e * gz, gy = (1 - e) * gz.  A tie gives
            # everything to x; a NaN (out != x) gives everything to y.
            e = _mask(out == x, out.dtype)
            return out, e * tx + (1 - e) * ty
        f.defjvp(jvp)
        return f

    def _reduce(fn):
        @functools.partial(jax.custom_jvp, nondiff_argnums=(1,))
        def f(x, axis):
            return fn(x, axis=axis)

        def jvp(axis, p, t):
            x, = p
            out = fn(x, axis=axis)
            hit = _mask(x == fn(x, axis=axis, keepdims=True), x.dtype)
            return out, jnp.sum(hit * t[0], axis=axis)      # Theano: eq(out, x) * gz
        f.defjvp(jvp)
        return f

    @functools.partial(jax.custom_jvp, nondiff_argnums=(1, 2))
    def prod(x, axis, acc):
        return jnp.prod(x, axis=axis, dtype=acc).astype(x.dtype)

    def prod_jvp(axis, acc, p, t):
        x, = p
        out = prod(x, axis, acc)
        axes = tuple(range(x.ndim)) if axis is None else axis
        keep = lambda v: jnp.expand_dims(v, axes) if axes else v    # noqa: E731
        zero = x == 0
        n_zero = keep(jnp.sum(zero, axis=axis))
        size = int(np.prod([x.shape[a] for a in axes]))
        no_zero = n_zero == 0
        # the product of the others at a group's only zero; 0 when it is alone
        others = keep(prod(jnp.where(zero, jnp.ones_like(x), x), axis, acc))
        single = zero & (n_zero == 1) & (size > 1)
        c = jnp.where(single, others, jnp.zeros_like(x))
        a = jnp.where(no_zero, keep(out), jnp.zeros_like(x))
        b = jnp.where(no_zero, x, jnp.ones_like(x))
        if not axes:
            # a product over no axes is x: Theano removes it and simplifies
            # (gz * x) / x to gz (1 also at NaN and inf); a zero still takes the zero path
            return out, jnp.where(no_zero, t[0], t[0] * c)
        # written so that the transpose computes Theano's (gz * prod) / x exactly
        tt = jnp.where(no_zero, (t[0] / b) * a, t[0] * c)
        return out, jnp.sum(tt, axis=axis)
    prod.defjvp(prod_jvp)

    return {"abs": abs_, "maximum": _pairwise(jnp.maximum), "minimum": _pairwise(jnp.minimum),
            "max": _reduce(jnp.max), "min": _reduce(jnp.min), "prod": prod}


def theano_kink(name):
    """Returns the JAX function ``name`` (abs, maximum, minimum, max, min, prod) with
    Theano's gradient; prod takes ``axis`` and the accumulator dtype ``dtype``."""
    def fn(*args, **kwargs):
        import jax.numpy as jnp
        if name == "abs" and jnp.iscomplexobj(args[0]):
            return jnp.abs(args[0])
        if name in ("max", "min"):
            return _kink_functions()[name](args[0], kwargs.get("axis"))
        if name == "prod":
            return _kink_functions()[name](args[0], kwargs.get("axis"), kwargs.get("dtype"))
        return _kink_functions()[name](*args)
    fn.__name__ = name
    return fn
