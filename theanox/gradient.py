"""Symbolic differentiation: nodes whose lowering differentiates a subgraph with JAX.

``T.grad(cost, wrt)`` does not expand a backward graph as Theano did: it returns
the outputs of one ``Grad`` node.  Lowering evaluates the subgraph between ``wrt``
and the cost (the *region*) under ``jax.vjp``, so every op (scan, ifelse and conv
included) is differentiable, and gradients of gradients work by nesting: a Grad
node inside a region is evaluated (and differentiated) like any other node.

The same region machinery gives ``jacobian`` (vmap of a vjp), ``hessian``
(``jax.hessian``), ``Rop`` (``jax.jvp``) and ``Lop`` (a vjp with given cotangents).
``zero_grad`` / ``disconnected_grad`` / ``consider_constant`` are identities whose
lowering is ``lax.stop_gradient``; ``grad_clip`` / ``grad_scale`` are identities
with a custom vjp.  ``verify_grad`` checks a symbolic gradient numerically.
The ops and their lowering live in ``theanox.grad_ops``; this module builds them.
"""
import time
import warnings
from collections import OrderedDict

import numpy as np

from theanox import config, customop
from theanox.grad_ops import (  # noqa: F401
    ConsiderConstant,
    DisconnectedGrad,
    Grad,
    GradClip,
    GradientBlock,
    GradScale,
    Hessian,
    Jacobian,
    RopOp,
    UndefinedGrad,
    ZeroGrad,
    _grad_dtype,
    consider_constant_,
    depends_on,
    disconnected_grad_,
    theano_grad_dtypes,
    undefined_grad_,
    zero_grad_,
)
from theanox.graph import hooks
from theanox.graph.basic import Variable, io_toposort, with_test_values
from theanox.tensor.basic import as_tensor_variable, cast, constant, zeros, zeros_like
from theanox.tensor.kinks import theano_kink  # noqa: F401  (theanox.gradient.theano_kink)
from theanox.tensor.reduction import sum as tsum
from theanox.tensor.sharedvar import shared
from theanox.tensor.type import TensorType, discrete_dtypes

# ====================================================================== public API

grad_time = 0.0      # seconds spent building gradients in grad() (Theano's counter)


def grad(cost, wrt, consider_constant=None, disconnected_inputs="raise", add_names=True,
         known_grads=None, return_disconnected="zero", null_gradients="raise"):
    """Returns the gradient(s) of scalar ``cost`` with respect to ``wrt`` (a variable or list).

    ``wrt`` may hold inputs, shared variables or intermediate variables.  With
    ``cost=None``, ``known_grads`` ({variable: its gradient}) seeds the backward pass.
    The time spent is added to ``theanox.gradient.grad_time``, as Theano's.
    """
    global grad_time
    t0 = time.perf_counter()
    try:
        return _grad(cost, wrt, consider_constant, disconnected_inputs, add_names,
                     known_grads, return_disconnected, null_gradients)
    finally:
        grad_time += time.perf_counter() - t0


