"""theanox.function: compile inputs -> outputs (+ updates of shared state) into one XLA program."""
import contextlib
import inspect
import threading
import warnings
from collections import OrderedDict

import numpy as np

from theanox import config, grad_expand
from theanox.function_attrs import FunctionAttributes
from theanox.graph import hooks, testvalue
from theanox.graph.basic import Constant, Variable, _clone_var, clone_replace, graph_inputs
from theanox.graph.fg import MissingInputError
from theanox.graph.lowering import CheckFailed
from theanox.tensor.basic import as_tensor_variable, patternbroadcast
from theanox.tensor.sharedvar import SharedVariable


class UnusedInputError(Exception):
    """Raised when an input of function() does not reach any output."""


class SymbolicInput:
    """Returns an input specification: the variable, its name and an optional update."""

    def __init__(self, variable, name=None, update=None, mutable=None, strict=False,
                 allow_downcast=None, autoname=True, implicit=False):
        if not isinstance(variable, Variable):
            raise TypeError("SymbolicInput expects a symbolic variable, got %r" % (variable,))
        if update is not None and not isinstance(update, Variable):
            raise TypeError("SymbolicInput(update=...) expects a symbolic variable, got %r"
                            % (update,))
        self.variable = variable
        self.name = name if name is not None else (variable.name if autoname else None)
        self.update = update
        self.mutable = mutable if mutable is not None else update is not None
        self.strict = strict
        self.allow_downcast = allow_downcast
        self.implicit = implicit

    def __str__(self):
        if self.update is not None:
            return "In(%s -> %s)" % (self.variable, self.update)
        return "In(%s)" % self.variable

    __repr__ = __str__


class SymbolicOutput:
    """Returns an output specification; ``borrow`` as in Theano's Out."""

    def __init__(self, variable, borrow=False):
        if not isinstance(variable, Variable):
            raise TypeError("SymbolicOutput expects a symbolic variable, got %r" % (variable,))
        self.variable = variable
        self.borrow = borrow

    def __str__(self):
        return "Out(%s,%s)" % (self.variable, self.borrow)

    __repr__ = __str__


class In(SymbolicInput):
    """Returns an input specification: a variable with an optional default and name."""

    def __init__(self, variable, name=None, value=None, update=None, mutable=None,
                 strict=False, allow_downcast=None, autoname=True, implicit=None,
                 borrow=False, shared=False, default=None):
        if not isinstance(variable, Variable):
            raise TypeError("In() expects a symbolic variable, got %r" % (variable,))
        if implicit:
            raise TypeError("In(%s, implicit=True) is not supported: an implicit input is "
                            "Theano's internal container for shared state; use "
                            "theano.shared(value) and updates= instead." % (variable,))
        if shared:
            raise TypeError("In(%s, shared=True) is not supported: theanox does not share an "
                            "input's stored value between copies of a function; use "
                            "theano.shared(value) for state that copies share." % (variable,))
        self.variable = variable
        self.name = name if name is not None else (variable.name if autoname else None)
        self.value = value if value is not None else default
        self.update = update
        self.strict = strict
        self.allow_downcast = allow_downcast
        self.implicit = implicit
        self.borrow = borrow


def Param(variable, default=None, name=None, mutable=False, strict=False,
          allow_downcast=None, implicit=None, borrow=None):
    """Returns an In for ``variable`` with a ``default`` (Theano's older spelling)."""
    return In(variable, name=name, value=default, mutable=mutable, strict=strict,
              allow_downcast=allow_downcast, implicit=implicit, borrow=borrow)


class Out(SymbolicOutput):
    """Returns an output specification (``borrow`` is accepted; outputs are fresh)."""

    def __init__(self, variable, borrow=False):
        self.variable = variable
        self.borrow = borrow


