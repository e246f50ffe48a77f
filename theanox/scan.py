"""``scan``: Theano's symbolic loop, lowered to ``jax.lax.scan`` / ``lax.while_loop``.

``scan(fn, sequences, outputs_info, non_sequences, n_steps, ...)`` calls ``fn`` once
on placeholder variables (one step) to build the *inner graph*, then returns the
outputs of one ``Scan`` node.  The inner graph is closed: every variable it reads
from outside (non_sequences, shared variables, anything ``fn`` closed over) becomes
an input of the node and is bound to a placeholder, so outer rewrites and givens
never reach inside.  Shared variables that ``fn`` updates, and random-stream keys
(shared variables with a ``default_update``), are carried through the loop and
their final values returned in the updates dictionary.

The number of steps must be known while tracing: a constant, the sequences'
lengths (static shapes), or a symbolic ``n_steps`` listed in ``static_inputs``
(computed on the host before dispatch).  With ``until``, the loop is a
``lax.while_loop`` into buffers of ``n_steps`` rows; the number of steps actually
run is an extra output that ``Trim`` needs on the host, so the program stages
(``theanox.compile.staging``): a first stage runs the while loop once and returns
the count with the filled buffers, which the main stage takes as arguments.  Only
a gradient through the loop runs it again, as a ``lax.scan`` of exactly that many
steps (a while loop cannot be reverse-differentiated).

``truncate_gradient=k``: as Theano, gradients flow only through the last ``k``
steps (the first steps run under ``stop_gradient``).
"""
from collections import OrderedDict

import numpy as np

from theanox import config
from theanox.graph import testvalue
from theanox.graph.basic import Constant, Variable, clone_replace, graph_inputs, with_test_values
from theanox.graph.fg import MissingInputError
from theanox.scan_module.scan_op import Scan, ScanSpec, Trim
from theanox.tensor.basic import as_tensor_variable, cast, get_scalar_constant_value, patternbroadcast
from theanox.tensor.sharedvar import SharedVariable
from theanox.tensor.type import TensorType, discrete_dtypes
from theanox.updates import OrderedUpdates

# ====================================================================== public API

class until:
    """Returns a stop condition for ``fn`` to return: the loop ends after a step where it holds."""

    def __init__(self, condition):
        self.condition = as_tensor_variable(condition)
        if self.condition.ndim != 0:
            raise TypeError("until: the condition must be a scalar, got %s with %d "
                            "dimension(s); reduce it (e.g. T.any(...))"
                            % (self.condition.type, self.condition.ndim))


