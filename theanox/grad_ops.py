"""The gradient ops: nodes whose lowering differentiates a subgraph with JAX.

``theanox.gradient`` builds them (``grad``, ``jacobian``, ``hessian``, ``Rop``,
``zero_grad`` ...).  ``Grad``, ``Jacobian``, ``Hessian`` and ``RopOp`` evaluate the
subgraph between ``wrt`` and the sinks (the *region*) under ``jax.vjp``,
``jax.hessian`` or ``jax.jvp``; a Grad node inside a region is evaluated (and
differentiated) like any other node, so gradients of gradients nest.
``GradientBlock`` is ``lax.stop_gradient``; ``GradClip``/``GradScale`` are
identities with a custom vjp.
"""
import functools
import threading
import weakref

import numpy as np

from theanox import config, customop
from theanox.graph.basic import Apply, Op, io_toposort
from theanox.graph.lowering import collect_checks, is_concrete, runtime_check
from theanox.tensor import linalg
from theanox.tensor.type import TensorType, discrete_dtypes

# Grad node -> its expanded outputs, for str() (shown_output); dropped with the node.
_SHOWN = weakref.WeakKeyDictionary()
# grad_expand (a module above this one) registers its expander here when imported:
# node -> the expanded outputs, or () when it has no symbolic rule for the node.
_EXPANDER = []



class Grad(Op):
    """Returns d(sinks . cotangents)/d(wrt): one output per ``wrt`` (reverse mode).

    Inputs are ``sinks + cotangents + wrt + blockers``; blockers (consider_constant)
    are held constant.
    """

    __props__ = ("n_sinks", "n_wrt", "n_block", "dtypes")

    def __init__(self, n_sinks, n_wrt, n_block=0, dtypes=None):
        self.n_sinks, self.n_wrt, self.n_block = n_sinks, n_wrt, n_block
        # The gradients' dtypes, decided on the graph T.grad saw (theano_grad_dtypes):
        # rewrites (fusion) that rebuild the node must not change them.
        self.dtypes = None if dtypes is None else tuple(dtypes)

    def __str__(self):
        return "Grad"

    def shown_output(self, node, index):
        # str(T.grad(y, x)) is, as in Theano, the name of the last op of the gradient
        # expression ('Elemwise{mul}.0'): that of Theano's expanded graph (grad_expand),
        # built once per node; a region with no symbolic rule keeps 'Grad.<i>'.
        shown = _SHOWN.get(node)
        if shown is None:
            _SHOWN[node] = ()   # a str() met while expanding shows 'Grad.<i>'
            # (not node.outputs: the cache must not keep the node alive)
            shown = _SHOWN[node] = _EXPANDER[0](node) if _EXPANDER else ()
        if index >= len(shown) or shown[index].owner is node:
            return None
        return shown[index]

    def split(self, seq):
        s, w = self.n_sinks, self.n_wrt
        return seq[:s], seq[s:2 * s], seq[2 * s:2 * s + w], seq[2 * s + w:]

    def make_node(self, *inputs):
        sinks, cots, wrt, block = self.split(list(inputs))
        dtypes = self.dtypes or theano_grad_dtypes(sinks, cots, wrt, block)
        return Apply(self, inputs, [TensorType(d, w.broadcastable)()
                                    if isinstance(w.type, TensorType) else _grad_type(w)()
                                    for d, w in zip(dtypes, wrt)])

    def lower(self, node, env, evaluate):
        import jax
        import jax.numpy as jnp
        sinks, cots, wrt, block = self.split(node.inputs)
        f, primals, diff = _region(sinks, wrt, block, env, evaluate, extra=cots, aux=True)
        # A float32 wrt whose Theano gradient is float64 (it meets float64 values on
        # its way to the cost) is differentiated at its float64 value, so the gradient
        # keeps float64 precision as Theano's does.
        wide = [k for k, i in enumerate(diff)
                if np.dtype(node.outputs[i].dtype).itemsize > np.dtype(wrt[i].dtype).itemsize]
        for k in wide:
            primals[k] = primals[k].astype(node.outputs[diff[k]].dtype)
        with customop.differentiating("reverse"), linalg.autodiff("reverse"):
            outs, vjp_fn, (forward, flags) = jax.vjp(f, *primals, has_aux=True)
        pass_checks(f.found, flags)
        if not wide:
            for v, val in zip(f.forward_vars, forward):  # value and grad: one forward pass
                env.setdefault(v, val)
        cot_vals = [jnp.broadcast_to(jnp.asarray(env[c], o.dtype), o.shape)
                    for c, o in zip(cots, outs)]
        return _fill(wrt, node.outputs, diff, vjp_fn(cot_vals), env)

    @property
    def computes_inputs(self):
        """Returns the positions of the sinks, which ``lower`` computes (see compile.lower.hoist)."""
        return tuple(range(self.n_sinks))