class Maker:
    """Returns the record of how a function was built (``f.maker``).

    ``fgraph`` is the graph the function runs, except for a function that
    differentiates: its gradients run as ``Grad`` nodes (jax.vjp), and ``fgraph`` shows
    Theano's optimized backward graph in their place (theanox.grad_display), which is
    what Theano users print; ``run_fgraph`` is always the graph that runs.
    """

    def __init__(self, inputs, outputs, fgraph, mode, source=None):
        self.inputs = inputs
        self.outputs = outputs
        self.run_fgraph = fgraph
        self.mode = mode
        self._source = source       # (inputs, outputs, update mapping) before rewrites
        self._shown = None

    @property
    def fgraph(self):
        if self._shown is None:
            self._shown = self.run_fgraph
            if self._source is not None:
                from theanox import grad_display
                if grad_display.has_grad(self.run_fgraph.outputs):
                    on = getattr(self.mode, "rewrites_enabled", True)
                    try:
                        shown = grad_display.display_fgraph(
                            *self._source, fuse=on, rules=None if on else ())
                    except Exception:   # a display never stops a working function
                        shown = None
                    if shown is not None:
                        self._shown = shown
        return self._shown

    @fgraph.setter
    def fgraph(self, value):
        self.run_fgraph = self._shown = value


_NO_CONTEXT = contextlib.nullcontext()


def function(inputs, outputs=None, mode=None, updates=None, givens=None,
             no_default_updates=False, accept_inplace=False, name=None,
             rebuild_strict=True, allow_input_downcast=None, profile=None,
             on_unused_input=None, sharding=None):
    """Returns a callable Function computing ``outputs`` from ``inputs``.

    Shared variables are read implicitly; ``updates`` (dict, OrderedDict or list
    of pairs) give their new values, applied together after the call.
    ``sharding=theanox.sharding.DataParallel([x, y], devices=4)`` runs it
    data-parallel over several devices (docs/DEVICES.md); by default it runs on
    ``config.device``.
    """
    from theanox.compile.mode import get_mode
    if name is None:
        frame = inspect.currentframe().f_back
        name = "%s:%d" % (frame.f_code.co_filename, frame.f_lineno)
    if not isinstance(inputs, (list, tuple)):
        raise TypeError("function() expects a list of inputs, got %r. Wrap a single input "
                        "in a list: function([x], ...)" % (inputs,))
    ins = [i if isinstance(i, In) else In(i) for i in inputs]
    single, out_vars = _normalize_outputs(outputs)
    update_pairs = _normalize_updates(updates)

    variables = [i.variable for i in ins]
    seen = set()
    for v in variables:
        if v in seen:
            raise ValueError("Variable %s is used twice in inputs to theanox.function" % v)
        if isinstance(v, Constant):
            raise TypeError("A constant (%s) cannot be an input of a function" % v)
        if isinstance(v, SharedVariable):
            raise TypeError("Cannot use a shared variable (%s) as explicit input. Consider "
                            "substituting a non-shared variable via the `givens` parameter "
                            "(givens={%s: x} with x = %s.type()), or drop it from the inputs: "
                            "shared variables are read implicitly." % (v, v, v))
        seen.add(v)

    # One clone memo for the whole rebuild, as Theano's rebuild_collect_shared: the
    # givens apply to the outputs, to the explicit updates and to the default updates
    # found afterwards.  A random draw's default update is the key output of the
    # draw's own node; through the shared memo it becomes the key output of the
    # node's rebuilt copy (one node, whose size may depend on a replaced variable).
    rebuild = None
    if givens:
        pairs = list(givens.items()) if isinstance(givens, dict) else list(givens)
        for old, new in pairs:
            if not hasattr(new, "type"):
                new = as_tensor_variable(new)
            if old.type.ndim != new.type.ndim or (
                    rebuild_strict and old.type.dtype != new.type.dtype):
                # rebuild_strict=False (Theano): the graph is rebuilt on the replacement's
                # dtype (its results may change dtype); the dimensions must still agree.
                raise TypeError("givens: %s of type %s is replaced by %s of type %s; the "
                                "types must match (cast the replacement, or pass "
                                "rebuild_strict=False to rebuild the graph on its dtype)"
                                % (old, old.type, new, new.type))
        pairs = [(o, n if hasattr(n, "type") else as_tensor_variable(n)) for o, n in pairs]
        given = [o for o, _ in pairs]
        if sharding is not None:     # the minibatch a given slices gets split too
            pairs = _check_sharding(sharding).constrain_givens(pairs)
        memo = dict(pairs)

        def rebuild(v):
            return _clone_var(v, memo, True)
        rebuilt = [rebuild(v) for v in out_vars + [u for _, u in update_pairs]]
        out_vars = rebuilt[:len(out_vars)]
        update_pairs = [(s, u) for (s, _), u in zip(update_pairs, rebuilt[len(out_vars):])]

    # In(x, update=...): the input keeps a value between calls (its default), which
    # the update expression replaces after each call.  The updates are extra outputs.
    in_updates = [(pos, _in_update(spec)) for pos, spec in enumerate(ins)
                  if spec.update is not None]
    if rebuild is not None:
        in_updates = [(pos, rebuild(u)) for pos, u in in_updates]

    update_pairs = _add_default_updates(out_vars + [u for _, u in in_updates], update_pairs,
                                        no_default_updates, variables, rebuild)
    _check_updates(update_pairs)

    all_out = out_vars + [u for _, u in update_pairs] + [u for _, u in in_updates]
    leaves = graph_inputs(all_out, blockers=variables)
    if any(_is_missing(v, seen) for v in leaves):
        # A gradient may not need every forward value (T.Lop(T.dot(x, W), W, v) is
        # outer(x, v)), but jax.vjp over its region does: use Theano's backward graph.
        all_out = grad_expand.expand(all_out)
        out_vars = all_out[:len(out_vars)]
        update_pairs = [(s, u) for (s, _), u in zip(update_pairs, all_out[len(out_vars):])]
        leaves = graph_inputs(all_out, blockers=variables)
    used = set(leaves)
    shared_vars = []
    for v in leaves:
        if isinstance(v, SharedVariable) and v not in seen and v not in shared_vars:
            shared_vars.append(v)
    for s, _ in update_pairs:
        if s not in shared_vars and s not in seen:
            shared_vars.append(s)
    for i, v in enumerate(leaves):
        if v.owner is None and not isinstance(v, (Constant, SharedVariable)) and v not in seen:
            idx = [x for x in leaves if x.owner is None and not isinstance(x, (Constant, SharedVariable))].index(v)
            raise MissingInputError(
                "Input %d of the graph (indices start from 0), used to compute %s, was not "
                "provided and not given a value. Add %s to the inputs of function(), or "
                "replace it with givens." % (idx, _first_client(v, all_out), v))
    _check_unused(variables, used, on_unused_input)

    mode_obj = get_mode(mode)
    if profile is None:
        profile = config.profile
    placement = None
    if sharding is not None:
        if in_updates:
            raise TypeError("function(sharding=...) does not support In(x, update=...): keep "
                            "the state in a theano.shared variable with updates= instead")
        placement = _check_sharding(sharding).bind(
            variables, shared_vars, [s for s, _ in update_pairs], len(out_vars),
            given if givens else ())
    # Rewrites and lowering build nodes with compute_test_value_opt, as Theano's optimizer.
    with testvalue.suspended() if config.compute_test_value != "off" else _NO_CONTEXT:
        fgraph = mode_obj.build_fgraph(variables + shared_vars, all_out,
                                       OrderedDict(update_pairs))
        fn = Function(ins, single, len(out_vars), fgraph, shared_vars,
                      [s for s, _ in update_pairs], mode_obj, name, allow_input_downcast,
                      profile, placement, [pos for pos, _ in in_updates])
    fn.out_borrow = _out_borrow(outputs)
    fn.maker = Maker(ins, out_vars, fgraph, mode_obj,
                     (variables + shared_vars, all_out, OrderedDict(update_pairs)))
    fn.maker.updates = update_pairs
    fn.sharding = sharding
    return fn


