"""Custom Ops as Theano users write them: ``perform`` in NumPy, ``grad``/``L_op``, ``infer_shape``.

An op with no ``jax`` rule of its own and a ``perform(node, inputs, output_storage)``
method runs inside the jitted program through ``jax.pure_callback``: ``perform``
receives NumPy arrays and one ``[None]`` list per output, as in Theano.  The
callback's output shapes come from ``infer_shape(node, input_shapes)`` (called with
the static shapes of the lowering; entries may be ints or symbolic scalars that
fold to constants), else from one host evaluation of ``perform`` (on the inputs when
they are known while tracing, else on arrays of ones of the input shapes: the output
shape is then assumed to depend on the input shapes only, and a call that breaks
this raises).  Outputs are cast to the output types' dtypes.  When no input is
traced (DebugMode, NanGuardMode, constant folding) ``perform`` is called directly.

An op defining ``grad(inputs, output_grads)`` or ``L_op(inputs, outputs,
output_grads)`` is differentiated through that method: its lowering is wrapped in
``jax.custom_vjp`` whose backward pass evaluates the symbolic gradient graph the
op returns (built once per node on placeholder inputs).  Ops without it that are
differentiated raise ``NullTypeGradError`` when ``T.grad`` is called (see
``undifferentiable``).  ``T.Rop`` (``jax.jvp``, lowered ``differentiating('forward')``)
uses the op's ``R_op(inputs, eval_points)`` the same way, through ``jax.custom_jvp``;
a perform-only op without ``R_op`` raises Theano's NotImplementedError when ``T.Rop``
is called (``check_rop``), and an op with a ``jax`` rule is differentiated by JAX.
``c_code``, ``c_support_code`` and the other C-linker methods are ignored: the
program is compiled by XLA.
"""
import contextlib
import inspect
import threading

import numpy as np

from theanox.graph.basic import Op, Variable
from theanox.graph.lowering import is_concrete


class CustomOpError(TypeError):
    """Raised when a user-defined op cannot be lowered (no rule, no usable shapes)."""


def has_own_jax(op):
    """Returns True when the op's class defines its own ``jax`` lowering rule."""
    return getattr(type(op), "jax", None) is not Op.jax


def has_grad_method(op):
    """Returns True when the op defines Theano's ``grad`` or ``L_op``."""
    if getattr(op, "_theanox_no_user_grad", False):
        return False
    return callable(getattr(op, "grad", None)) or callable(getattr(op, "L_op", None))


def is_custom(op):
    """Returns True when the interpreter must lower ``op`` through this module."""
    if callable(getattr(op, "lower", None)):
        return False
    return not has_own_jax(op) or has_grad_method(op)


def has_rop_method(op):
    """Returns True when the op defines Theano's ``R_op``."""
    return callable(getattr(op, "R_op", None))


def is_perform_only(op):
    """Returns True for a user's op computed by ``perform`` alone (a host callback)."""
    return not callable(getattr(op, "lower", None)) and not has_own_jax(op)


def check_rop(op):
    """Raises Theano's NotImplementedError when ``T.Rop`` cannot go through ``op``."""
    if is_perform_only(op) and not has_rop_method(op):
        raise NotImplementedError(
            "%s of class %s does not implement R_op. If this is a theano op, write to the "
            "theano-dev mailing list for assistance. If it is your own op, implement the "
            "R_op method." % (op, type(op).__name__))


_MODE = threading.local()


@contextlib.contextmanager
def differentiating(kind):
    """Lowers users' ops inside the block for ``kind`` ('forward': jax.jvp, T.Rop;
    'reverse': jax.vjp, T.grad), in this thread."""
    previous = getattr(_MODE, "kind", "reverse")
    _MODE.kind = kind
    try:
        yield
    finally:
        _MODE.kind = previous


def undifferentiable(op):
    """Returns True for an op that JAX cannot differentiate and that has no grad method."""
    return (not callable(getattr(op, "lower", None)) and not has_own_jax(op)
            and not has_grad_method(op))


# ---------------------------------------------------------------- lowering