class Jacobian(Op):
    """Returns d(expression)/d(wrt) for a vector expression: one output per ``wrt``.

    Inputs are ``[expression] + wrt + blockers``; lowering vmaps the vjp over the
    rows of the identity.
    """

    __props__ = ("n_wrt", "n_block")

    def __init__(self, n_wrt, n_block=0):
        self.n_wrt, self.n_block = n_wrt, n_block

    def __str__(self):
        return "Jacobian"

    def make_node(self, expression, *rest):
        wrt = rest[:self.n_wrt]
        outs = [TensorType(_grad_dtype(w.dtype), (False,) + w.broadcastable)() for w in wrt]
        return Apply(self, [expression] + list(rest), outs)

    def lower(self, node, env, evaluate):
        import jax
        import jax.numpy as jnp
        expr, wrt, block = node.inputs[0], node.inputs[1:1 + self.n_wrt], \
            node.inputs[1 + self.n_wrt:]
        f, primals, diff = _region([expr], wrt, block, env, evaluate)
        out, vjp_fn, (_, flags) = jax.vjp(lambda *w: _first(f(*w)), *primals, has_aux=True)
        pass_checks(f.found, flags)
        n = out.shape[0]
        rows = jax.vmap(vjp_fn)(jnp.eye(n, dtype=out.dtype))
        result = []
        for i, (w, o) in enumerate(zip(wrt, node.outputs)):
            if i in diff:
                result.append(jnp.asarray(rows[diff.index(i)], o.dtype))
            else:
                result.append(jnp.zeros((n,) + np.shape(env[w]), o.dtype))
        return tuple(result)


class Hessian(Op):
    """Returns the Hessian of a scalar cost wrt one vector (inputs: cost, wrt, blockers...)."""

    __props__ = ("n_block",)

    def __init__(self, n_block=0):
        self.n_block = n_block

    def __str__(self):
        return "Hessian"

    def make_node(self, cost, wrt, *block):
        out = TensorType(_grad_dtype(wrt.dtype), (False, False))()
        return Apply(self, [cost, wrt] + list(block), [out])

    def lower(self, node, env, evaluate):
        import jax
        import jax.numpy as jnp
        cost, w, block = node.inputs[0], node.inputs[1], node.inputs[2:]
        f, primals, diff = _region([cost], [w], block, env, evaluate)
        dtype = node.outputs[0].dtype
        if not diff:
            n = np.shape(env[w])[0]
            return jnp.zeros((n, n), dtype)
        with linalg.autodiff("forward"):
            hess, (_, flags) = jax.hessian(lambda v: _first(f(v)), has_aux=True)(primals[0])
        pass_checks(f.found, flags)
        return jnp.asarray(hess, dtype)