def function_dump(filename, inputs, outputs=None, mode=None, updates=None, givens=None,
                  no_default_updates=False, accept_inplace=False, name=None,
                  rebuild_strict=True, allow_input_downcast=None, profile=None,
                  on_unused_input=None, extra_tag_to_remove=None):
    """Pickles function()'s arguments to ``filename`` (for bug reports).

    ``theanox.function(**pickle.load(open(filename, 'rb')))`` rebuilds the function.
    """
    import pickle
    d = dict(inputs=inputs, outputs=outputs, mode=mode, updates=updates, givens=givens,
             no_default_updates=no_default_updates, accept_inplace=accept_inplace,
             name=name, rebuild_strict=rebuild_strict,
             allow_input_downcast=allow_input_downcast, profile=profile,
             on_unused_input=on_unused_input)
    with open(filename, "wb") as f:
        pickle.dump(d, f, -1)


def _check_sharding(sharding):
    from theanox.compile.sharding import DataParallel
    if not isinstance(sharding, DataParallel):
        raise TypeError("function(sharding=...) expects theanox.sharding.DataParallel(...), "
                        "got %r" % (sharding,))
    return sharding


def _is_missing(v, given):
    """Returns True when leaf ``v`` has no value: not an input, shared variable or constant."""
    return v.owner is None and not isinstance(v, (Constant, SharedVariable)) and v not in given


