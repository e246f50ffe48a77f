"""The Scan op (Theano's ``scan_module.scan_op.Scan``) and its lowering.

``theanox.scan.scan`` builds the inner graph and one Scan node; ``Scan.lower``
(``run_scan``) runs the inner graph as the body of ``lax.scan`` /
``lax.while_loop``.  Each step evaluates the inner graph in a fresh environment
(placeholders bound to this step's slices, the carried state and the outer
values), so no inner tracer ever leaks into the outer environment.
"""
import numpy as np

from theanox.graph.basic import Apply, Op
from theanox.graph.lowering import NeedsHostValue, collect_checks, is_concrete, runtime_check
from theanox.tensor.type import TensorType


class ScanSpec:
    """Returns the static description of a loop: taps, counts and flags."""

    def __init__(self, seq_taps, out_taps, n_carried, n_free, as_while, has_n_steps,
                 go_backwards, truncate_gradient, name):
        self.seq_taps, self.out_taps = seq_taps, out_taps
        self.n_carried, self.n_free = n_carried, n_free
        self.as_while, self.has_n_steps = as_while, has_n_steps
        self.go_backwards, self.truncate_gradient, self.name = \
            go_backwards, truncate_gradient, name
        self.n_seqs = len(seq_taps)
        self.n_outs = len(out_taps)
        self.n_init = sum(1 for t in out_taps if t)


class Scan(Op):
    """Returns the stacked outputs of a loop over an inner graph (Theano's ``for{cpu,scan_fn}``).

    Inputs: ``[n_steps] + sequences + initial states + carried shared + free
    variables``.  Outputs: one stacked output per output of ``fn``, the final value
    of each carried shared variable, and (with ``until``) the number of steps run.
    """

    def __init__(self, spec, inner_inputs, inner_outputs):
        self.spec = spec
        self.inner_inputs = list(inner_inputs)
        self.inner_outputs = list(inner_outputs)
        self.static_inputs = (0,) if spec.has_n_steps else ()

    __props__ = ("spec",)

    def __str__(self):
        return "%s{cpu,%s}" % ("do_while" if self.spec.as_while else "for", self.spec.name)

    def make_node(self, *inputs):
        sp = self.spec
        outs = [TensorType(o.dtype, (False,) + o.broadcastable)()
                for o in self.inner_outputs[:sp.n_outs]]
        start = (1 if sp.has_n_steps else 0) + sp.n_seqs + sp.n_init
        outs += [s.type() for s in inputs[start:start + sp.n_carried]]
        if sp.as_while:
            outs.append(TensorType("int64", ())())
        return Apply(self, list(inputs), outs)

    def lower(self, node, env, evaluate):
        return run_scan(self, node, env, evaluate)


class Trim(Op):
    """Returns ``x[:n]`` where ``n`` (the steps a do-while scan ran) is known on the host."""

    __props__ = ()
    static_inputs = (1,)

    def make_node(self, x, n):
        return Apply(self, [x, n], [x.type()])

    def jax(self, x, n, node=None):
        return x[:int(n)]


# ====================================================================== lowering

def run_scan(op, node, env, evaluate):
    """Returns the values of ``node.outputs`` (stacked outputs, final shared values, steps run)."""
    import jax
    sp = op.spec
    vals = evaluate(node.inputs, env)
    parts = _split(sp, node.inputs, vals)
    slices = _sequence_slices(sp, parts["seqs"])
    n = _n_steps(sp, node, parts, slices)
    slices = [sl[:n] for sl in slices]
    windows = _initial_windows(sp, node, parts["inits"])
    carried = [_as(v, s.dtype) for v, s in zip(parts["carried"], parts["carried_vars"])]
    step = _Step(op, node, parts, evaluate)
    if sp.as_while:
        known = env.get(node.outputs[-1])
        if known is not None and not isinstance(known, jax.core.Tracer):
            n_run = int(np.asarray(known))           # steps counted by a first stage
            ys, finals = _fixed_loop(step, sp, windows, carried, [sl[:n_run] for sl in slices],
                                     n_run, parts["free"])
            return tuple(_outs(node, ys, finals)) + (np.asarray(n_run, "int64"),)
        ys, finals, n_run = _while_loop(step, windows, carried, slices, n, parts["free"])
        return tuple(_outs(node, ys, finals)) + (n_run,)
    ys, finals = _fixed_loop(step, sp, windows, carried, slices, n, parts["free"])
    return tuple(_outs(node, ys, finals))


# ---------------------------------------------------------------- inputs

def _split(sp, inputs, vals):
    pos = 1 if sp.has_n_steps else 0
    parts = {"n_steps": vals[0] if sp.has_n_steps else None}
    for key, count in (("seqs", sp.n_seqs), ("inits", sp.n_init), ("carried", sp.n_carried),
                       ("free", sp.n_free)):
        parts[key] = list(vals[pos:pos + count])
        parts[key + "_vars"] = list(inputs[pos:pos + count])
        pos += count
    return parts