def lower(node, env, evaluate):
    """Returns the output values of a custom op's node (the interpreter's entry point)."""
    vals = evaluate(list(node.inputs), env)
    return lower_values(node, vals, evaluate, lambda v: _forward(node, v, evaluate))


def lower_values(node, vals, evaluate, forward):
    """Returns ``forward(vals)``, differentiated by the op's grad method when it has one
    (by its R_op under ``differentiating('forward')``)."""
    if getattr(_MODE, "kind", "reverse") == "forward" and any(_is_tracer(v) for v in vals):
        if has_rop_method(node.op):
            return _with_user_jvp(node, evaluate, forward)(*vals)
        check_rop(node.op)
        return tuple(forward(list(vals)))
    if has_grad_method(node.op) and any(_is_tracer(v) for v in vals):
        return _with_user_vjp(node, evaluate, forward)(*vals)
    return tuple(forward(list(vals)))


def _forward(node, vals, evaluate):
    op = node.op
    if has_own_jax(op):
        outs = op.jax(*vals, node=node)
        return outs if isinstance(outs, (tuple, list)) else (outs,)
    if not callable(getattr(op, "perform", None)):
        raise CustomOpError(
            "%s defines neither a JAX lowering rule (`jax(self, *values, node=None)`) nor "
            "Theano's `perform(self, node, inputs, output_storage)`; theanox cannot compute "
            "it. Define `perform` (NumPy) or `jax` (jax.numpy); C code (c_code) is not "
            "used." % (op,))
    if not any(_is_tracer(v) for v in vals):
        return host_perform(node, [np.asarray(v) for v in vals])
    return _callback(node, vals, evaluate)


def host_perform(node, inputs):
    """Returns the outputs of ``node.op.perform`` on NumPy ``inputs``, cast to the output dtypes."""
    op = node.op
    storage = [[None] for _ in node.outputs]
    if _takes_params(op):
        op.perform(node, list(inputs), storage, op.get_params(node))
    else:
        op.perform(node, list(inputs), storage)
    outs = []
    for o, cell in zip(node.outputs, storage):
        if cell[0] is None:
            raise CustomOpError("%s.perform did not set output %d (output_storage[%d][0])"
                                % (op, o.index, o.index))
        outs.append(np.asarray(cell[0], dtype=o.type.dtype))
    return tuple(outs)


def _takes_params(op):
    if not callable(getattr(op, "get_params", None)):
        return False
    try:
        params = inspect.signature(op.perform).parameters
    except (TypeError, ValueError):
        return False
    return len(params) >= 4 or any(p.kind == p.VAR_POSITIONAL for p in params.values())


def _callback(node, vals, evaluate):
    import jax
    specs = output_specs(node, vals, evaluate)

    def host(*args):
        outs = host_perform(node, [np.asarray(a) for a in args])
        for o, s in zip(outs, specs):
            if o.shape != s.shape:
                raise CustomOpError(
                    "%s: perform returned an output of shape %s where %s was expected "
                    "(from %s). Define infer_shape(node, input_shapes) giving the output "
                    "shapes." % (node.op, o.shape, s.shape,
                                 "infer_shape" if _has_infer_shape(node.op)
                                 else "a first evaluation on inputs of the same shapes"))
        return outs

    return jax.pure_callback(host, tuple(specs), *vals, vmap_method="sequential")


def _has_infer_shape(op):
    return callable(getattr(op, "infer_shape", None))


def output_specs(node, vals, evaluate):
    """Returns the ShapeDtypeStructs of the node's outputs (infer_shape, else one host run)."""
    import jax
    dtypes = [np.dtype(o.type.dtype) for o in node.outputs]
    in_shapes = [tuple(int(d) for d in np.shape(v)) for v in vals]
    if _has_infer_shape(node.op):
        shapes = _call_infer_shape(node, in_shapes, vals, evaluate)
    else:
        shapes = _probe_shapes(node, vals, in_shapes)
    return [jax.ShapeDtypeStruct(s, d) for s, d in zip(shapes, dtypes)]