class RopOp(Op):
    """Returns the forward-mode derivatives (jvp) of ``f`` along ``eval_points``.

    Inputs are ``f + wrt + eval_points``; one output per ``f``.
    """

    __props__ = ("n_f", "n_wrt")

    def __init__(self, n_f, n_wrt):
        self.n_f, self.n_wrt = n_f, n_wrt

    def __str__(self):
        return "Rop"

    def make_node(self, *inputs):
        fs = inputs[:self.n_f]
        return Apply(self, inputs, [TensorType(_grad_dtype(x.dtype), x.broadcastable)()
                                    for x in fs])

    def lower(self, node, env, evaluate):
        import jax
        import jax.numpy as jnp
        n, w = self.n_f, self.n_wrt
        fs, wrt, points = node.inputs[:n], node.inputs[n:n + w], node.inputs[n + w:]
        f, primals, diff = _region(fs, wrt, [], env, evaluate, extra=points)
        tangents = [jnp.broadcast_to(jnp.asarray(env[points[i]], p.dtype), p.shape)
                    for i, p in zip(diff, primals)]
        if not diff:
            values, (_, flags) = f()
            pass_checks(f.found, flags)
            return tuple(jnp.zeros(np.shape(v), o.dtype) for v, o in zip(values, node.outputs))
        with customop.differentiating("forward"), linalg.autodiff("forward"):
            # users' ops go through their R_op
            _, tans, (_, flags) = jax.jvp(f, tuple(primals), tuple(tangents), has_aux=True)
        pass_checks(f.found, flags)
        return tuple(jnp.asarray(t, o.dtype) for t, o in zip(tans, node.outputs))


class GradientBlock(Op):
    """Returns its input; its lowering is ``lax.stop_gradient`` (ZeroGrad & co)."""

    __props__ = ("kind",)

    def __init__(self, kind):
        self.kind = kind

    def __str__(self):
        return self.kind

    def make_node(self, x):
        return Apply(self, [x], [x.type()])

    def jax(self, x, node=None):
        import jax
        return jax.lax.stop_gradient(x)


class ConsiderConstant(GradientBlock):
    """Returns its input, treated as a constant by grad (``consider_constant``)."""

    __props__ = ()

    def __init__(self):
        GradientBlock.__init__(self, "ConsiderConstant")


class ZeroGrad(GradientBlock):
    """Returns its input; its gradient is zero (``zero_grad``)."""

    __props__ = ()

    def __init__(self):
        GradientBlock.__init__(self, "ZeroGrad")


class DisconnectedGrad(GradientBlock):
    """Returns its input, disconnected from gradients (``disconnected_grad``)."""

    __props__ = ()

    def __init__(self):
        GradientBlock.__init__(self, "DisconnectedGrad")


class UndefinedGrad(GradientBlock):
    """Returns its input; its gradient is undefined (``undefined_grad``)."""

    __props__ = ()

    def __init__(self):
        GradientBlock.__init__(self, "UndefinedGrad")


consider_constant_ = ConsiderConstant()
zero_grad_ = ZeroGrad()
disconnected_grad_ = DisconnectedGrad()
undefined_grad_ = UndefinedGrad()


class GradClip(Op):
    """Returns its input; the gradient flowing back through it is clipped."""

    __props__ = ("lower_bound", "upper_bound")

    def __init__(self, lower_bound, upper_bound):
        self.lower_bound, self.upper_bound = lower_bound, upper_bound

    def __str__(self):
        return "GradClip"

    def make_node(self, x):
        return Apply(self, [x], [x.type()])

    def jax(self, x, node=None):
        return _clip_identity(self.lower_bound, self.upper_bound, x)


class GradScale(Op):
    """Returns its input; the gradient flowing back through it is scaled."""

    __props__ = ("multiplier",)

    def __init__(self, multiplier):
        self.multiplier = multiplier

    def __str__(self):
        return "GradScale"

    def make_node(self, x):
        return Apply(self, [x], [x.type()])

    def jax(self, x, node=None):
        return _scale_identity(self.multiplier, x)


# ---------------------------------------------------------------- regions