def _grad(cost, wrt, consider_constant=None, disconnected_inputs="raise", add_names=True,
          known_grads=None, return_disconnected="zero", null_gradients="raise"):
    """Returns the gradient(s) of scalar ``cost`` with respect to ``wrt`` (grad's work).

    ``wrt`` may hold inputs, shared variables or intermediate variables.  With
    ``cost=None``, ``known_grads`` ({variable: its gradient}) seeds the backward pass.
    """
    if cost is None and not known_grads:
        raise AssertionError("cost and known_grads can't both be None.")
    if cost is not None:
        cost = as_tensor_variable(cost)
        if cost.ndim != 0:
            raise TypeError("cost must be a scalar.")
    _check_choice("disconnected_inputs", disconnected_inputs, ("raise", "warn", "ignore"))
    _check_choice("return_disconnected", return_disconnected, ("zero", "None", "Disconnected"))
    _check_choice("null_gradients", null_gradients, ("raise", "return"))
    single = not isinstance(wrt, (list, tuple))
    wrt_list = [wrt] if single else list(wrt)
    for w in wrt_list:
        if not isinstance(w, Variable):
            raise TypeError("Expected Variable, got %r of type %s" % (w, type(w)))
    sinks, cots = [], []
    if cost is not None:
        sinks.append(cost)
        cots.append(constant(np.asarray(1.0, dtype=_grad_dtype(cost.dtype))))
    for var, g in (known_grads or {}).items():
        var, g = as_tensor_variable(var), as_tensor_variable(g)
        if g.ndim != var.ndim:
            raise ValueError("known_grads: the gradient given for %s has %d dimension(s), "
                             "but the variable has %d; give a gradient of the variable's "
                             "shape" % (var, g.ndim, var.ndim))
        sinks.append(var)
        cots.append(g)
    block = list(consider_constant or [])
    connected = _connected(sinks, wrt_list, block)
    results = {}
    why = _undefined_gradient(sinks, connected, block)
    if why is not None:
        if null_gradients == "raise":
            raise NullTypeGradError("tensor.grad encountered a NaN. %s" % why)
        # null_gradients='return': each variable whose gradient is undefined gets a
        # NullType variable saying why; the others are computed.
        for w in list(connected):
            why_w = _undefined_gradient(sinks, [w], block)
            if why_w is not None:
                results[w] = NullType(why_w)()
                connected.remove(w)
    for w in [w for w in connected if w.dtype in discrete_dtypes]:
        results[w] = cast(zeros_like(w), config.floatX)   # Theano: zero for integers
    connected = [w for w in connected if w.dtype not in discrete_dtypes]
    if connected:
        dtypes = theano_grad_dtypes(sinks, cots, connected, block)
        node = with_test_values(Grad(len(sinks), len(connected), len(block), dtypes).make_node(
            *(sinks + cots + connected + block)))
        node.tag.cost_seed = cost is not None   # grad_expand: Theano seeds ones_like(cost)
        for w, g in zip(connected, node.outputs):
            if add_names and cost is not None and cost.name and w.name:
                g.name = "(d%s/d%s)" % (cost.name, w.name)
            results[w] = g
    out = _assemble(wrt_list, results.get, disconnected_inputs, "grad", "the cost",
                    lambda w: _disconnected_value(w, return_disconnected))
    return out[0] if single else out


def jacobian(expression, wrt, consider_constant=None, disconnected_inputs="raise"):
    """Returns the Jacobian of vector ``expression`` wrt ``wrt``: shape ``(len(expression),) + wrt.shape``.

    Computed as a vmap of the vjp over the rows of the identity (one XLA program).
    """
    if not isinstance(expression, Variable):
        raise AssertionError("tensor.jacobian expects a Variable as `expression`")
    expression = as_tensor_variable(expression)
    if expression.ndim >= 2:
        raise AssertionError("tensor.jacobian expects a 1 dimensional variable as "
                             "`expression`. If not use flatten to make it a vector")
    kind, wrt_list = _as_list(wrt)
    if expression.ndim == 0:
        return _format(kind, grad(expression, wrt_list, consider_constant=consider_constant,
                                  disconnected_inputs=disconnected_inputs))
    block = list(consider_constant or [])
    connected = _connected([expression], wrt_list, block)
    results = {}
    if connected:
        node = with_test_values(Jacobian(len(connected), len(block)).make_node(
            expression, *(connected + block)))
        results = dict(zip(connected, node.outputs))
    out = _assemble(wrt_list, results.get, disconnected_inputs, "jacobian", "the expression",
                    lambda w: zeros([expression.shape[0]] + [w.shape[i] for i in range(w.ndim)],
                                    dtype=_grad_dtype(w.dtype)))
    return _format(kind, out)


def hessian(cost, wrt, consider_constant=None, disconnected_inputs="raise"):
    """Returns the Hessian matrix of scalar ``cost`` wrt each vector in ``wrt`` (jax.hessian)."""
    if not isinstance(cost, Variable):
        raise AssertionError("tensor.hessian expects a Variable as `cost`")
    cost = as_tensor_variable(cost)
    if cost.ndim != 0:
        raise AssertionError("tensor.hessian expects a 0 dimensional variable as `cost`")
    kind, wrt_list = _as_list(wrt)
    block = list(consider_constant or [])

    def hessian_of(w):
        if not isinstance(w, Variable) or w.ndim != 1:
            raise AssertionError("tensor.hessian expects a (list of) 1 dimensional "
                                 "variable as `wrt`")
        if _connected([cost], [w], block):
            return with_test_values(Hessian(len(block)).make_node(cost, w, *block)).outputs[0]
        return None

    out = _assemble(wrt_list, hessian_of, disconnected_inputs, "hessian", "the cost",
                    lambda w: zeros((w.shape[0], w.shape[0]), dtype=_grad_dtype(w.dtype)))
    return _format(kind, out)