def _in_update(spec):
    """Returns the update expression of ``In(x, update=...)``, of x's type."""
    if spec.value is None:
        raise TypeError("In(%s, update=%s) needs value=: the update replaces a value kept "
                        "between calls, so the input needs a first value (In(x, value=..., "
                        "update=...))." % (spec.variable, spec.update))
    u = spec.update if hasattr(spec.update, "type") else as_tensor_variable(spec.update)
    t = spec.variable.type
    if u.type.dtype != t.dtype or u.type.ndim != t.ndim:
        raise TypeError("The update of input %s has type %s; it must have the input's type "
                        "%s. Cast it: In(x, update=T.cast(..., %r))."
                        % (spec.variable, u.type, t, t.dtype))
    return u


def _host_callback_ops(outputs):
    """Returns the ops (also inside scan bodies) that call back into Python."""
    found, seen, todo = [], set(), list(outputs)
    while todo:
        v = todo.pop()
        if v in seen or v.owner is None:
            continue
        seen.add(v)
        op = v.owner.op
        if getattr(op, "host_callback", False) and not any(op is f for f in found):
            found.append(op)
        todo.extend(v.owner.inputs)
        todo.extend(getattr(op, "inner_outputs", ()))
    return found


def _first_client(v, outs):
    for o in outs:
        return o
    return v


def _out_borrow(outputs):
    outs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
    return [isinstance(o, Out) and bool(o.borrow) for o in outs]


def _normalize_outputs(outputs):
    if outputs is None:
        return False, []
    if isinstance(outputs, (list, tuple)):
        return False, [_out_var(o) for o in outputs]
    return True, [_out_var(outputs)]


def _out_var(o):
    if isinstance(o, Out):
        o = o.variable
    if isinstance(o, Variable):
        return o
    if isinstance(o, (dict, OrderedDict)):
        raise TypeError("function() outputs must be variables; to update shared variables "
                        "pass the dict as updates=")
    if isinstance(o, (list, tuple)):
        raise TypeError("Outputs must be theano Variable or Out instances. Received %r of "
                        "type %s. Outputs are a flat list: function(inputs, [a, b]), not "
                        "[[a, b]]." % (o, type(o)))
    return as_tensor_variable(o)


def _normalize_updates(updates):
    if updates is None:
        return []
    if isinstance(updates, dict):
        items = list(updates.items())       # dicts keep insertion order
    else:
        items = []
        for pair in updates:
            if len(pair) != 2:
                raise TypeError("updates must be (shared_variable, new_value) pairs, got %r"
                                % (pair,))
            items.append(tuple(pair))
    return items


def _check_updates(pairs):
    seen = set()
    for i, (s, u) in enumerate(pairs):
        if not isinstance(s, SharedVariable):
            raise TypeError("An update must be a shared variable: updates[%d] updates %s, "
                            "a %s. Only theanox.shared variables can be updated; pass %s as "
                            "an input instead." % (i, s, type(s).__name__, s))
        if s in seen:
            raise ValueError("The shared variable %s is updated twice in updates" % s)
        seen.add(s)
    for idx, (s, u) in enumerate(list(pairs)):
        if not hasattr(u, "type"):
            u = as_tensor_variable(u)
        if u.type.dtype != s.type.dtype or u.type.ndim != s.type.ndim or not all(
                (not sb) or ub for sb, ub in zip(s.type.broadcastable, u.type.broadcastable)):
            if u.type.ndim == s.type.ndim and u.type.dtype == s.type.dtype:
                u = patternbroadcast(u, s.type.broadcastable)
            else:
                raise TypeError(
                    "An update must have the same type as the original shared variable "
                    "(shared_var=%s, shared_var.type=%s, update_val=%s, update_val.type=%s). "
                    "Cast the update (T.cast(update, %r)) or create the shared variable "
                    "with the update's dtype." % (s, s.type, u, u.type, s.type.dtype))
        pairs[idx] = (s, u)


