"""Program: a graph from input variables to output variables, run as jitted XLA executables.

What is computed where is decided once, by ``staging.Plan``, when the Program is
built: runtime values (slice starts, indices, data) are arguments of the jitted
function; shape-deciding host values (slice lengths, reshape targets, nonzero
counts) are computed before dispatch and key a bounded cache of executables.
A Program that keeps recompiling says once which value made it.
"""
import warnings
from collections import OrderedDict

import numpy as np

from theanox.compile import host_eval, tiling
from theanox.compile.lower import NeedsHostValue, evaluate
from theanox.compile.sharding import Placement, matmul_precision, one_device
from theanox.compile.staging import HostArray, Plan, branch_condition, branch_inputs, host_value
from theanox.graph.lowering import CheckFailed, PendingChecks, RuntimeCheck, collect_checks, trace_of


class RecompileWarning(UserWarning):
    """Warned once when a function keeps compiling new XLA executables."""


class Program:
    """Returns a callable computing ``outputs`` (JAX arrays) from values of ``inputs``.

    ``donate`` lists input positions whose buffers may be reused for outputs
    (shared-variable state that the call replaces); ``name`` is used in warnings;
    ``placement`` (``compile/sharding.py``) says on which devices the arguments and
    results live (default: ``config.device`` now).
    """

    def __init__(self, inputs, outputs, donate=(), name=None, placement=None, state=()):
        self.inputs = list(inputs)
        self.outputs = list(outputs)
        self.donate = tuple(donate)
        # [(output position, input position)]: an updated state and its old value, which
        # the program returns instead of the new one when a run-time check fails.
        self.state = tuple(state)
        self._checks = {}                    # executable key -> [RuntimeCheck] (traced)
        self._n_out = len(self.outputs)      # more results: the run-time check flags
        # True (a Function's program): flags come back as a last PendingChecks result,
        # read by the caller after the outputs (state is selected in the program).
        self.deferred_checks = False
        # Output positions the caller converts to host arrays anyway (a Function's
        # returned outputs): the first small float one is made NaN when a check fails,
        # so a call whose checks held usually needs no read of the flags (see run).
        self.sentinel_candidates = ()
        self._sentinels = {}                 # executable key -> sentinel position or None
        self.name = name
        self.placement = placement if placement is not None else one_device()
        self.precision = matmul_precision()
        self.plan = Plan(self.inputs, self.outputs)
        _reuse_large_buffers()
        self.compile_count = 0
        self._executables = OrderedDict()    # host-value key -> jitted function
        self._sizes = {}                     # key -> executables it held at the last call
        self._last = None                    # (key, signature) of the last compile
        self._warned = False
        # Set by a Function without updates whose outputs are not borrowed: a call whose
        # taken branches make every output an input returns those inputs, no XLA call.
        self.forward_inputs = False
        self._branches = {}                  # key -> (forwarded positions, used inputs)
        self._replan()

    # ------------------------------------------------------------ calling
    def runner(self):
        """Returns the fastest callable(values) -> outputs for this program."""
        if self.plan.is_static and not self.plan.has_ifelse:
            return self.placement.wrap(self._call_static)
        if self.defers_alignment:
            return self._call_branches
        return self.placement.wrap(self)

    @property
    def defers_alignment(self):
        """Returns True when the program, not the input checks, aligns big arguments.

        So for a program whose ifelse conditions are host values: which inputs the
        call uses is known only once the branches are (``_call_branches``).
        """
        return bool(self.plan.branch_conditions) and type(self.placement) is Placement

    # (values, positions) -> values with the big NumPy arrays at ``positions`` 64-byte
    # aligned: set by the Function owning the program (its input rule, function.py).
    align = None

    def _align(self, values, positions):
        if self.align is None:
            return values
        values = list(values)
        for i in positions:
            values[i] = self.align(values[i])
        return values

    def _call_branches(self, values):
        """Returns the outputs for ``values`` when ifelse conditions are host values.

        Only the inputs the taken branches use are aligned (copied, if they are big
        unaligned NumPy arrays; the others are not even imported: jit drops unused
        arguments); when every output is an input, they are returned as they are
        (the Function copies them once, as Theano does).
        """
        if self._stage is not None:
            return self(self._align(values, range(len(values))))
        key = self._host(values)
        how = self._branches.get(key)
        if how is None:
            if len(self._branches) > 4 * _config("staging.cache_size", 64):
                self._branches.clear()
            how = self._branches[key] = self._branch_plan(key)
        forward, used, same_shapes = how
        if forward is not None and all(np.shape(values[i]) == np.shape(values[j])
                                       for i, j in same_shapes):
            return tuple(values[i] for i in forward)
        return self(self._align(values, used), key)

    def __call__(self, values, key=None):
        """Returns the outputs (JAX arrays) for ``values`` (inputs then shared state)."""
        if self._stage is None:                # the usual case: a few host integers
            if key is None:
                key = self._host(values)
            exe = self._executables.get(key)
            if exe is not None:
                self._executables.move_to_end(key)
                try:
                    outs = exe(*values)
                except NeedsHostValue as need:
                    self._restage(need)
                    return self._call_staged(values)
                if exe._cache_size() != self._sizes.get(key, 0):
                    self._count(key, exe, values)
                if len(outs) != self._n_out:
                    return self._checked(key, outs)
                return outs
        return self._call_staged(values)

    def _call_staged(self, values):
        while True:
            key, host, extra = self._host_values(values)
            exe = self._executable(key, host)
            try:
                outs = exe(*values, *extra)
            except NeedsHostValue as need:
                self._restage(need)
                continue
            self._count(key, exe, values)
            if len(outs) != self._n_out:
                return self._checked(key, outs)
            return outs

    def _branch_plan(self, key):
        """Returns (forwarded input positions or None, used input positions, pairs of
        input positions whose shapes must agree for the forwarding) for ``key``."""
        from theanox.tensor.type import TensorType
        plan = self.plan
        known = dict(zip(plan.py_vars, key))
        position = {v: i for i, v in enumerate(self.inputs)}

        def decided(node):
            cond = branch_condition(node)
            return cond is not None and cond in known

        def taken(node):
            return branch_inputs(node, host_value(known[branch_condition(node)]))

        pairs = []

        def resolve(v):
            while v.owner is not None and decided(v.owner):
                node = v.owner
                chosen = taken(node)[node.outputs.index(v)]
                if type(node.op).__name__ != "IfElse":
                    # a switch returns its operand whole only when the types agree and
                    # (checked per call) the other operand has the same shape
                    other = node.inputs[2 if chosen is node.inputs[1] else 1]
                    if chosen.type != v.type or other.type != v.type or other not in position:
                        return None
                    pairs.append((position[node.inputs[1]], position[node.inputs[2]]))
                v = chosen
            return v
        ends = [resolve(o) for o in plan.outputs]
        used, seen, stack = set(), set(), list(plan.outputs)
        while stack:
            v = stack.pop()
            if v in seen:
                continue
            seen.add(v)
            if v in position:
                used.add(position[v])
            elif v.owner is not None:
                node = v.owner
                if decided(node):
                    # a decided switch reads only the shape of its other operand (while
                    # tracing), so jit drops what only that operand needs: not aligned
                    stack.append(node.inputs[0])
                    stack.extend(taken(node))
                else:
                    stack.extend(node.inputs)
        if self.forward_inputs and not plan.checks and all(
                e in position and isinstance(e.type, TensorType) for e in ends):
            return [position[e] for e in ends], sorted(used), pairs
        return None, sorted(used), ()

    def _restage(self, need):
        # An ifelse whose branch shapes differ: its condition becomes a host value.
        self.plan.add_host_var(need.variable)
        self._replan()

    def _call_static(self, values):
        host = self._host_run
        if host is not None:
            outs = host(values)
        else:
            exe = self._single
            outs = exe(*values)
            if exe._cache_size() != self._sizes.get((), 0):
                self._count((), exe, values)
                if _scalar_cpu_values(values, outs):
                    # every value 0-d: later calls run the program as NumPy scalar code
                    # when it translates (compile/host_eval.py); the executable stays
                    self._host_run = host_eval.build(exe, values)
        if len(outs) != self._n_out:
            return self._checked((), outs)
        return outs

    _host_run = None

    def _checked(self, key, outs):
        """Returns the outputs when every run-time check held; raises the first failure.

        The last output holds one bool per check (see ``_pure_function``): one small
        transfer per call, only for programs that have checks.
        """
        n = self._n_out
        if self.deferred_checks:
            return outs[:n] + (PendingChecks(self._checks[key], outs[n],
                                             self._sentinels.get(key)),)
        flags = np.asarray(outs[n])
        outs = outs[:n]
        if flags.all():
            return outs
        error = self._checks[key][int(np.argmin(flags))].exception()
        if self.donate:
            raise CheckFailed(error, outs)
        raise error

    def run_eager(self, values, on_node=None):
        """Returns the outputs computed op by op without jit (DebugMode, profiling)."""
        import jax
        env = dict(zip(self.inputs, values))
        with jax.default_matmul_precision(self.precision):
            outs = tuple(evaluate(self.outputs, env, on_node=on_node))
        # The new state lives where the jitted program would have put it.
        return self.placement.put(outs)

    def executable(self, values):
        """Returns the jitted function (``jax.jit`` object) that ``values`` run on."""
        key, host, _ = self._host_values(values)
        return self._executable(key, host)

    def extra_arguments(self, values):
        """Returns the values the stage hands to the main executable after ``values``."""
        return self._host_values(values)[2]

    # ------------------------------------------------------------ host values
    def _replan(self):
        plan = self.plan
        staged = plan.stage_vars + plan.carry_vars
        self._stage = Program(self.inputs, staged, (), self.name,
                              self.placement.for_stage()) if plan.stage_vars else None
        self._executables.clear()
        self._branches.clear()
        self._sizes.clear()
        self._single = self._executable((), []) if plan.is_static else None
        self._host = plan.evaluator.host

    def _host_values(self, values):
        """Returns (executable key, [(host var, value)], extra arguments) for ``values``."""
        plan = self.plan
        key = self._host(values)
        if self._stage is None:
            return key, list(zip(plan.py_vars, key)), ()
        outs = self._stage(values)
        n_st = len(plan.stage_vars)
        staged = [np.asarray(o) for o in outs[:n_st]]
        for var, value in zip(plan.stage_vars, staged):
            if var.owner is not None and type(var.owner.op).__name__ == "SliceLength" \
                    and int(value) < 0:
                raise ValueError("slice step cannot be zero (the step of %s evaluated to 0)"
                                 % (var.owner.op,))
        key = key + tuple(_key(v) for v in staged)
        return key, list(zip(plan.py_vars + plan.stage_vars, key)), tuple(outs[n_st:])

    # ------------------------------------------------------------ executables
    def _executable(self, key, host):
        exe = self._executables.get(key)
        if exe is not None:
            self._executables.move_to_end(key)
            return exe
        import jax
        exe = jax.jit(self._pure_function(host, key), donate_argnums=self.donate,
                      **self.placement.jit_options(len(self.plan.carry_vars)))
        self._executables[key] = exe
        limit = _config("staging.cache_size", 64)
        while limit and len(self._executables) > limit:
            old, _ = self._executables.popitem(last=False)
            self._sizes.pop(old, None)
        return exe

    def _pure_function(self, host, key):
        inputs, outputs = self.inputs, self.plan.outputs
        carry = self.plan.carry_vars
        n = len(inputs)
        host = [(v, np.asarray(host_value(value), v.dtype)) for v, value in host]
        precision = self.precision
        # A DataParallel program fixes its output layout before tracing: no flags.
        checking = not isinstance(self.placement.jit_options(0).get("out_shardings"), tuple)
        state = self.state
        registry = self._checks
        sentinels = self._sentinels
        candidates = self.sentinel_candidates
        tiled = self._tiled_inputs() if checking and not state else set()

        def run(*vals):
            import jax
            env = dict(zip(inputs, vals[:n]))
            env.update(zip(carry, vals[n:]))
            env.update(host)
            # Full float32 matmuls/convolutions unless config.matmul_precision says
            # otherwise (on GPUs XLA's default would use TF32): read while tracing.
            with jax.default_matmul_precision(precision), \
                    collect_checks(trace_of(vals) if checking else None) as checks:
                outs = list(evaluate(outputs, env))
            registry[key] = [RuntimeCheck(None, c.error, c.message, c.node) for c in checks]
            if not checks:
                return tuple(outs)
            # Run-time checks (integer division by zero, indices out of range): one bool
            # output each; a failed call returns the old state (its buffers are donated).
            flags = jax.numpy.stack([c.ok for c in checks])
            ok = jax.numpy.all(flags)
            for o, i in state:
                outs[o] = jax.numpy.where(ok, outs[o], vals[i])
            # Reading the flags costs a transfer of its own (~10 us, a tenth of a small
            # minibatch step); a NaN in an output read anyway says when they must be read.
            sentinel = _sentinel(outs, candidates)
            sentinels[key] = sentinel
            if sentinel is not None:
                outs[sentinel] = jax.numpy.where(ok, outs[sentinel], jax.numpy.nan)
            return tuple(outs) + (flags,)
        if tiled:
            return lambda *vals: tiling.tile_rows(run, vals, sorted(tiled), len(outputs))
        return run

    def _tiled_inputs(self):
        # Input positions to evaluate in tiles of rows (compile/tiling.py); carried
        # values (staging) are not tiled.
        if self.plan.carry_vars or not _config("tiling.budget", 0):
            return set()
        return tiling.separable_inputs(self.inputs, self.plan.outputs)

    def _count(self, key, exe, values):
        size = exe._cache_size()
        before = self._sizes.get(key, 0)
        self._sizes[key] = size
        if size <= before:
            return
        self.compile_count += size - before
        limit = _config("staging.cache_size", 64)
        if limit and size > limit:
            exe.clear_cache()        # bounded: one jit's shape-specialisations too
            self._sizes[key] = 0
        signature = [(tuple(np.shape(v)), str(getattr(v, "dtype", type(v).__name__)))
                     for v in values]
        last, self._last = self._last, (key, signature)
        threshold = _config("staging.recompile_warning", 10)
        if threshold and self.compile_count >= threshold and not self._warned \
                and last is not None:
            self._warned = True
            warnings.warn(self._storm_message(last, (key, signature)), RecompileWarning,
                          stacklevel=4)

    def _storm_message(self, last, now):
        causes = []
        for k, (var, a, b) in enumerate(zip(self._host_key_vars(), last[0], now[0])):
            if a != b:
                causes.append("%s changed from %s to %s"
                              % (_describe_host(var, self.plan.consumers.get(var)), a, b))
        for k, (a, b) in enumerate(zip(last[1], now[1])):
            if a != b and k < len(self.inputs):
                causes.append("input %s changed from shape %s %s to shape %s %s"
                              % (self.inputs[k], a[0], a[1], b[0], b[1]))
        cause = "; ".join(causes) or "the inputs' shapes or host values changed"
        return ("theanox function %s has compiled %d XLA executables: each new %s needs "
                "its own. The last recompile: %s. Slice starts and indices never "
                "recompile; shapes do. Keep shapes fixed (e.g. pad or drop the short last "
                "minibatch, give reshape/alloc sizes that do not change), or raise "
                "config.staging.recompile_warning to silence this."
                % (self.name or "", self.compile_count,
                   "input shape or shape-deciding value", cause))

    def _host_key_vars(self):
        return self.plan.py_vars + self.plan.stage_vars