def Rop(f, wrt, eval_points, disconnected_outputs="raise", return_disconnected="zero"):
    """Returns the R-operator J(f, wrt) . eval_points (a Jacobian-vector product, jax.jvp).

    ``f``, ``wrt`` and ``eval_points`` are variables or lists; the result has
    ``f``'s structure.
    """
    f_kind, fs = _as_list(f)
    _, wrt_list = _as_list(wrt)
    _, points = _as_list(eval_points)
    if len(wrt_list) != len(points):
        raise ValueError("`wrt` must be the same length as `eval_points`: got %d and %d "
                         "variables" % (len(wrt_list), len(points)))
    points = [as_tensor_variable(p) for p in points]
    for i, (w, p) in enumerate(zip(wrt_list, points)):
        if w.ndim != p.ndim:
            raise ValueError("Element %d of wrt/eval_point have mismatched dimensionality: "
                             "%d versus %d" % (i, w.ndim, p.ndim))
    fs = [as_tensor_variable(x) for x in fs]
    out = [None] * len(fs)
    live = [i for i, x in enumerate(fs) if _connected([x], wrt_list, [])]
    _check_user_rops([fs[i] for i in live], wrt_list)
    if live:
        node = with_test_values(RopOp(len(live), len(wrt_list)).make_node(
            *([fs[i] for i in live] + wrt_list + points)))
        for i, o in zip(live, node.outputs):
            out[i] = o
    computed = iter(out)        # one per f, in order (None where f is disconnected)
    out = _assemble(fs, lambda x: next(computed), disconnected_outputs, "Rop",
                    "variables in wrt",
                    lambda x: None if return_disconnected == "None" else
                    zeros_like(x, dtype=_grad_dtype(x.dtype)))
    return _format(f_kind, out)


def Lop(f, wrt, eval_points, consider_constant=None, disconnected_inputs="raise"):
    """Returns the L-operator eval_points . J(f, wrt) (a vector-Jacobian product, jax.vjp)."""
    _, fs = _as_list(f)
    _, points = _as_list(eval_points)
    if len(fs) != len(points):
        raise ValueError("`f` and `eval_points` must have the same length: got %d and %d "
                         "variables" % (len(fs), len(points)))
    kind, wrt_list = _as_list(wrt)
    gs = grad(None, wrt_list, consider_constant=consider_constant,
              disconnected_inputs=disconnected_inputs,
              known_grads=OrderedDict(zip(fs, points)))
    return _format(kind, gs)


def undefined_grad(x):
    """Returns ``x`` unchanged in value, whose gradient is undefined (grad raises
    NullTypeGradError, or returns a NullType variable with null_gradients='return')."""
    return undefined_grad_(as_tensor_variable(x))


def zero_grad(x):
    """Returns ``x`` unchanged in value, whose gradient is zero (lax.stop_gradient)."""
    return zero_grad_(as_tensor_variable(x))


def disconnected_grad(x):
    """Returns ``x`` unchanged in value, disconnected from any gradient computation."""
    return disconnected_grad_(as_tensor_variable(x))


def consider_constant(x):
    """Returns ``x`` unchanged in value, treated as a constant by grad (zero gradient)."""
    return consider_constant_(as_tensor_variable(x))


def grad_clip(x, lower_bound, upper_bound):
    """Returns ``x`` unchanged in value, whose incoming gradient is clipped to [lower, upper]."""
    if lower_bound > upper_bound:
        raise AssertionError("grad_clip: lower_bound (%r) must be <= upper_bound (%r)"
                             % (lower_bound, upper_bound))
    return GradClip(float(lower_bound), float(upper_bound))(as_tensor_variable(x))