def scan(fn, sequences=None, outputs_info=None, non_sequences=None, n_steps=None,
         truncate_gradient=-1, go_backwards=False, mode=None, name=None, profile=False,
         allow_gc=None, strict=False, return_list=False):
    """Returns ``(outputs, updates)``: the stacked per-step outputs of ``fn`` and an OrderedDict.

    At step t, ``fn`` receives the sequence slices (per tap), the previous outputs
    (per tap) and the non_sequences, in that order.  ``outputs`` is one variable, a
    list (several outputs, or ``return_list``), or None (no outputs).
    """
    seqs = [_seq_entry(s) for s in _wrap(sequences)]
    infos = None if outputs_info is None else [_out_entry(o, i)
                                              for i, o in enumerate(_wrap(outputs_info))]
    non_seqs = [x if isinstance(x, Variable) else as_tensor_variable(x)
                for x in _wrap(non_sequences)]
    n_steps_var = _n_steps_var(n_steps, seqs)

    seq_phs = [[_seq_placeholder(s, k) for k in taps] for s, taps in seqs]
    out_phs = [[_out_placeholder(info, k) for k in info[1]] if info else []
               for info in (infos or [])]
    if config.compute_test_value != "off":
        _placeholder_test_values(seqs, seq_phs, infos or [], out_phs)
    args = [p for ps in seq_phs for p in ps] + [p for ps in out_phs for p in ps] + non_seqs
    condition, outputs, updates = get_updates_and_outputs(fn(*args))
    outputs = [as_tensor_variable(o) for o in outputs]
    if infos is None:
        infos = [None] * len(outputs)
        out_phs = [[] for _ in outputs]
    if len(outputs) != len(infos):
        raise ValueError(
            "scan: fn returned %d output(s) but outputs_info has %d entr%s. Give one "
            "outputs_info entry per output of fn (None for an output that is not fed back, "
            "as in a map)." % (len(outputs), len(infos), "y" if len(infos) == 1 else "ies"))
    _check_outputs(outputs, infos, sum(len(t) for _, t in seqs))
    updates = _check_updates(updates)
    carried, upd_exprs = _carried_shared(outputs, updates, condition)
    placeholders = [p for ps in seq_phs for p in ps] + [p for ps in out_phs for p in ps]
    frees = _free_variables(outputs + upd_exprs + ([condition] if condition is not None
                                                   else []), placeholders, carried)
    if profile:
        raise ValueError("scan(profile=%r) is not supported: the scan body is part of the "
                         "function's one XLA program; profile the whole function with "
                         "theano.function(..., profile=True)" % (profile,))
    if strict:
        for v in frees:
            if v not in non_seqs:
                raise MissingInputError("ScanOp is missing an input: %s" % (v,))

    # Close the inner graph: outer variables are replaced by placeholders.
    carried_phs = [s.type() for s in carried]
    free_phs = [v.type() for v in frees]
    for ph, v in zip(carried_phs + free_phs, carried + frees):
        ph.name = v.name
    inner = outputs + upd_exprs + ([condition] if condition is not None else [])
    inner = clone_replace(inner, list(zip(carried + frees, carried_phs + free_phs)))
    spec = ScanSpec(
        seq_taps=[list(t) for _, t in seqs],
        out_taps=[list(i[1]) if i else None for i in infos],
        n_carried=len(carried), n_free=len(frees), as_while=condition is not None,
        has_n_steps=n_steps_var is not None, go_backwards=bool(go_backwards),
        truncate_gradient=int(truncate_gradient), name=name or "scan_fn")
    op = Scan(spec, inner_inputs=placeholders + carried_phs + free_phs, inner_outputs=inner)
    node_inputs = ([n_steps_var] if n_steps_var is not None else []) + [s for s, _ in seqs] \
        + [i[0] for i in infos if i] + carried + frees
    node = with_test_values(op.make_node(*node_inputs))
    n_out = len(outputs)
    results = node.outputs[:n_out]
    if spec.as_while:
        n_run = node.outputs[-1]
        results = [Trim()(r, n_run) for r in results]
    update_map = OrderedUpdates()
    for s, final in zip(carried, node.outputs[n_out:n_out + len(carried)]):
        update_map[s] = final
    if return_list:
        return list(results), update_map
    if len(results) == 1:
        return results[0], update_map
    if not results:
        return None, update_map
    return list(results), update_map


def map(fn, sequences, non_sequences=None, truncate_gradient=-1, go_backwards=False,
        mode=None, name=None):
    """Returns ``(outputs, updates)`` of ``fn`` applied to each element of ``sequences``."""
    return scan(fn, sequences=sequences, outputs_info=None, non_sequences=non_sequences,
                truncate_gradient=truncate_gradient, go_backwards=go_backwards, mode=mode,
                name=name)


def reduce(fn, sequences, outputs_info, non_sequences=None, go_backwards=False, mode=None,
           name=None):
    """Returns ``(last outputs, updates)``: the final values of a scan over ``sequences``."""
    outs, upd = scan(fn, sequences=sequences, outputs_info=outputs_info,
                     non_sequences=non_sequences, go_backwards=go_backwards, mode=mode,
                     name=name)
    if isinstance(outs, (list, tuple)):
        return [o[-1] for o in outs], upd
    return outs[-1], upd


def foldl(fn, sequences, outputs_info, non_sequences=None, mode=None, name=None):
    """Returns ``(result, updates)`` of folding ``fn`` over ``sequences`` from the left."""
    return reduce(fn, sequences, outputs_info, non_sequences, go_backwards=False, mode=mode,
                  name=name)