def _describe_host(var, consumer):
    op = var.owner.op if var.owner is not None else None
    if type(op).__name__ == "SliceLength":
        sliced = var.owner.inputs[0].owner.inputs[0]      # SliceLength(Shape_i(x), ...)
        return "the length of a slice of %s (%s)" % (sliced, consumer.op if consumer else op)
    if type(op).__name__ == "MakeVector":          # a shape given as (n, -1)
        what = "(%s)" % ", ".join(str(i.data) if i.owner is None and hasattr(i, "data")
                                  else i.name or "..." for i in var.owner.inputs)
    else:
        what = "input %s" % var if op is None else "%s" % var
    where = " (it decides the shape of %s)" % consumer.op if consumer is not None else ""
    return "the value of %s%s" % (what, where)


_MALLOC = {}


def _sentinel(outs, candidates, max_size=64):
    """Returns the position of the first small real-float output among ``candidates``."""
    for pos in candidates:
        dtype, size = getattr(outs[pos], "dtype", None), getattr(outs[pos], "size", None)
        if dtype is not None and dtype.kind == "f" and size is not None and 0 < size <= max_size:
            return pos
    return None


def _reuse_large_buffers():
    """Raises glibc's mmap threshold once per process, so that big buffers are reused.

    glibc serves an allocation above its mmap threshold (adaptive, capped at 32 MB)
    with fresh pages from the kernel and unmaps them on free, so every 40 MB output
    buffer XLA allocates per call is page-faulted and zeroed again: on this 2-core
    machine that is ~30 ms of a 40 ms ifelse/switch step over 10000 x 1000 float32
    (NumPy's own large arrays use huge pages and do not pay it; benchmarks/ANALYSIS.md,
    "Large arguments and outputs").  Raising the threshold to 512 MB (trimming the
    heap above 1 GB free) lets freed buffers be reused.  THEANOX_MMAP_THRESHOLD=<bytes>
    sets another threshold; 0 leaves the allocator alone.  Not glibc: nothing to do.
    """
    if _MALLOC:
        return
    _MALLOC["done"] = True
    import os
    try:
        threshold = int(os.environ.get("THEANOX_MMAP_THRESHOLD", 512 << 20))
    except ValueError:
        raise ValueError("THEANOX_MMAP_THRESHOLD must be a number of bytes (0: leave glibc's "
                         "allocator alone), got %r" % os.environ["THEANOX_MMAP_THRESHOLD"])
    try:
        glibc = os.confstr("CS_GNU_LIBC_VERSION").startswith("glibc")
    except (AttributeError, ValueError, OSError):
        glibc = False
    if threshold <= 0 or not glibc:
        return
    try:
        import ctypes
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
    _MALLOC["set"] = bool(mallopt(M_MMAP_THRESHOLD, threshold)) and bool(
        mallopt(M_TRIM_THRESHOLD, max(2 * threshold, 1 << 30)))


def _scalar_cpu_values(values, outs):
    """Returns True when every argument and output is 0-d and the outputs are on the CPU."""
    if any(np.ndim(v) != 0 for v in values) or any(np.ndim(o) != 0 for o in outs):
        return False
    return all(d.platform == "cpu" for o in outs for d in o.devices())


def _key(value):
    a = np.asarray(value)
    return a.item() if a.ndim == 0 else HostArray(a)


def _config(name, default):
    from theanox import config
    return getattr(config, name, default)