def grad_scale(x, multiplier):
    """Returns ``x`` unchanged in value, whose incoming gradient is multiplied by ``multiplier``."""
    return GradScale(float(multiplier))(as_tensor_variable(x))


def verify_grad(fun, pt, n_tests=2, rng=None, eps=None, out_type=None, abs_tol=None,
                rel_tol=None, mode=None, cast_to_output_type=False, no_debug_ref=True):
    """Checks the symbolic gradient of ``fun`` at ``pt`` against finite differences.

    As Theano's: the output is projected on a random tensor (cost = sum(r * fun(*pt))),
    the gradient of that cost is compared with central differences, and
    ``GradientError`` is raised when both the absolute and relative errors exceed
    their tolerances.
    """
    function = hooks.compile_function       # theanox.function, from the compile layer
    if not isinstance(pt, (list, tuple)):
        raise TypeError("verify_grad: pt should be a list or tuple of NumPy arrays, got %r"
                        % (type(pt).__name__,))
    pt = [np.array(p) for p in pt]
    for i, p in enumerate(pt):
        if p.dtype.kind not in "fc":
            raise TypeError('verify_grad can work only with floating point inputs, but '
                            'input %i has dtype "%s".' % (i, p.dtype))
    tol = {"float16": 5e-2, "float32": 1e-2, "float64": 1e-4}
    abs_tol = max(tol.get(str(p.dtype), 1e-4) for p in pt) if abs_tol is None else abs_tol
    rel_tol = max(tol.get(str(p.dtype), 1e-4) for p in pt) if rel_tol is None else rel_tol
    if rng is None:
        raise TypeError("rng should be a valid instance of numpy.random.RandomState. You may "
                        "want to use theano.tests.unittest_tools.verify_grad instead of "
                        "theano.gradient.verify_grad.")
    tensor_pt = [TensorType(p.dtype, tuple(s == 1 for s in p.shape))("input %i" % i)
                 for i, p in enumerate(pt)]
    o_output = fun(*tensor_pt)
    if isinstance(o_output, (list, tuple)):
        raise TypeError("It seems like you are trying to use verify_grad on an op or a "
                        "function which outputs a list: there should be a single (array-like) "
                        "output instead")
    o_output = as_tensor_variable(o_output)
    o_fn_out = function(tensor_pt, o_output, mode=mode, on_unused_input="ignore")(
        *[p.copy() for p in pt])

    def random_projection():
        plain = rng.rand(*np.shape(o_fn_out)) + 0.5
        if cast_to_output_type and o_output.dtype == "float32":
            return np.asarray(plain, "float32")
        return np.asarray(plain, o_output.dtype if o_output.dtype in ("float32", "float64")
                          else "float64")

    t_r = shared(random_projection(), name="random_projection")
    cost = tsum(t_r * o_output)
    cost_fn = function(tensor_pt, cost, mode=mode, on_unused_input="ignore")
    symbolic_grad = grad(cost, tensor_pt, disconnected_inputs="ignore")
    grad_fn = function(tensor_pt, symbolic_grad, mode=mode, on_unused_input="ignore")
    for _ in range(n_tests):
        num_grad = numeric_grad(cost_fn, [p.copy() for p in pt], eps, out_type)
        analytic = [np.asarray(g) for g in grad_fn(*[p.copy() for p in pt])]
        arg, pos, abs_err, rel_err = num_grad.max_err(analytic, abs_tol, rel_tol)
        if abs_err > abs_tol and rel_err > rel_tol:
            err = GradientError(arg, pos, analytic[arg].shape,
                                analytic[arg].ravel()[pos], num_grad.gf[arg].ravel()[pos],
                                abs_err, rel_err, abs_tol, rel_tol)
            err.args = ("\nThe error happened with the following inputs:", pt,
                        "\nThe value of eps is:", eps, "\nThe out_type is:", out_type)
            raise err
        t_r.set_value(random_projection())