def _add_default_updates(outs, pairs, no_default_updates, inputs, rebuild=None):
    """Returns ``pairs`` plus the default update of each shared variable the graph reads.

    ``rebuild`` (given with ``givens``) applies the givens to each default update.
    """
    if no_default_updates is True:
        return pairs
    skip = set(no_default_updates or ())
    pairs = list(pairs)
    done = {s for s, _ in pairs}
    changed = True
    while changed:
        changed = False
        for v in graph_inputs(outs + [u for _, u in pairs], blockers=inputs):
            upd = getattr(v, "default_update", None)
            if isinstance(v, SharedVariable) and upd is not None and v not in done \
                    and v not in skip:
                pairs.append((v, rebuild(upd) if rebuild is not None else upd))
                done.add(v)
                changed = True
    return pairs


def _check_unused(inputs, used, on_unused_input):
    policy = on_unused_input or config.on_unused_input
    for i, v in enumerate(inputs):
        if v in used:
            continue
        msg = ("theanox.function was asked to create a function computing outputs given "
               "certain inputs, but the provided input variable at index %d is not part of "
               "the computational graph needed to compute the outputs: %s.\nTo make this "
               "error into a warning, you can pass the parameter on_unused_input='warn' to "
               "theanox.function. To disable it completely, use on_unused_input='ignore'."
               % (i, v))
        if policy == "raise":
            raise UnusedInputError(msg)
        if policy == "warn":
            warnings.warn(msg, stacklevel=3)