def foldr(fn, sequences, outputs_info, non_sequences=None, mode=None, name=None):
    """Returns ``(result, updates)`` of folding ``fn`` over ``sequences`` from the right."""
    return reduce(fn, sequences, outputs_info, non_sequences, go_backwards=True, mode=mode,
                  name=name)


def get_updates_and_outputs(ls):
    """Returns ``(condition or None, outputs list, updates OrderedDict)`` parsed from fn's return.

    ``fn`` may return outputs, an updates dict (or list of pairs) and an ``until``,
    alone or together in any order.
    """
    if not _allowed(ls):
        raise ValueError(
            "The return value of your scan lambda expression may only be made of lists, "
            "tuples, or dictionaries containing Theano variables (or "
            "`theano.scan_module.until` objects for conditions). In particular if you need "
            "to use constant values, you can use `tensor.constant` to turn them into Theano "
            "variables.")
    if _is_outputs(ls):
        return None, list(ls) if isinstance(ls, (list, tuple)) else [ls], OrderedDict()
    if _is_updates(ls):
        return None, [], OrderedDict(ls)
    if isinstance(ls, until):
        return ls.condition, [], OrderedDict()
    error = "Scan cannot parse the return value of your lambda expression, which is: %s" % (ls,)
    if not isinstance(ls, (list, tuple)) or len(ls) > 3:
        raise ValueError(error)
    cond, outs, upds = None, None, None
    for part in ls:
        if isinstance(part, until) and cond is None:
            cond = part.condition
        elif _is_outputs(part) and outs is None:
            outs = list(part) if isinstance(part, (list, tuple)) else [part]
        elif _is_updates(part) and upds is None:
            upds = OrderedDict(part)
        else:
            raise ValueError(error)
    return cond, outs or [], upds or OrderedDict()


# ====================================================================== private rules

def _wrap(x):
    if x is None:
        return []
    if isinstance(x, (list, tuple)):
        return list(x)
    return [x]


def _seq_entry(s):
    if isinstance(s, dict):
        if "input" not in s:
            raise ValueError("scan: a sequence given as a dict needs an 'input' key, got "
                             "keys %s" % sorted(s))
        taps = s.get("taps", None)
        taps = [0] if taps is None else ([taps] if np.isscalar(taps) else list(taps))
        var = as_tensor_variable(s["input"])
    else:
        var, taps = as_tensor_variable(s), [0]
    if var.ndim == 0:
        raise ValueError("scan: the sequence %s is a scalar; scan iterates over the first "
                         "dimension of its sequences, so give a tensor with at least one "
                         "dimension (or pass it as a non_sequence)" % (var,))
    return var, [int(t) for t in taps]


def _out_entry(o, i):
    if o is None:
        return None
    if isinstance(o, dict):
        if o.get("return_steps", None) is not None:
            raise ValueError("Using `return_steps` has been deprecated. Simply select the "
                             "entries you need using a subtensor. Scan will optimize memory "
                             "consumption, so do not worry about that.")
        init, taps = o.get("initial", None), o.get("taps", None)
        if init is None:
            if taps is not None:
                raise ValueError("If you are using slices of an output you need to provide "
                                 "a initial state for it", o)
            return None
        taps = [-1] if taps is None else ([taps] if np.isscalar(taps) else list(taps))
        if len(taps) > len(set(taps)):
            raise ValueError("All the taps must be different in  `outputs_info`", o)
        if any(t >= 0 for t in taps):
            raise ValueError("All the tap values must be smaller than 0.", o)
    else:
        init, taps = o, [-1]
    init = as_tensor_variable(init)
    if taps != [-1] and init.ndim == 0:
        raise ValueError("scan: outputs_info[%d] uses taps %s, so its initial state needs a "
                         "leading dimension of length %d holding those past values; got the "
                         "scalar %s" % (i, taps, -min(taps), init))
    return init, [int(t) for t in taps]


