"""Symbolic differentiation: a ``Grad`` node whose lowering differentiates the cost subgraph with JAX.

``T.grad(cost, wrt)`` does not expand a backward graph as Theano did: it returns
the outputs of one Grad node.  Lowering evaluates the subgraph between ``wrt`` and
the cost under ``jax.vjp``, so every op (scan and conv included) is differentiable
and gradients of gradients work by nesting.
"""
import warnings

import numpy as np

from theanox import config
from theanox.graph.basic import Apply, Op, Variable, ancestors
from theanox.tensor.type import TensorType, discrete_dtypes


class DisconnectedInputError(ValueError):
    """Raised when grad() is asked for a variable the cost does not depend on."""


class NullTypeGradError(TypeError):
    pass


class GradientError(Exception):
    """Raised by verify_grad when analytic and numeric gradients disagree."""

    def __init__(self, arg, err_pos, shape, val1, val2, abs_err, rel_err, abs_tol, rel_tol):
        super().__init__()
        self.arg, self.err_pos, self.shape = arg, err_pos, shape
        self.val1, self.val2 = val1, val2
        self.abs_err, self.rel_err = abs_err, rel_err
        self.abs_tol, self.rel_tol = abs_tol, rel_tol

    def __str__(self):
        return ("GradientError: numeric gradient and analytic gradient exceed tolerance:\n"
                "        At position %i of argument %i with shape %s,\n"
                "            val1 = %f      ,  val2 = %f\n"
                "            abs. error = %f,  abs. tolerance = %f\n"
                "            rel. error = %f,  rel. tolerance = %f\n"
                "Exception args: %s" % (self.err_pos, self.arg, self.shape, self.val1,
                                        self.val2, self.abs_err, self.abs_tol, self.rel_err,
                                        self.rel_tol, self.args))


def depends_on(sinks, wrt, blockers=()):
    """Returns the set of variables (ancestors of ``sinks``) that depend on any of ``wrt``."""
    from theanox.graph.basic import io_toposort
    wrt_set, block = set(wrt), set(blockers)
    dep = set(wrt_set)
    for node in io_toposort(list(wrt_set | block), sinks):
        if any(i in dep for i in node.inputs if i not in block):
            dep.update(node.outputs)
    return dep


class Grad(Op):
    """Returns d(sinks . cotangents)/d(wrt): one output per ``wrt`` (reverse mode).

    Inputs are ``sinks + cotangents + wrt + blockers``; blockers (consider_constant)
    are held constant.
    """

    __props__ = ("n_sinks", "n_wrt", "n_block")

    def __init__(self, n_sinks, n_wrt, n_block=0):
        self.n_sinks, self.n_wrt, self.n_block = n_sinks, n_wrt, n_block

    def __str__(self):
        return "Grad"

    def split(self, seq):
        s, w = self.n_sinks, self.n_wrt
        return seq[:s], seq[s:2 * s], seq[2 * s:2 * s + w], seq[2 * s + w:]

    def make_node(self, *inputs):
        sinks, cots, wrt, block = self.split(list(inputs))
        outs = [_grad_type(w)() for w in wrt]
        return Apply(self, inputs, outs)

    def lower(self, node, env, evaluate):
        import jax
        import jax.numpy as jnp
        sinks, cots, wrt, block = self.split(node.inputs)
        dep = depends_on(sinks, wrt, block)
        # Values that do not depend on wrt are computed once, outside the vjp.
        leaves = {i for n in _region_nodes(sinks, dep) for i in n.inputs if i not in dep}
        evaluate(list(leaves) + list(block) + list(cots) + list(wrt), env)
        base = {k: v for k, v in env.items() if k not in dep}
        for b in block:
            base[b] = jax.lax.stop_gradient(env[b])
        diff = [i for i, w in enumerate(wrt) if w.dtype not in discrete_dtypes]

        def f(*wvals):
            child = dict(base)
            for i, val in zip(diff, wvals):
                child[wrt[i]] = val
            for i, w in enumerate(wrt):
                if i not in diff:
                    child[w] = env[w]
            outs = evaluate(list(sinks), child)
            return [jnp.asarray(o) for o in outs]

        primals = [jnp.asarray(env[wrt[i]]) for i in diff]
        outs, vjp_fn = jax.vjp(f, *primals)
        cot_vals = [jnp.broadcast_to(jnp.asarray(env[c], o.dtype), o.shape)
                    for c, o in zip(cots, outs)]
        grads = vjp_fn(cot_vals)
        result = []
        for i, (w, o) in enumerate(zip(wrt, node.outputs)):
            if i in diff:
                g = grads[diff.index(i)]
                result.append(jnp.asarray(g, o.dtype))
            else:
                result.append(jnp.zeros(np.shape(env[w]), o.dtype))
        return tuple(result)