def _region(sinks, wrt, block, env, evaluate, extra=(), aux=False):
    """Returns (f, primals, diff): ``f(*values of wrt[diff])`` recomputes ``sinks``.

    ``f`` returns (values of ``sinks``, (forward values, check flags)).  Values that
    do not depend on ``wrt`` are computed once, outside the traced function;
    blockers are held constant with ``stop_gradient``.  Integer values already
    known on the host (a scan's step count) are kept: they carry no gradient and
    decide shapes.  The region's run-time checks made in the differentiating trace
    come out as flags (``f.found`` the checks), for the caller to ``pass_checks``.
    """
    import jax
    import jax.numpy as jnp
    dep = depends_on(sinks, wrt, block)
    leaves = {i for n in _region_nodes(sinks, dep) for i in n.inputs if i not in dep}
    evaluate(list(leaves) + list(block) + list(extra) + list(wrt), env)
    base = {k: v for k, v in env.items() if k not in dep or
            (is_concrete(v) and getattr(k, "dtype", None) in discrete_dtypes and k not in wrt)}
    for b in block:
        base[b] = jax.lax.stop_gradient(env[b])
    diff = [i for i, w in enumerate(wrt) if w.dtype not in discrete_dtypes]

    def f(*wvals):
        child = dict(base)
        for i, w in enumerate(wrt):
            child[w] = env[w]
        for i, val in zip(diff, wvals):
            child[wrt[i]] = _with_leaf(env[wrt[i]], val)
        with collect_checks(_current_trace()) as checks:
            outs = [jnp.asarray(o) for o in evaluate(list(sinks), child)]
        f.found = list(checks)
        if not aux:
            return outs, ([], check_flags(checks))
        # ``aux``: the forward values computed here (primal, not linearised), with the
        # variables they belong to recorded in ``f.forward_vars`` while tracing
        keys = [v for v in child if v not in base and v not in wrt and v not in sinks]
        f.forward_vars = keys + list(sinks)
        return outs, ([child[v] for v in keys] + outs, check_flags(checks))

    f.found = []
    primals = [_leaf(env[wrt[i]]) for i in diff]
    return f, primals, diff


# ---------------------------------------------------------------- run-time checks
# A check whose flag is a value of the differentiating trace (jax.vjp's linearize,
# jvp, the vmaps of jax.hessian) would be lost: the region returns the flags of its
# own trace in the transform's aux output, and the caller checks them again outside.

def _current_trace():
    from jax.extend.core import take_current_trace
    with take_current_trace() as trace:
        return trace


def check_flags(checks):
    """Returns [] or [a bool vector, one flag per check] (aux output of a region)."""
    if not checks:
        return []
    import jax.numpy as jnp
    return [jnp.stack([jnp.all(c.ok) for c in checks])]


def pass_checks(checks, flags):
    """Checks ``flags`` (``check_flags``'s, returned to the enclosing trace) again there."""
    for k, c in enumerate(checks):
        runtime_check(flags[0][k], c.error, c.message, c.node)


def _first(result):
    """Returns (first value, aux) of a region function's result (one sink)."""
    outs, aux = result
    return outs[0], aux


# A value that is not an array (a sparse matrix) is differentiated through the one
# array it names (``grad_leaf``: the stored entries) and rebuilt around the result.
def _leaf(value):
    import jax.numpy as jnp
    return value.grad_leaf() if hasattr(value, "grad_leaf") else jnp.asarray(value)


def _with_leaf(value, leaf):
    return value.with_grad_leaf(leaf) if hasattr(value, "with_grad_leaf") else leaf


def _fill(wrt, outputs, diff, grads, env):
    import jax.numpy as jnp
    result = []
    for i, (w, o) in enumerate(zip(wrt, outputs)):
        if i in diff:
            result.append(_with_leaf(env[w], jnp.asarray(grads[diff.index(i)], o.dtype)))
        elif hasattr(env[w], "grad_leaf"):
            result.append(_with_leaf(env[w], jnp.zeros_like(env[w].grad_leaf(), o.dtype)))
        else:
            result.append(jnp.zeros(np.shape(env[w]), o.dtype))
    return tuple(result)