class numeric_grad:
    """Returns (as ``.gf``) the central-difference gradient of scalar ``f`` at ``pt``."""

    type_eps = {"float64": 1e-7, "float32": 3e-4, "float16": 1e-1,
                "complex128": 1e-7, "complex64": 3e-4}

    def __init__(self, f, pt, eps=None, out_type=None):
        single = not isinstance(pt, (list, tuple))
        pt = [np.array(p) for p in ([pt] if single else pt)]
        if eps is None:
            eps = max(self.type_eps.get(str(p.dtype), 1e-7) for p in pt)
        self.eps = eps
        self.gf = []
        for i, p in enumerate(pt):
            g = np.zeros(p.shape, dtype="float64")
            flat = g.reshape(-1)
            for j in range(p.size):
                args = [q.copy() for q in pt]
                args[i].reshape(-1)[j] += eps
                f_plus = float(np.asarray(f(*args)))
                args[i].reshape(-1)[j] -= 2 * eps
                f_minus = float(np.asarray(f(*args)))
                flat[j] = (f_plus - f_minus) / (2 * eps)
            self.gf.append(g.astype(p.dtype) if p.dtype.kind == "f" else g)
        if single:
            self.gf = self.gf[0]

    @staticmethod
    def abs_rel_err(a, b):
        """Returns (|a - b|, |a - b| / max(|a| + |b|, 1e-8))."""
        abs_err = np.abs(a - b)
        return abs_err, abs_err / np.maximum(np.abs(a) + np.abs(b), 1e-8)

    def abs_rel_errors(self, g_pt):
        """Returns one (abs_err, rel_err) pair of arrays per argument."""
        gf = self.gf if isinstance(self.gf, list) else [self.gf]
        g_pt = g_pt if isinstance(g_pt, (list, tuple)) else [g_pt]
        if len(g_pt) != len(gf):
            raise ValueError("argument has wrong number of elements: %d, expected %d"
                             % (len(g_pt), len(gf)))
        out = []
        for i, (a, b) in enumerate(zip(gf, g_pt)):
            if np.shape(a) != np.shape(b):
                raise ValueError("argument element %i has wrong shape %s, expected %s"
                                 % (i, np.shape(b), np.shape(a)))
            out.append(self.abs_rel_err(np.asarray(a, "float64"), np.asarray(b, "float64")))
        return out

    def max_err(self, g_pt, abs_tol, rel_tol):
        """Returns (argument, flat position, abs error, rel error) of the worst mismatch."""
        pos, errs, abs_errs, rel_errs = [], [], [], []
        for abs_err, rel_err in self.abs_rel_errors(g_pt):
            if not np.all(np.isfinite(abs_err)):
                raise ValueError("abs_err not finite", repr(abs_err))
            if not np.all(np.isfinite(rel_err)):
                raise ValueError("rel_err not finite", repr(rel_err))
            scaled = np.minimum(abs_err / abs_tol, rel_err / rel_tol).ravel()
            i = int(scaled.argmax()) if scaled.size else 0
            pos.append(i)
            errs.append(scaled[i] if scaled.size else 0.0)
            abs_errs.append(abs_err.ravel()[i] if scaled.size else 0.0)
            rel_errs.append(rel_err.ravel()[i] if scaled.size else 0.0)
        arg = int(np.argmax(errs))
        return arg, pos[arg], abs_errs[arg], rel_errs[arg]


# ====================================================================== errors and types

class DisconnectedInputError(ValueError):
    """Raised when grad() is asked for a variable the cost does not depend on."""


class NullTypeGradError(TypeError):
    """Raised when a gradient is undefined (grad_undefined / grad_not_implemented)."""


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
                                        self.rel_tol, ", ".join(str(a) for a in self.args)))


verify_grad.E_grad = GradientError


class DisconnectedType:
    """Returns the type of a gradient that does not exist (return_disconnected='Disconnected')."""

    def __call__(self, name=None):
        return Variable(self, name=name)

    def __eq__(self, other):
        return type(other) is type(self)

    def __hash__(self):
        return hash(DisconnectedType)

    def __str__(self):
        return "DisconnectedType"


class NullType:
    """Returns the Type of an undefined gradient (what ``grad_undefined`` gives a custom op)."""

    def __init__(self, why_null="(no explanation given)"):
        self.why_null = why_null

    def __call__(self, name=None):
        return Variable(self, name=name)

    def __eq__(self, other):
        return type(self) is type(other)

    def __hash__(self):
        return hash(type(self))

    def __str__(self):
        return "NullType"