def _sequence_slices(sp, seqs):
    slices = []
    for s, taps in zip(seqs, sp.seq_taps):
        lo, hi = min(min(taps), 0), max(max(taps), 0)
        length = max(np.shape(s)[0] - (hi - lo), 0)
        for k in taps:
            sl = s[k - lo:k - lo + length]
            slices.append(sl[::-1] if sp.go_backwards else sl)
    return slices


def _n_steps(sp, node, parts, slices):
    import jax
    if not sp.has_n_steps:
        n = min(np.shape(sl)[0] for sl in slices)
    else:
        value = parts["n_steps"]
        if isinstance(value, jax.core.Tracer):
            raise NeedsHostValue(node.inputs[0], node)
        n = int(np.asarray(value))
        if n < 0:
            raise IndexError("Scan was asked to run for negative number of step %d" % n)
        for sl, var in zip(slices, _slice_vars(sp, parts)):
            if np.shape(sl)[0] < n:      # Theano's error (a tuple of arguments)
                raise ValueError("Sequence is shorter then the required number of steps : "
                                 "(n_steps, seq, seq.shape):", np.asarray(value), var,
                                 np.shape(sl))
    if n == 0:
        raise NotImplementedError("We didn't implemented yet the case where scan do 0 "
                                  "iteration")
    return n


def _slice_vars(sp, parts):
    return [v for v, taps in zip(parts["seqs_vars"], sp.seq_taps) for _ in taps]


def _initial_windows(sp, node, inits):
    windows, i = [], 0
    outs = node.outputs
    for j, taps in enumerate(sp.out_taps):
        if not taps:
            continue
        init, dtype = inits[i], outs[j].dtype
        i += 1
        if taps == [-1]:
            windows.append(_as(init, dtype)[None])
            continue
        need = -min(taps)
        if np.shape(init)[0] < need:
            raise ValueError("scan: output %d uses taps %s, so its initial state needs at "
                             "least %d rows (the values at t-%d .. t-1), got shape %s"
                             % (j, taps, need, need, np.shape(init)))
        windows.append(_as(init, dtype)[:need])
    return windows


def _as(value, dtype):
    import jax.numpy as jnp
    return jnp.asarray(value, dtype)


# ---------------------------------------------------------------- one step

class _Step:
    """Returns (new windows, new carried, outputs, condition) for one iteration when called."""

    def __init__(self, op, node, parts, evaluate):
        sp = op.spec
        self.evaluate = evaluate
        phs = op.inner_inputs
        n_seq = sum(len(t) for t in sp.seq_taps)
        n_tap = sum(len(t) for t in sp.out_taps if t)
        self.seq_ph = phs[:n_seq]
        self.out_ph = phs[n_seq:n_seq + n_tap]
        self.carried_ph = phs[n_seq + n_tap:n_seq + n_tap + sp.n_carried]
        self.free_ph = phs[n_seq + n_tap + sp.n_carried:]
        self.outer_of = dict(zip(self.free_ph, parts["free_vars"]))
        self.op, self.node, self.sp = op, node, sp
        self.carried_vars = parts["carried_vars"]

    found = ()          # (error, message, node) of the body's checks, set when traced

    def __call__(self, windows, carried, xs, free_vals, anchor=None):
        """``anchor``: a value of the body's trace; the run-time checks of the step
        (integer division by zero, indices out of range) are then gathered and their
        flags returned as a fifth value."""
        import jax.numpy as jnp
        if anchor is None:
            return self._call(windows, carried, xs, free_vals) + ((),)
        with collect_checks(getattr(anchor, "_trace", None)) as checks:
            out = self._call(windows, carried, xs, free_vals)
        self.found = [(c.error, c.message, c.node) for c in checks]
        return out + (tuple(jnp.all(c.ok) for c in checks),)

    def count_checks(self, windows, carried, slices, free_vals):
        """Traces one step (shapes only) and returns how many run-time checks it makes."""
        import jax
        import jax.numpy as jnp
        first = [jax.ShapeDtypeStruct(tuple(sl.shape[1:]), sl.dtype) for sl in slices]
        jax.eval_shape(lambda w, c, x, a: self(w, c, x, free_vals, a)[4], windows, carried,
                       first, jnp.asarray(True))
        return len(self.found)

    def check(self, ok):
        """Checks, in the enclosing trace, the flags AND-reduced over the steps."""
        for k, (error, message, node) in enumerate(self.found):
            runtime_check(ok[k], error, message + " (in a scan step)", node)

    def _call(self, windows, carried, xs, free_vals):
        import jax.numpy as jnp
        sp = self.sp
        inner = dict(zip(self.free_ph, free_vals))
        inner.update(zip(self.seq_ph, xs))
        k = 0
        tapped = [(j, taps) for j, taps in enumerate(sp.out_taps) if taps]
        for w, (j, taps) in zip(windows, tapped):
            for t in taps:
                inner[self.out_ph[k]] = w[w.shape[0] + t]
                k += 1
        inner.update(zip(self.carried_ph, carried))
        try:
            res = self.evaluate(self.op.inner_outputs, inner)
        except NeedsHostValue as need:
            outer = self.outer_of.get(need.variable)
            if outer is not None:
                raise NeedsHostValue(outer, self.node) from None
            raise NotImplementedError(
                "scan: inside the inner function, %s decides a shape (or a number of steps) "
                "but its value changes from step to step (node %s). Such data-dependent "
                "shapes are only supported outside scan; compute it from non_sequences or "
                "use a fixed size." % (need.variable, need.node)) from None
        outs = self.node.outputs
        ys = [jnp.asarray(y, outs[j].dtype) for j, y in enumerate(res[:sp.n_outs])]
        new_windows = []
        for w, (j, taps) in zip(windows, tapped):
            y = ys[j]
            if tuple(y.shape) != tuple(w.shape[1:]):
                raise ValueError(
                    "scan: output %d of fn has shape %s at each step, but its initial state "
                    "(outputs_info[%d]) gives shape %s. Give an initial state with the shape "
                    "of one step's output." % (j, tuple(y.shape), j, tuple(w.shape[1:])))
            new_windows.append(y[None] if w.shape[0] == 1 else
                               jnp.concatenate([w[1:], y[None]], axis=0))
        new_carried = [jnp.asarray(v, s.dtype)
                       for v, s in zip(res[sp.n_outs:sp.n_outs + sp.n_carried],
                                       self.carried_vars)]
        cond = res[-1] if sp.as_while else None
        return new_windows, new_carried, ys, cond