class Function(FunctionAttributes):
    """Returns outputs as NumPy arrays when called; applies shared updates atomically."""

    def __init__(self, ins, single, n_out, fgraph, shared_vars, updated, mode, name,
                 allow_input_downcast, profile, placement=None, updated_inputs=()):
        self.input_specs = ins
        # The values inputs take when a call omits them; In(update=...) changes them.
        self._defaults = [i.value for i in ins]
        first = n_out + len(updated)
        self._input_update_slots = [(first + k, pos) for k, pos in enumerate(updated_inputs)]
        self.single = single
        self.out_borrow = [False] * max(n_out, 1)
        self.n_out = n_out
        self.fgraph = fgraph
        self.shared_vars = shared_vars
        self.updated = updated
        self.mode = mode
        self.name = name
        self.allow_input_downcast = allow_input_downcast
        self.trust_input = False
        self.profile = mode.make_profile(self, name) if profile else None
        self._types = [(i.variable.type, i.variable.type.numpy_dtype, i.variable.type.ndim)
                       for i in ins]
        self._names = {}
        for pos, i in enumerate(ins):
            if i.name is not None:
                self._names.setdefault(i.name, pos)
        upd_pos = {s: k for k, s in enumerate(updated)}
        self._update_slots = [(upd_pos[s], s) for s in shared_vars if s in upd_pos]
        n_in = len(ins)
        self.placement = placement        # None: config.device (compile/sharding.py)
        # Ops calling back into Python (Print): what their callback raises is re-raised
        # after the call, so the old state must survive the call - no donation.
        self._callback_ops = _host_callback_ops(fgraph.outputs)
        donate = [] if self._callback_ops else [
            n_in + k for k, s in enumerate(shared_vars) if s in upd_pos]
        # (output, input) position of each donated state: a failed run-time check
        # returns the old value (program.CheckFailed).
        self.state_pairs = [(n_out + upd_pos[s], n_in + k) for k, s in enumerate(shared_vars)
                            if s in upd_pos and n_in + k in donate]
        self._program = mode.make_program(fgraph.inputs, fgraph.outputs, donate, self)
        # A failed run-time check: the program returns the old state (state_pairs), so the
        # flags are read after the outputs, when reading them no longer waits.
        self._program.deferred_checks = True
        self._program.align = _align_big
        self._n_results = len(fgraph.outputs)
        # Outputs that are not arrays (sparse matrices) convert themselves to host values.
        self._to_host = [getattr(v.type, "to_host", None) for v in fgraph.outputs[:n_out]]
        self._host_outputs = any(self._to_host)
        self._program.sentinel_candidates = tuple(
            k for k in range(n_out) if self._to_host[k] is None)
        # Calls hold this function's lock and its shared variables' locks (one global
        # order, so two functions sharing state cannot deadlock): see theanox/shared.py.
        self._lock = threading.RLock()
        self._locks = sorted([self._lock] + [s._lock for s in shared_vars], key=id)

    # ------------------------------------------------------------ calling
    def __call__(self, *args, **kwargs):
        """Returns the outputs (NumPy arrays) for ``args``; applies the updates, all or none.

        The path is lean on purpose (see benchmarks/): positional arguments go
        through one cached check per input (skipped when ``trust_input``), then one
        call of the compiled program with the shared state (whose buffers it
        donates), then the new state is stored back on the device.
        """
        fast = self._fast or self._prepare()
        n_in, checks, run, shared_vars, slots = fast
        if kwargs or len(args) != n_in:
            values = self._bind(args, kwargs)
        elif self.trust_input:
            values = list(args)
        else:
            values = [check(v) for check, v in zip(checks, args)]
        locks = self._locks
        for lock in locks:
            lock.acquire()
        try:
            for s in shared_vars:
                values.append(s._value)
            try:
                outs = run(values)
            except CheckFailed as failed:
                for k, s in slots:          # the old state, returned by the program
                    s._value = failed.outputs[k]
                raise failed.error from None
            pending = outs[-1] if len(outs) > self._n_results else None
            if self._callback_ops:
                self._raise_callback_error(outs)
            for k, s in slots:
                s._value = outs[k]
            if pending is None:
                for k, pos in self._input_update_slots:
                    self._defaults[pos] = np.array(outs[k])
            if not self.n_out and outs and hasattr(outs[0], "block_until_ready"):
                # Like Theano, a call returns when its work is done (the caller may reuse
                # an input buffer that XLA reads without a copy); wait while the new state
                # is still ours - once the locks go, another call may donate it.  (A
                # scalar program run on the host returns NumPy values: nothing to wait for.)
                outs[0].block_until_ready()
        finally:
            for lock in locks:
                lock.release()
        if pending is not None:
            return self._checked_results(outs, pending, values)
        return self._results(outs, values)

    def _results(self, outs, values):
        if self._views:
            # Big outputs on the CPU: writable views of XLA's buffers, no copy.
            res = self._view_results(outs, self.n_out, self.out_borrow, self._views, values)
            return res[0] if self.single else res
        if self._host_outputs:
            outs = [np.asarray(o) if c is None and b else np.array(o) if c is None else c(o)
                    for o, b, c in zip(outs[:self.n_out], self.out_borrow, self._to_host)]
            return outs[0] if self.single else outs
        if self.single:
            return np.asarray(outs[0]) if self.out_borrow[0] else np.array(outs[0])
        # Outputs are fresh writable arrays, as Theano's; Out(v, borrow=True) gives a
        # read-only view of the result buffer instead (no copy).
        return [np.asarray(o) if b else np.array(o)
                for o, b in zip(outs[:self.n_out], self.out_borrow)]

    def _checked_results(self, outs, pending, values):
        """Returns the results of a call whose program has run-time checks, or raises.

        The shared state is already stored: on failure the program returned the old
        values.  In(update=...) values are kept only when every check held.
        """
        results = self._results(outs, values)
        s = pending.sentinel
        if s is None or _has_nan(results if self.single else results[s]):
            pending.raise_failed()
        for k, pos in self._input_update_slots:
            self._defaults[pos] = np.array(outs[k])
        return results

    _fast = None
    _views = ()

    def _raise_callback_error(self, outs):
        """Raises what a host callback (Print's function) raised during the last call."""
        import jax
        jax.block_until_ready(outs)
        for op in self._callback_ops:
            error = op.take_error()
            if error is not None:
                if isinstance(error, Exception):
                    error.add_note("(raised by the callback of %s in theanox function %s; "
                                   "no shared variable was updated)" % (op, self.name))
                raise error

    def _prepare(self):
        """Returns (and caches) what every call needs: input checks, runner, state slots.

        The runner comes from the mode: for FAST_RUN/FAST_COMPILE it is the
        program's own (one C++ jit dispatch when nothing is computed on the host);
        op-by-op modes (DebugMode, profiling) give theirs.
        """
        checks = [self._make_check(pos) for pos in range(len(self.input_specs))]
        slots = [(self.n_out + k, s) for k, s in self._update_slots]
        run = self.mode.runner(self, self._program)
        from theanox.compile import outputs
        self._views = outputs.view_positions(self)
        self._view_results = outputs.results
        self._program.forward_inputs = not self.updated and not self._input_update_slots \
            and not any(self.out_borrow)
        self._fast = (len(self.input_specs), checks, run, list(self.shared_vars), slots)
        return self._fast

    @property
    def compile_count(self):
        """Returns how many XLA executables this function has compiled so far."""
        return self._program.compile_count

    def _make_check(self, pos):
        """Returns a function checking (and converting) a value for input ``pos``.

        A NumPy array or scalar of the right dtype and ndim passes as is; anything
        else goes through ``TensorType.filter`` (Theano's casting rules, with
        ``allow_input_downcast``), whose errors name the input.
        """
        spec = self.input_specs[pos]
        type_, dtype, ndim = self._types[pos]
        bcast = [i for i, b in enumerate(type_.broadcastable) if b]
        downcast = spec.allow_downcast if spec.allow_downcast is not None \
            else self.allow_input_downcast
        name = self.name
        if hasattr(type_, "to_program"):       # a sparse matrix, a typed list ...
            def convert(v):
                try:
                    return type_.to_program(v, strict=spec.strict, allow_downcast=downcast)
                except TypeError as e:
                    raise TypeError(
                        "Bad input argument with name \"%s\" to theanox function with name "
                        "\"%s\" at index %d (0-based).\n%s"
                        % (spec.variable, name, pos, e)) from None
            return convert

        # Big arguments are aligned here, unless the program aligns only those its
        # taken ifelse branches use (compile/program.py, _call_branches).
        align = not self._program.defers_alignment

        def slow(v):
            try:
                v = type_.filter(v, strict=spec.strict, allow_downcast=downcast)
                return _aligned(v) if align and v.nbytes >= _ALIGN_MIN_BYTES else v
            except TypeError as e:
                raise TypeError(
                    "Bad input argument with name \"%s\" to theanox function with name "
                    "\"%s\" at index %d (0-based).\n%s" % (spec.variable, name, pos, e)) from None

        if bcast:
            return slow

        scalar_type = dtype.type          # np.float64 for a float64 input, ...
        int_scalar = ndim == 0 and dtype.kind in "iu"
        # A float scalar into a 0-d float input that allows downcasting (a float32 graph
        # fed Python floats or NumPy float64 scalars, as legacy code does): the scalar
        # type's constructor rounds exactly as filter's np.asarray(v, dtype) would.
        float_in = ndim == 0 and dtype.kind == "f" and not spec.strict
        cast_floats = _FLOAT_SCALARS if float_in and downcast else ()
        floatx_floats = float_in and downcast is None

        def check(v):
            t = type(v)
            if t is np.ndarray:
                if v.dtype is dtype and v.ndim == ndim or v.dtype == dtype and v.ndim == ndim:
                    if align and v.nbytes >= _ALIGN_MIN_BYTES:
                        return _aligned(v)
                    return v
            elif t is scalar_type and ndim == 0:
                return v
            elif t is float and scalar_type is np.float64 and ndim == 0:
                return scalar_type(v)     # lossless; one jit signature for all floats
            elif t in cast_floats:
                return scalar_type(v)
            elif t is float and floatx_floats and dtype.name == config.floatX:
                return scalar_type(v)     # filter's rule: a Python float into floatX
            elif t is int and int_scalar:  # a minibatch index: int64(i) when lossless
                try:
                    w = scalar_type(v)
                except OverflowError:
                    return slow(v)
                if w == v:
                    return w
            return slow(v)
        return check

    def _bind(self, args, kwargs):
        """Returns the checked input values for a call with keywords or defaults."""
        specs = self.input_specs
        if len(args) > len(specs):
            raise TypeError("Too many parameter passed to theanox function %s: it takes %d "
                            "inputs (%s), got %d." % (self.name, len(specs),
                                                      ", ".join(str(i.variable) for i in specs),
                                                      len(args)))
        vals = list(args) + [_MISSING] * (len(specs) - len(args))
        for key, v in kwargs.items():
            pos = self._names.get(key)
            if pos is None:
                raise TypeError("Unknown input or state: %r. The function has named inputs %s."
                                % (key, sorted(self._names)))
            if vals[pos] is not _MISSING:
                raise TypeError("Input %r given both by position and by keyword" % key)
            vals[pos] = v
        for pos, v in enumerate(vals):
            if v is _MISSING:
                if self._defaults[pos] is None:
                    raise TypeError("Missing required input: %s (input %d of %s)"
                                    % (specs[pos].variable, pos, self.name))
                vals[pos] = self._defaults[pos]
        if self.trust_input:
            return vals
        checks = (self._fast or self._prepare())[1]
        return [check(v) for check, v in zip(checks, vals)]

    def __reduce__(self):
        """Returns how to rebuild this function when unpickled: recompile its graph."""
        from theanox.compile.mode import predefined_modes
        mode = next((k for k, m in predefined_modes.items() if m is self.mode), None)
        outs = self.maker.outputs[0] if self.single else list(self.maker.outputs)
        return _unpickle_function, (self.input_specs, outs, list(self.maker.updates), mode,
                                    self.name, self.allow_input_downcast,
                                    self._rebuilt_sharding())

    def copy(self, share_memory=False, swap=None, delete_updates=False, name=None):
        """Returns a new Function computing the same thing (optionally with swapped shared)."""
        outs = self.fgraph.outputs[:self.n_out]
        updates = [] if delete_updates else list(self.fgraph.update_mapping.items())
        if swap:
            outs = clone_replace(outs, swap) if outs else outs
            updates = [(swap.get(s, s), clone_replace(u, swap)) for s, u in updates]
        return function(self.input_specs, outs[0] if self.single else outs, mode=self.mode,
                        updates=updates, name=name or self.name,
                        allow_input_downcast=self.allow_input_downcast,
                        on_unused_input="ignore", sharding=self._rebuilt_sharding(swap))

    sharding = None

    def _rebuilt_sharding(self, swap=None):
        """Returns the DataParallel a rebuilt copy of this function uses (givens applied)."""
        if self.sharding is None:
            return None
        return self.sharding.rebuilt([i.variable for i in self.input_specs], swap)

    def __getitem__(self, name):
        """Returns the value a named input takes when a call omits it (``f['acc']``)."""
        return self._defaults[self._input_position(name)]

    def __setitem__(self, name, value):
        """Sets the value a named input takes when a call omits it."""
        self._defaults[self._input_position(name)] = value

    def _input_position(self, name):
        pos = self._names.get(name)
        if pos is None:
            for k, spec in enumerate(self.input_specs):
                if spec.variable is name:
                    return k
            raise KeyError("%r is not a named input of %s; its named inputs are %s"
                           % (name, self.name, sorted(self._names)))
        return pos

    def free(self):
        pass

    # Jupyter shows a compiled function as its optimized graph picture.
    def _repr_svg_(self):
        return hooks.repr_svg(self)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return hooks.repr_mimebundle(self, include, exclude)

    def __str__(self):
        return "Function(%s)" % self.name