def _n_steps_var(n_steps, seqs):
    if n_steps is None or (isinstance(n_steps, float) and not np.isfinite(n_steps)):
        if not seqs:
            raise ValueError("No information about the number of steps provided. Either "
                             "provide a value for n_steps argument of scan or provide an "
                             "input sequence")
        return None
    var = as_tensor_variable(n_steps)
    try:
        fixed = int(get_scalar_constant_value(var))
    except Exception:
        fixed = None
    if fixed in (1, -1):             # Theano runs exactly one step for these constants
        return as_tensor_variable(np.int64(1))
    if var.ndim != 0:
        raise TypeError("scan: n_steps must be a scalar, got %s" % (var.type,))
    if var.dtype not in discrete_dtypes:
        var = cast(var, "int64")
    return var


def _placeholder_test_values(seqs, seq_phs, infos, out_phs):
    """Gives the step's placeholders test values (config.compute_test_value): the
    slices of the sequences and initial states that the first step reads."""
    entries = [(s, taps, phs, False) for (s, taps), phs in zip(seqs, seq_phs)]
    # An output with the one tap -1 starts from its whole initial state.
    entries += [(info[0], info[1], phs, info[1] == [-1])
                for info, phs in zip(infos, out_phs) if info]
    for var, taps, phs, whole in entries:
        try:
            value = testvalue.get_test_value(var)
        except AttributeError:
            continue        # the step's nodes then miss a test value, as in Theano
        for k, ph in zip(taps, phs):
            ph.tag.test_value = value if whole else value[k - min(taps)]


def _seq_placeholder(seq, k):
    ph = TensorType(seq.dtype, seq.broadcastable[1:])()
    if seq.name is not None:
        ph.name = seq.name + ("[t]" if k == 0 else "[t%+d]" % k)
    return ph


def _out_placeholder(info, k):
    init, taps = info
    ph = init.type() if taps == [-1] else TensorType(init.dtype, init.broadcastable[1:])()
    if init.name is not None:
        ph.name = init.name + "[t%+d]" % k
    return ph


def _check_outputs(outputs, infos, n_seq_slices):
    """Raises Theano's errors when fn's outputs do not match their initial states."""
    order = [i for i, info in enumerate(infos) if info and info[1] != [-1]] + \
            [i for i, info in enumerate(infos) if info and info[1] == [-1]]
    for rank, i in enumerate(order):
        init, taps = infos[i]
        out = outputs[i]
        buf_ndim = init.ndim + 1 if taps == [-1] else init.ndim
        buf_bcast = (False,) + (init.broadcastable if taps == [-1] else init.broadcastable[1:])
        argn = n_seq_slices + rank
        if out.ndim != buf_ndim - 1:
            raise ValueError(
                "When compiling the inner function of scan (the function called by scan in "
                "each of its iterations) the following error has been encountered: The "
                "initial state (`outputs_info` in scan nomenclature) of variable %s "
                "(argument number %d) has %d dimension(s), while the corresponding variable "
                "in the result of the inner function of scan (`fn`) has %d dimension(s) (it "
                "should be one less than the initial state). For example, if the inner "
                "function of scan returns a vector of size d and scan uses the values of the "
                "previous time-step, then the initial state in scan should be a matrix of "
                "shape (1, d). The first dimension of this matrix corresponds to the number "
                "of previous time-steps that scan uses in each of its iterations. In order to "
                "solve this issue if the two varialbe currently have the same dimensionality, "
                "you can increase the dimensionality of the variable in the initial state of "
                "scan by using dimshuffle or shape_padleft. (output %d of fn)"
                % (init, argn, buf_ndim, out.ndim, i))
        if out.dtype != init.dtype:
            raise ValueError(
                "When compiling the inner function of scan the following error has been "
                "encountered: The initial state (`outputs_info` in scan nomenclature) of "
                "variable %s (argument number %d) has dtype %s, while the result of the "
                "inner function (`fn`) has dtype %s. This can happen if the inner function "
                "of scan results in an upcast or downcast. To fix it, cast output %d of fn "
                "(T.cast(out, '%s')) or give outputs_info[%d] the dtype %s."
                % (init, argn, init.dtype, out.dtype, i, init.dtype, i, out.dtype))
        size = out.ndim
        for n, (b1, b2) in enumerate(zip(out.broadcastable, buf_bcast[len(buf_bcast) - size:])):
            if b1 != b2:
                raise TypeError(
                    "The broadcast pattern of the output of scan (%s) is inconsistent with "
                    "the one provided in `output_info` (%s). The output on axis %d is `%r`, "
                    "but it is `%r` on axis %d in `output_info`. This can happen if one of "
                    "the dimension is fixed to 1 in the input, while it is still variable in "
                    "the output, or vice-verca. You have to make them consistent, e.g. using "
                    "theano.tensor.{patternbroadcast,unbroadcast,addbroadcast}."
                    % (out.type, TensorType(init.dtype, buf_bcast), n, b1, b2, n + 1))