disconnected_type = DisconnectedType()


def mode_not_slow(mode):
    """Returns ``mode``, or FAST_RUN (with its optimizer) for FAST_COMPILE and DebugMode."""
    return hooks.mode_not_slow(mode)


def format_as(use_list, use_tuple, outputs):
    """Returns ``outputs`` as a list (use_list), a tuple (use_tuple), or its single element."""
    if use_list and use_tuple:
        raise ValueError("format_as: use_list and use_tuple cannot both be true")
    if use_list or use_tuple:
        if not isinstance(outputs, (list, tuple)):
            outputs = [outputs]
        return list(outputs) if use_list else tuple(outputs)
    if isinstance(outputs, (list, tuple)):
        if len(outputs) != 1:
            raise ValueError("format_as: expected one output, got %d" % len(outputs))
        return outputs[0]
    return outputs


def subgraph_grad(wrt, end, start=None, cost=None, details=False):
    """Returns (gradients wrt ``wrt``, gradients wrt ``end``) of one stage of a chained
    backward pass: ``start`` ({variable: its known gradient}) and/or ``cost`` seed it and
    ``end`` variables are held constant, so their gradients can seed the next stage.
    With ``details=True`` also the start-seeded and cost-seeded gradients."""
    if not isinstance(wrt, list) or not isinstance(end, list):
        raise TypeError("subgraph_grad: wrt and end must be lists of variables")
    if cost is None and start is None:
        raise ValueError("subgraph_grad: give a cost, a start dict of known gradients, or both")
    if start is not None and not isinstance(start, dict):
        raise TypeError("subgraph_grad: start must be a dict {variable: gradient}")
    params = list(wrt) + [e for e in end if e not in wrt]
    start_grads = cost_grads = None
    if start:
        start_grads = grad(None, params, known_grads=OrderedDict(start), consider_constant=end,
                           disconnected_inputs="ignore")
    if cost is not None:
        cost_grads = grad(cost, params, consider_constant=end, disconnected_inputs="ignore")
    if start_grads is None:
        grads = cost_grads
    elif cost_grads is None:
        grads = start_grads
    else:
        grads = [a + b for a, b in zip(start_grads, cost_grads)]
    by_param = dict(zip(params, grads))
    wrt_grads = [by_param[w] for w in wrt]
    end_grads = [by_param[e] for e in end]
    if details:
        return wrt_grads, end_grads, start_grads, cost_grads
    return wrt_grads, end_grads


def grad_undefined(op, x_pos, x, comment=""):
    """Returns a NullType variable: the gradient of ``op`` wrt input ``x_pos`` is undefined."""
    return NullType("This variable is Null because the grad method for input %s (%s) of "
                    "the %s op is mathematically undefined. %s" % (x_pos, x, op, comment))()


def grad_not_implemented(op, x_pos, x, comment=""):
    """Returns a NullType variable: the gradient of ``op`` wrt input ``x_pos`` is not implemented."""
    return NullType("This variable is Null because the grad method for input %s (%s) of "
                    "the %s op is not implemented. %s" % (x_pos, x, op, comment))()


def _undefined_gradient(sinks, wrt, block):
    """Returns why the gradient of ``sinks`` wrt ``wrt`` is undefined, or None.

    Undefined: the path from ``wrt`` goes through ``undefined_grad`` or through a
    user op without a usable gradient.
    """
    if not wrt:
        return None
    dep = depends_on(sinks, wrt, block)
    for node in io_toposort(list(set(wrt) | set(block)), sinks):
        if not any(i in dep for i in node.inputs):
            continue
        if isinstance(node.op, GradientBlock) and node.op.kind == "UndefinedGrad":
            return ("This variable is Null because the grad method for input 0 (%s) of the "
                    "UndefinedGrad op is mathematically undefined. The cost depends on %s "
                    "through theano.gradient.undefined_grad; remove it, or pass "
                    "null_gradients='return' to get NullType variables."
                    % (node.inputs[0], ", ".join(str(w) for w in wrt)))
        if not customop.is_custom(node.op):
            continue
        if customop.undifferentiable(node.op):
            return ("%s has no gradient: it computes with perform (NumPy), which JAX cannot "
                    "differentiate, and defines neither grad(inputs, output_grads) nor "
                    "L_op(inputs, outputs, output_grads). Define one of them, or keep the op "
                    "out of the cost's dependence on %s (consider_constant / "
                    "disconnected_grad)." % (node.op, ", ".join(str(w) for w in wrt)))
        if customop.has_grad_method(node.op):
            bad = customop.undefined_gradient(node, dep)
            if bad is not None:
                return ("%s.grad returned an undefined gradient (NullType) for input %d (%s), "
                        "which the cost depends on through the variables it is "
                        "differentiated with respect to" % (node.op, node.inputs.index(bad),
                                                            bad))
    return None


