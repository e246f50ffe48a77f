"""Theano's gradient conventions where a derivative is undefined (a kink).

There JAX and Theano 1.0.5 chose differently.  The elementwise and reduction rows
use these functions so that gradients give Theano's numbers: d|x|/dx = sign(x)
(0 at 0); maximum/minimum give the whole gradient to x when x ties y or when
out == x, else to y (so a NaN sends it to y); the max/min reductions give the full
gradient to every tied input (JAX splits it).
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
            return out, jnp.where(out == x, tx, ty)
        f.defjvp(jvp)
        return f

    def _reduce(fn):
        @functools.partial(jax.custom_jvp, nondiff_argnums=(1,))
        def f(x, axis):
            return fn(x, axis=axis)

        def jvp(axis, p, t):
            x, = p
            out = fn(x, axis=axis)
            hit = x == fn(x, axis=axis, keepdims=True)
            return out, jnp.sum(jnp.where(hit, t[0], 0), axis=axis)
        f.defjvp(jvp)
        return f

    return {"abs": abs_, "maximum": _pairwise(jnp.maximum), "minimum": _pairwise(jnp.minimum),
            "max": _reduce(jnp.max), "min": _reduce(jnp.min)}


def theano_kink(name):
    """Returns the JAX function ``name`` (abs, maximum, minimum, max, min) with Theano's gradient."""
    def fn(*args, **kwargs):
        import jax.numpy as jnp
        if name == "abs" and jnp.iscomplexobj(args[0]):
            return jnp.abs(args[0])
        if name in ("max", "min"):
            return _kink_functions()[name](args[0], kwargs.get("axis"))
        return _kink_functions()[name](*args)
    fn.__name__ = name
    return fn