def _call_infer_shape(node, in_shapes, vals, evaluate):
    op = node.op
    try:
        n = len(inspect.signature(op.infer_shape).parameters)
    except (TypeError, ValueError):
        n = 2
    got = op.infer_shape(None, node, in_shapes) if n >= 3 else op.infer_shape(node, in_shapes)
    if len(got) != len(node.outputs):
        raise CustomOpError("%s.infer_shape returned %d shapes for %d outputs"
                            % (op, len(got), len(node.outputs)))
    env = dict(zip(node.inputs, vals))
    return [tuple(_static_dim(d, env, evaluate, op) for d in s) for s in got]


def _static_dim(d, env, evaluate, op):
    if isinstance(d, Variable):
        d = evaluate([d], dict(env))[0]
    if not is_concrete(d) and not isinstance(d, (int, np.integer)):
        raise CustomOpError(
            "%s.infer_shape gave a dimension (%s) that is not known while tracing; give "
            "dimensions computed from the input shapes it receives" % (op, d))
    return int(d)


def _probe_shapes(node, vals, in_shapes):
    with _PROBE_LOCK:
        cache = node.tag.__dict__.setdefault("_theanox_probe", {})
        key = tuple(in_shapes)
        if key in cache:
            return cache[key]
        if all(is_concrete(v) for v in vals):
            probe = [np.asarray(v) for v in vals]
        else:
            probe = [np.ones(s, dtype=i.type.dtype) for s, i in zip(in_shapes, node.inputs)]
        try:
            outs = host_perform(node, probe)
        except Exception as e:
            raise CustomOpError(
                "%s has no infer_shape, and evaluating its perform on the host to learn the "
                "output shapes failed (%s: %s). Define infer_shape(node, input_shapes) "
                "returning one shape tuple per output." % (node.op, type(e).__name__, e)) \
                from e
        cache[key] = [o.shape for o in outs]
        return cache[key]


_PROBE_LOCK = threading.Lock()


def _is_tracer(v):
    import jax
    return isinstance(v, jax.core.Tracer)


# ---------------------------------------------------------------- gradients

_VJP_LOCK = threading.RLock()


def _with_user_vjp(node, evaluate, forward):
    """Returns a jax.custom_vjp function computing the node's outputs, built once per node."""
    with _VJP_LOCK:
        fn = node.tag.__dict__.get("_theanox_vjp")
        if fn is None:
            fn = node.tag._theanox_vjp = _build_vjp(node, evaluate, forward)
    return fn


def gradient_graph(node):
    """Returns (input placeholders, output variables, output-grad placeholders, grads).

    ``grads`` has one entry per input: a Variable, or None where the op gives no
    gradient (None, DisconnectedType, or a NullType of grad_undefined).
    """
    op = node.op
    ins = [i.type() for i in node.inputs]
    for ph, i in zip(ins, node.inputs):
        ph.name = i.name
    inner = op.make_node(*ins)
    outs = list(inner.outputs)
    gs = [o.type() for o in outs]
    if callable(getattr(op, "L_op", None)):
        got = op.L_op(ins, outs, gs)
    else:
        got = op.grad(ins, gs)
    got = list(got)
    if len(got) != len(ins):
        raise CustomOpError("%s.grad returned %d gradients for %d inputs"
                            % (op, len(got), len(ins)))
    grads = []
    for g in got:
        kind = type(getattr(g, "type", g)).__name__
        if g is None or kind == "DisconnectedType":
            grads.append(None)
        elif kind == "NullType":
            grads.append(_UNDEFINED)
        elif isinstance(g, Variable):
            grads.append(g)
        else:
            from theanox.tensor.conversion import as_tensor_variable
            grads.append(as_tensor_variable(g))
    return ins, outs, gs, grads


_UNDEFINED = object()


def cached_gradient_graph(node):
    """Returns ``gradient_graph(node)``, built once per node."""
    with _VJP_LOCK:
        got = node.tag.__dict__.get("_theanox_grad_graph")
        if got is None:
            got = node.tag._theanox_grad_graph = gradient_graph(node)
        return got