def _grad_type(w):
    dtype = w.dtype if w.dtype not in discrete_dtypes else config.floatX
    return TensorType(dtype, w.broadcastable)


def _region_nodes(sinks, dep):
    from theanox.graph.basic import io_toposort
    return [n for n in io_toposort([], sinks) if any(o in dep for o in n.outputs)]


def grad(cost, wrt, consider_constant=None, disconnected_inputs="raise", add_names=True,
         known_grads=None, return_disconnected="zero", null_gradients="raise"):
    """Returns the gradient(s) of scalar ``cost`` with respect to ``wrt`` (a variable or list)."""
    from theanox.tensor.basic import as_tensor_variable, constant, zeros_like
    if cost is None and not known_grads:
        raise AssertionError("cost and known_grads can't both be None.")
    if cost is not None:
        cost = as_tensor_variable(cost)
        if cost.ndim != 0:
            raise TypeError("cost must be a scalar.")
    single = not isinstance(wrt, (list, tuple))
    wrt_list = [wrt] if single else list(wrt)
    for w in wrt_list:
        if not isinstance(w, Variable):
            raise TypeError("Expected Variable, got %r of type %s" % (w, type(w)))
    sinks, cots = [], []
    if cost is not None:
        sinks.append(cost)
        cots.append(constant(np.asarray(1.0, dtype=cost.dtype if cost.dtype not in
                                        discrete_dtypes else config.floatX)))
    for var, g in (known_grads or {}).items():
        sinks.append(as_tensor_variable(var))
        cots.append(as_tensor_variable(g))
    block = list(consider_constant or [])
    reachable = set(ancestors(sinks, blockers=set(block)))
    connected = [w for w in wrt_list if w in reachable]
    for w in connected + block:
        if w.owner is not None:
            w.tag.protected = True  # FAST_RUN rewrites must not fold it away
    results = {}
    if connected:
        node = Grad(len(sinks), len(connected), len(block)).make_node(
            *(sinks + cots + connected + block))
        for w, g in zip(connected, node.outputs):
            if add_names and cost is not None and cost.name and w.name:
                g.name = "(d%s/d%s)" % (cost.name, w.name)
            results[w] = g
    out = []
    for i, w in enumerate(wrt_list):
        if w in results:
            out.append(results[w])
            continue
        msg = ("grad method was asked to compute the gradient with respect to a variable "
               "that is not part of the computational graph of the cost, or is used only by "
               "a non-differentiable operator: %s" % (w,))
        if disconnected_inputs == "raise":
            raise DisconnectedInputError(msg)
        if disconnected_inputs == "warn":
            warnings.warn(msg, stacklevel=2)
        elif disconnected_inputs != "ignore":
            raise ValueError("disconnected_inputs must be 'raise', 'warn' or 'ignore', got %r"
                             % (disconnected_inputs,))
        if return_disconnected == "None":
            out.append(None)
        else:
            out.append(zeros_like(w, dtype=_grad_type(w).dtype))
    return out[0] if single else out