# Large arguments: JAX's CPU client imports a NumPy array without copying when its
# data is 64-byte aligned, and copies it (slowly, ~2.5x a NumPy copy) otherwise.
# NumPy aligns to 16 bytes, so big arguments are copied by NumPy into an aligned
# buffer first (see benchmarks/RESULTS.md, "Large NumPy arguments").
_ALIGN = 64
_ALIGN_MIN_BYTES = 1 << 17
_FLOAT_SCALARS = (float, np.float64, np.float32, np.float16)


def _has_nan(value):
    if value.ndim == 0:
        return value != value
    return np.isnan(value).any()


def _align_big(v):
    """Returns a big NumPy argument 64-byte aligned (``_aligned``), anything else as is."""
    if type(v) is np.ndarray and v.nbytes >= _ALIGN_MIN_BYTES:
        return _aligned(v)
    return v


def _aligned(a):
    """Returns ``a`` if its data is 64-byte aligned and C-contiguous, else an aligned copy."""
    if a.ctypes.data % _ALIGN == 0 and a.flags.c_contiguous:
        return a
    buf = np.empty(a.nbytes + _ALIGN, np.uint8)
    start = -buf.ctypes.data % _ALIGN
    out = buf[start:start + a.nbytes].view(a.dtype).reshape(a.shape)
    np.copyto(out, a)
    return out


def _unpickle_function(inputs, outputs, updates, mode, name, allow_input_downcast,
                       sharding=None):
    """Returns a Function rebuilt from its pickled graph (shared values come along)."""
    return function(inputs, outputs, mode=mode, updates=updates, name=name,
                    allow_input_downcast=allow_input_downcast, no_default_updates=True,
                    on_unused_input="ignore", sharding=sharding)


class _Missing:
    def __repr__(self):
        return "<missing>"


_MISSING = _Missing()


# Variable.eval and verify_grad (below this layer) compile through this hook.
hooks.compile_function.register(function)
