"""Graph rewrites run by FAST_RUN: merging, and Theano's numerical stabilisations.

Legacy code relies on these silently: the seed's logistic regression writes
``log(1 / (1 + exp(-z)))``, which is NaN in float64 without them.  Each rule is a
small function on one Apply node returning replacement outputs or None.
"""
import threading

import numpy as np

from theanox.graph.basic import Constant
from theanox.graph.fg import rewrite_outputs
from theanox.tensor import basic as B
from theanox.tensor.elemwise import DimShuffle, Elemwise
from theanox.tensor.fusion import fuse_elemwise
from theanox.tensor.nnet import nnet as N
from theanox.tensor.reduction import Reduce


class RuleSet:
    """Returns the rules FAST_RUN applies, in the order they are tried.

    The rules below register themselves with ``@register`` when this module is
    imported; a rule added later (``register``, from any thread) applies to the
    functions compiled after it.
    """

    def __init__(self):
        self._rules = ()
        self._lock = threading.Lock()

    def register(self, fn):
        """Returns ``fn`` after adding it to the rules."""
        with self._lock:
            self._rules = self._rules + (fn,)
        return fn

    def __iter__(self):
        return iter(self._rules)

    def __len__(self):
        return len(self._rules)


RULES = RuleSet()
register = RULES.register
# Users' rewrites tagged 'fast_compile' (tensor/user_rewrites.py): FAST_COMPILE runs them.
FAST_COMPILE_RULES = RuleSet()


def rewrite(outputs, level="fast_run", keep=None):
    """Returns ``outputs`` rewritten: merged always, stabilised at 'fast_run'.

    ``keep(name)`` (from ``Mode.including/excluding/requiring``) decides, when given,
    which rules run by name (a rule's function name, or ``'fusion'``) instead of level.
    """
    if keep is None:
        rules = [r for r in (RULES if level == "fast_run" else FAST_COMPILE_RULES)
                 if getattr(r, "default_on", True)]     # a user's rule may be opt-in
        fuse = level == "fast_run"
    else:
        rules = [r for r in RULES if keep(r.__name__)]
        fuse = keep("fusion")
    outputs = rewrite_outputs(outputs, rules, merge=True)
    if fuse:
        # after the stabilisations, so fusion never hides a log(sigmoid) pattern
        outputs = fuse_elemwise(outputs)
    return outputs


# ----------------------------------------------------------------- matching

def op_name(v):
    """Returns the scalar op name of an Elemwise output, else None."""
    if v.owner is not None and isinstance(v.owner.op, Elemwise) \
            and not getattr(v.tag, "protected", False):
        return v.owner.op.scalar_op.name
    return None


def const_value(v):
    """Returns the unique value of a constant (through broadcasting DimShuffles) or None."""
    while v.owner is not None and isinstance(v.owner.op, DimShuffle):
        v = v.owner.inputs[0]
    if isinstance(v, Constant):
        data = np.asarray(v.data)
        if data.size and (data == data.ravel()[0]).all():
            return data.ravel()[0]
    return None


def is_const(v, value):
    c = const_value(v)
    return c is not None and c == value


def _same_type_as(new, old):
    """Returns ``new`` cast and broadcast-patterned like ``old`` (rewrites keep types)."""
    if new.dtype != old.dtype:
        new = B.cast(new, old.dtype)
    if new.broadcastable != old.broadcastable and new.ndim == old.ndim:
        new = B.patternbroadcast(new, old.broadcastable)
    return new


# ------------------------------------------------------------------ rules

@register
def sigmoid_from_exp(node):
    """1 / (1 + exp(a)) -> sigmoid(-a)."""
    out = node.outputs[0]
    if op_name(out) != "true_div" or not is_const(node.inputs[0], 1):
        return None
    b = _one_plus(node.inputs[1])
    if b is None or op_name(b) != "exp":
        return None
    return [_same_type_as(B.sigmoid(_negate(b.owner.inputs[0])), out)]


def _one_plus(v):
    """Returns x when ``v`` is 1 + x (or x + 1), else None."""
    if op_name(v) != "add" or len(v.owner.inputs) != 2:
        return None
    a, b = v.owner.inputs
    if is_const(b, 1):
        a, b = b, a
    return b if is_const(a, 1) else None