def _check_user_rops(fs, wrt):
    """Raises Theano's NotImplementedError when a perform-only user op on the path from
    ``wrt`` to ``fs`` has no R_op (T.Rop is a jvp, which a host callback cannot do)."""
    dep = depends_on(fs, wrt)
    for node in io_toposort(list(wrt), fs):
        if any(i in dep for i in node.inputs) and customop.is_custom(node.op):
            customop.check_rop(node.op)


def _connected(sinks, wrt_list, block):
    """Returns the members of ``wrt_list`` that ``sinks`` depend on differentiably.

    Paths through ``disconnected_grad`` and through blockers do not count.
    """
    reachable, stack, block = set(), list(sinks), set(block)
    while stack:
        v = stack.pop()
        if v in reachable:
            continue
        reachable.add(v)
        if v.owner is None or v in block:
            continue
        if isinstance(v.owner.op, GradientBlock) and v.owner.op.kind == "DisconnectedGrad":
            continue
        stack.extend(v.owner.inputs)
    connected = [w for w in wrt_list if w in reachable]
    for w in connected + list(block):
        if w.owner is not None:
            w.tag.protected = True  # FAST_RUN rewrites must not fold it away
    return connected


def _assemble(wrt_list, result, policy, who, what, missing):
    """Returns [result(w) for w in wrt_list], ``missing(w)`` where ``result`` gives None.

    A None result means ``w`` is disconnected from the cost (or expression), which
    ``policy`` (Theano's disconnected_inputs) makes an error, a warning or nothing;
    ``who`` and ``what`` name the function and the graph in the message.
    """
    out = []
    for w in wrt_list:
        r = result(w)
        if r is None:
            msg = ("%s method was asked to compute the gradient with respect to a variable "
                   "that is not part of the computational graph of %s, or is used only by "
                   "a non-differentiable operator: %s" % (who, what, w))
            if policy == "raise":
                raise DisconnectedInputError(msg)
            if policy == "warn":
                warnings.warn(msg, stacklevel=3)     # the caller of grad(), jacobian(), ...
            r = missing(w)
        out.append(r)
    return out


def _disconnected_value(w, return_disconnected):
    if return_disconnected == "None":
        return None
    if return_disconnected == "Disconnected":
        return DisconnectedType()()
    return zeros_like(w, dtype=_grad_dtype(w.dtype))


def _check_choice(name, value, allowed):
    if value not in allowed:
        raise ValueError("%s must be one of %s, got %r" % (name, ", ".join(map(repr, allowed)),
                                                           value))


def _as_list(x):
    if isinstance(x, tuple):
        return tuple, list(x)
    if isinstance(x, list):
        return list, list(x)
    return None, [x]


def _format(kind, values):
    if kind is None:
        return values[0]
    return kind(values)


__all__ = ["grad", "jacobian", "hessian", "Rop", "Lop", "zero_grad", "disconnected_grad",
           "consider_constant", "grad_clip", "grad_scale", "verify_grad", "numeric_grad",
           "DisconnectedInputError", "NullTypeGradError", "NullType", "grad_undefined",
           "grad_not_implemented", "GradientError", "DisconnectedType",
           "Grad", "Jacobian", "Hessian", "RopOp", "GradientBlock", "GradClip", "GradScale",
           "theano_kink"]