def undefined_gradient(node, dependent):
    """Returns the first input in ``dependent`` whose gradient the op says is undefined."""
    grads = cached_gradient_graph(node)[3]
    for i, g in zip(node.inputs, grads):
        if g is _UNDEFINED and i in dependent:
            return i
    return None


def _build_vjp(node, evaluate, forward):
    import jax
    import jax.numpy as jnp
    def ensure_graph():
        return cached_gradient_graph(node)

    @jax.custom_vjp
    def f(*vals):
        return tuple(forward(list(vals)))

    def fwd(*vals):
        outs = tuple(forward(list(vals)))
        return outs, (vals, outs)

    def bwd(res, cts):
        vals, outs = res
        ins, inner_outs, gs, grads = ensure_graph()
        env = dict(zip(ins, vals))
        env.update(zip(inner_outs, outs))
        env.update(zip(gs, cts))
        wanted = [g for g in grads if g is not None and g is not _UNDEFINED]
        got = iter(evaluate(wanted, env)) if wanted else iter(())
        result = []
        for v, i, g in zip(vals, node.inputs, grads):
            dtype = np.dtype(i.type.dtype)
            if not np.issubdtype(dtype, np.inexact):
                result.append(None)
            elif g is None or g is _UNDEFINED:
                result.append(jnp.zeros(np.shape(v), dtype))
            else:
                result.append(jnp.broadcast_to(jnp.asarray(next(got), dtype), np.shape(v)))
        return tuple(result)

    f.defvjp(fwd, bwd)
    return f


# ---------------------------------------------------------------- R_op (forward mode)

def _with_user_jvp(node, evaluate, forward):
    """Returns a jax.custom_jvp function computing the node's outputs, built once per node."""
    with _VJP_LOCK:
        fn = node.tag.__dict__.get("_theanox_jvp")
        if fn is None:
            fn = node.tag._theanox_jvp = _build_jvp(node, evaluate, forward)
    return fn


def rop_graph(node):
    """Returns (input placeholders, eval-point placeholders, output R_ops or None)."""
    ins = [i.type() for i in node.inputs]
    points = [i.type() for i in node.inputs]
    got = list(node.op.R_op(ins, points))
    if len(got) != len(node.outputs):
        raise CustomOpError("%s.R_op returned %d results for %d outputs"
                            % (node.op, len(got), len(node.outputs)))
    from theanox.tensor.conversion import as_tensor_variable
    rops = [None if g is None else g if isinstance(g, Variable) else as_tensor_variable(g)
            for g in got]
    return ins, points, rops


def _build_jvp(node, evaluate, forward):
    import jax
    import jax.numpy as jnp

    @jax.custom_jvp
    def f(*vals):
        return tuple(forward(list(vals)))

    def jvp(primals, tangents):
        outs = tuple(forward(list(primals)))
        with _VJP_LOCK:
            graph = node.tag.__dict__.get("_theanox_rop_graph")
            if graph is None:
                graph = node.tag._theanox_rop_graph = rop_graph(node)
        ins, points, rops = graph
        env = dict(zip(ins, primals))
        for p, t, v, i in zip(points, tangents, primals, node.inputs):
            inexact = np.issubdtype(np.dtype(i.type.dtype), np.inexact)
            env[p] = t if inexact else jnp.zeros(np.shape(v), i.type.dtype)
        wanted = [r for r in rops if r is not None]
        got = iter(evaluate(wanted, env)) if wanted else iter(())
        tans = []
        for o, r, val in zip(node.outputs, rops, outs):
            dtype = np.dtype(o.type.dtype)
            if not np.issubdtype(dtype, np.inexact):
                tans.append(np.zeros(np.shape(val), jax.dtypes.float0))
            elif r is None:
                tans.append(jnp.zeros(np.shape(val), dtype))
            else:
                tans.append(jnp.broadcast_to(jnp.asarray(next(got), dtype), np.shape(val)))
        return outs, tuple(tans)

    f.defjvp(jvp)
    return f


__all__ = ["CustomOpError", "lower", "lower_values", "host_perform", "output_specs",
           "gradient_graph", "is_custom", "has_grad_method", "undifferentiable",
           "has_rop_method", "check_rop", "differentiating"]