def _negate(v):
    if op_name(v) == "neg":
        return v.owner.inputs[0]
    return B.neg(v)


@register
def one_minus_sigmoid(node):
    """1 - sigmoid(x) -> sigmoid(-x)."""
    out = node.outputs[0]
    if op_name(out) != "sub" or not is_const(node.inputs[0], 1):
        return None
    s = node.inputs[1]
    if op_name(s) not in ("sigmoid", "scalar_sigmoid"):
        return None
    return [_same_type_as(B.sigmoid(_negate(s.owner.inputs[0])), out)]


@register
def log_sigmoid(node):
    """log(sigmoid(x)) -> -softplus(-x)."""
    out = node.outputs[0]
    if op_name(out) != "log":
        return None
    s = node.inputs[0]
    if op_name(s) not in ("sigmoid", "scalar_sigmoid"):
        return None
    return [_same_type_as(B.neg(B.softplus(_negate(s.owner.inputs[0]))), out)]


@register
def log1p_from_log(node):
    """log(1 + x) -> log1p(x)."""
    out = node.outputs[0]
    if op_name(out) != "log":
        return None
    b = _one_plus(node.inputs[0])
    if b is None:
        return None
    return [_same_type_as(B.log1p(b), out)]


@register
def expm1_from_exp(node):
    """exp(x) - 1 -> expm1(x)."""
    out = node.outputs[0]
    if op_name(out) != "sub" or not is_const(node.inputs[1], 1):
        return None
    e = node.inputs[0]
    if op_name(e) != "exp":
        return None
    return [_same_type_as(B.expm1(e.owner.inputs[0]), out)]


@register
def double_neg(node):
    """-(-x) -> x."""
    out = node.outputs[0]
    if op_name(out) == "neg" and op_name(node.inputs[0]) == "neg":
        inner = node.inputs[0].owner.inputs[0]
        if inner.type == out.type:
            return [inner]
    return None


# ------------------------------------------------ softmax stabilisation (nnet)

def _softmax_input(v):
    """Returns x when ``v`` is Softmax(x) (or SoftmaxWithBias(x, b) as x + b), else None."""
    if v.owner is None:
        return None
    if isinstance(v.owner.op, N.Softmax):
        return v.owner.inputs[0]
    if isinstance(v.owner.op, N.SoftmaxWithBias):
        x, b = v.owner.inputs
        return x + b.dimshuffle("x", 0)
    return None


@register
def softmax_from_exp(node):
    """exp(x) / sum(exp(x), axis=1).dimshuffle(0, 'x') -> Softmax(x) (the seed's hand softmax)."""
    out = node.outputs[0]
    if op_name(out) != "true_div" or out.ndim != 2:
        return None
    num, den = node.inputs
    if op_name(num) != "exp" or den.owner is None or not isinstance(den.owner.op, DimShuffle):
        return None
    if den.owner.op.new_order != (0, "x"):
        return None
    s = den.owner.inputs[0]
    if s.owner is None or not isinstance(s.owner.op, Reduce) or s.owner.op.kind != "sum" \
            or s.owner.op.axis != (1,) or s.owner.inputs[0] is not num:
        return None
    return [_same_type_as(N.softmax_op(num.owner.inputs[0]), out)]


@register
def log_softmax(node):
    """log(Softmax(x)) -> LogSoftmax(x): finite for any logits."""
    out = node.outputs[0]
    if op_name(out) != "log":
        return None
    x = _softmax_input(node.inputs[0])
    if x is None or x.ndim != 2:
        return None
    return [_same_type_as(N.logsoftmax_op(x), out)]


@register
def crossentropy_of_softmax(node):
    """CrossentropyCategorical1Hot(Softmax(x), y) -> the log-softmax form (never inf/NaN)."""
    if not isinstance(node.op, N.CrossentropyCategorical1Hot):
        return None
    x = _softmax_input(node.inputs[0])
    if x is None:
        return None
    return [_same_type_as(N.CrossentropyLogSoftmax1Hot()(x, node.inputs[1]), node.outputs[0])]