def depends_on(sinks, wrt, blockers=()):
    """Returns the set of variables (ancestors of ``sinks``) that depend on any of ``wrt``."""
    wrt_set, block = set(wrt), set(blockers)
    dep = set(wrt_set)
    for node in io_toposort(list(wrt_set | block), sinks):
        if any(i in dep for i in node.inputs if i not in block):
            dep.update(node.outputs)
    return dep


def _region_nodes(sinks, dep):
    return [n for n in io_toposort([], sinks) if any(o in dep for o in n.outputs)]


def _grad_dtype(dtype):
    return dtype if dtype not in discrete_dtypes else config.floatX


# scalar ops whose Theano gradient is floatX zeros although their float output is float
_FLOATX_ZERO_GRADS = ("int_div", "trunc")


def theano_grad_dtypes(sinks, cots, wrt, block=()):
    """Returns the dtype Theano 1.0.5 gives each gradient.

    Theano casts the gradient arriving at each node output to that output's dtype, and
    the ops' gradient formulas upcast from there (Cast's gradient is ``gz``): the
    gradient of ``w`` is the upcast of the float output dtypes of the nodes that use
    it (a float32 ``x`` gets float64 from ``x * y64``, ``dot(x, y64)`` or
    ``cast(x, 'float64')``, float32 from ``x * 2.0`` or a broadcast ``DimShuffle``).
    An elementwise node with a discrete output (a comparison, a cast to int) gives
    zeros of the input's own dtype (Theano's Elemwise.L_op: ``ipt.zeros_like()``);
    ``x // y`` and ``trunc(x)`` of floats give floatX zeros (their scalar grads)."""
    from theanox.tensor.dtypes import upcast
    from theanox.tensor.elemwise import Elemwise
    dep = depends_on(sinks, wrt, block)
    wanted = {w for w in wrt if w.dtype not in discrete_dtypes}
    flow = {}
    for node in _region_nodes(sinks, dep):
        users = [i for i in node.inputs if i in wanted and i not in block]
        if not users:
            continue
        outs = [o.dtype for o in node.outputs if o.dtype not in discrete_dtypes]
        elemwise = isinstance(node.op, Elemwise)
        if not outs and not elemwise:
            continue
        scalar = getattr(getattr(node.op, "scalar_op", None), "name", None)
        for i in users:
            if not outs:
                g = i.dtype
            elif elemwise and scalar in _FLOATX_ZERO_GRADS:
                g = config.floatX
            else:
                g = upcast(*outs)
            flow.setdefault(i, []).append(g)
    return [upcast(*flow[w]) if w in flow else _grad_dtype(w.dtype) for w in wrt]


def _grad_type(w):
    if not isinstance(w.type, TensorType):       # a sparse matrix: same format
        return w.type.clone(dtype=_grad_dtype(w.type.dtype))
    return TensorType(_grad_dtype(w.dtype), w.broadcastable)


_IDENTITIES = []            # [clip_identity, scale_identity], built once
_IDENTITIES_LOCK = threading.Lock()


def _custom_identities():
    """Returns (clip_identity, scale_identity): identities with a custom vjp, built once."""
    with _IDENTITIES_LOCK:
        if not _IDENTITIES:
            _IDENTITIES.extend(_build_identities())
        return _IDENTITIES


def _build_identities():
    import jax
    import jax.numpy as jnp

    @functools.partial(jax.custom_vjp, nondiff_argnums=(0, 1))
    def clip_identity(lo, hi, x):
        return x

    clip_identity.defvjp(lambda lo, hi, x: (x, None),
                         lambda lo, hi, _, g: (jnp.clip(g, lo, hi),))

    @functools.partial(jax.custom_vjp, nondiff_argnums=(0,))
    def scale_identity(m, x):
        return x

    scale_identity.defvjp(lambda m, x: (x, None), lambda m, _, g: (g * m,))
    return clip_identity, scale_identity


def _clip_identity(lo, hi, x):
    return _custom_identities()[0](lo, hi, x)


def _scale_identity(m, x):
    return _custom_identities()[1](m, x)