def _check_updates(updates):
    checked = OrderedDict()
    for s, u in updates.items():
        if not isinstance(s, SharedVariable):
            raise TypeError("scan: fn returned an update for %s, which is not a shared "
                            "variable. Only theanox.shared variables can be updated; pass "
                            "the shared variable itself (e.g. as a non_sequence) as the key."
                            % (s,))
        u = as_tensor_variable(u)
        if u.dtype != s.dtype or u.ndim != s.ndim:
            raise TypeError("scan: the update of shared variable %s (type %s) computed by fn "
                            "has type %s. Cast the update (T.cast(update, %r)) so the loop "
                            "carries one type." % (s, s.type, u.type, s.dtype))
        if u.broadcastable != s.broadcastable:
            u = patternbroadcast(u, s.broadcastable)
        checked[s] = u
    return checked


def _carried_shared(outputs, updates, condition):
    """Returns (shared variables carried through the loop, their per-step update expressions).

    Explicit updates from ``fn`` come first; then every shared variable read inside
    ``fn`` that has a ``default_update`` (a random stream's key) is carried too.
    """
    carried, exprs = list(updates), list(updates.values())
    roots = outputs + exprs + ([condition] if condition is not None else [])
    changed = True
    while changed:
        changed = False
        for v in graph_inputs(roots + exprs):
            upd = getattr(v, "default_update", None)
            if isinstance(v, SharedVariable) and upd is not None and v not in carried:
                carried.append(v)
                exprs.append(upd)
                changed = True
    return carried, exprs


def _free_variables(roots, placeholders, carried):
    skip = set(placeholders) | set(carried)
    return [v for v in graph_inputs(roots) if v not in skip and not isinstance(v, Constant)]


def _is_outputs(x):
    if isinstance(x, Variable):
        return True
    return isinstance(x, (list, tuple)) and all(isinstance(e, Variable) for e in x)


def _is_updates(x):
    if isinstance(x, dict):
        return True
    return isinstance(x, (list, tuple)) and len(x) > 0 and \
        all(isinstance(e, (list, tuple)) and len(e) == 2 for e in x)


def _allowed(x):
    if isinstance(x, (list, tuple)):
        return all(_allowed(e) for e in x)
    if isinstance(x, dict):
        return all(_allowed(k) and _allowed(v) for k, v in x.items())
    return isinstance(x, (Variable, until))


__all__ = ["scan", "map", "reduce", "foldl", "foldr", "until", "Scan", "Trim",
           "get_updates_and_outputs", "OrderedUpdates"]


# ====================================================================== registration

class _CallableModule(type(np)):
    """The module ``theanox.scan`` is also the function: ``theanox.scan(fn, ...)``.

    Importing this module binds it to the attribute ``theanox.scan``, which Theano
    code calls as a function; calling the module calls ``scan``.
    """

    def __call__(self, *args, **kwargs):
        return scan(*args, **kwargs)


import sys as _sys  # noqa: E402

_sys.modules[__name__].__class__ = _CallableModule