# ---------------------------------------------------------------- loops

def _fixed_loop(step, sp, windows, carried, slices, n, free_vals):
    """Returns (stacked outputs, final carried values) of ``n`` steps with ``lax.scan``."""
    import jax
    import jax.numpy as jnp
    k = sp.truncate_gradient
    if k < 0 or k >= n:
        return _scan(step, windows, carried, slices, n, free_vals)
    # Truncated BPTT (Theano's truncate_gradient): gradients flow through the last k steps.
    sg = _stop_gradient
    first = n - k
    ys1, fin1, (w1, c1) = _scan(step, sg(windows), sg(carried), sg([s[:first] for s in slices]),
                                first, sg(free_vals), with_state=True)
    if k == 0:
        return sg(ys1), sg(fin1)
    ys2, fin2 = _scan(step, sg(w1), sg(c1), [s[first:] for s in slices], k, free_vals)
    ys = [jnp.concatenate([jax.lax.stop_gradient(a), b], axis=0) for a, b in zip(ys1, ys2)]
    return ys, fin2


def _scan(step, windows, carried, slices, n, free_vals, with_state=False):
    import jax
    import jax.numpy as jnp
    # the steps' check flags, AND-reduced through the carry and checked after the loop
    n_checks = step.count_checks(windows, carried, slices, free_vals)

    def body(state, xs):
        w, c, ok = state
        nw, nc, ys, _, flags = step(w, c, list(xs), free_vals, ok if n_checks else None)
        if n_checks:
            ok = ok & jnp.stack(flags)
        return (nw, nc, ok), ys

    ok0 = jnp.ones((n_checks,), bool)
    (w, c, ok), ys = jax.lax.scan(body, (windows, carried, ok0), tuple(slices), length=n)
    if n_checks:
        step.check(ok)
    if with_state:
        return list(ys), list(c), (w, c)
    return list(ys), list(c)


def _while_loop(step, windows, carried, slices, n, free_vals):
    """Returns (output buffers of n rows, final carried values, steps run) of a do-while loop."""
    import jax
    import jax.numpy as jnp
    first = [sl[0] for sl in slices]
    shapes = jax.eval_shape(lambda w, c, x: step(w, c, x, free_vals)[2], windows, carried, first)
    bufs = [jnp.zeros((n,) + tuple(s.shape), s.dtype) for s in shapes]
    n_checks = step.count_checks(windows, carried, slices, free_vals)

    def cond_fn(state):
        i, done = state[0], state[1]
        return (i < n) & jnp.logical_not(done)

    def body_fn(state):
        i, _, w, c, b, ok = state
        xs = [jax.lax.dynamic_index_in_dim(sl, i, keepdims=False) for sl in slices]
        nw, nc, ys, cond, flags = step(w, c, xs, free_vals, ok if n_checks else None)
        b = [jax.lax.dynamic_update_index_in_dim(buf, y, i, 0) for buf, y in zip(b, ys)]
        if n_checks:
            ok = ok & jnp.stack(flags)
        return (i + 1, jnp.asarray(cond) != 0, nw, nc, b, ok)

    state = (jnp.asarray(0, "int64"), jnp.asarray(False), windows, carried, bufs,
             jnp.ones((n_checks,), bool))
    i, _, _, c, b, ok = jax.lax.while_loop(cond_fn, body_fn, state)
    if n_checks:
        step.check(ok)
    return list(b), list(c), i


def _stop_gradient(values):
    import jax
    return [v if is_concrete(v) else jax.lax.stop_gradient(v) for v in values]


def _outs(node, ys, finals):
    import jax.numpy as jnp
    outs = node.outputs
    return [jnp.asarray(y, o.dtype) for y, o in zip(ys, outs)] + list(finals)
