"""Timing, compile-time and agreement helpers shared by every workload.

A workload is measured as two *sides*, theanox and hand-written JAX, each a
`Side`: ``compile()`` builds and compiles (timed: ``theano.function`` + first
call, or ``jax.jit(...).lower(...).compile()``), ``step()`` runs one step and
returns NumPy results, ``result()`` returns what the agreement check compares.
Steps are timed interleaved (A B A B ...) after warm-up; the median wins.
"""
import gc
import statistics
import time

import numpy as np


class Side:
    """Returns a benchmark side: callables to compile, step and read the results."""

    def __init__(self, compile, step, result=None, executable=None):
        self.compile = compile
        self.step = step
        self.result = result
        self.executable = executable     # returns a jax Compiled (HLO, memory)


class Unavailable(Exception):
    """Raised by a workload whose theanox modules are missing (not written yet)."""


def warm_up():
    """Returns None after one tiny theanox function and one jitted function have run.

    Compile times below then exclude one-time process costs (first-use imports,
    JAX backend start-up) that would otherwise land on whichever workload is first.
    """
    import jax

    import theanox as theano
    import theanox.tensor as T
    x = T.dscalar()
    theano.function([x], x + 1)(1.0)
    jax.jit(lambda v: v + 1)(1.0).block_until_ready()


def timed(fn):
    """Returns (seconds, value) of one call of ``fn``."""
    t = time.perf_counter()
    v = fn()
    return time.perf_counter() - t, v


def interleaved(step_a, step_b, n_steps, repeats, warmup=2):
    """Returns (median seconds per step of a, of b), timing a and b alternately."""
    s = interleaved_blocks({"a": block(step_a), "b": block(step_b)}, n_steps, repeats, warmup)
    return statistics.median(s["a"]), statistics.median(s["b"])


def block(step):
    """Returns block(n) -> seconds per step of n calls of ``step`` (garbage collection off)."""
    def run(n):
        gc_was = gc.isenabled()
        gc.disable()
        try:
            t = time.perf_counter()
            for _ in range(n):
                step()
            return (time.perf_counter() - t) / n
        finally:
            if gc_was:
                gc.enable()
    return run


def interleaved_blocks(blocks, n_steps, repeats, warmup=2):
    """Returns {name: [seconds per step, one per repeat]}: the blocks run in rotating order.

    ``blocks`` maps a name to ``block(n) -> seconds per step`` (``block(step)`` for a
    callable of this process; benchmarks/theano_client.py's for Theano in its own
    process, which runs while this one waits).  Each repeat runs every block once, the
    first block of the repeat rotating, so that a slow phase of the machine hits all.
    """
    names = list(blocks)
    for _ in range(warmup):
        for k in names:
            blocks[k](1)
    out = {k: [] for k in names}
    for r in range(repeats):
        order = names[r % len(names):] + names[:r % len(names)]
        for k in order:
            out[k].append(blocks[k](n_steps))
    return out


def max_rel_diff(a, b):
    """Returns the largest |a-b| / max(1, |b|) over paired lists of arrays."""
    worst = 0.0
    for x, y in zip(a, b):
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        if x.shape != y.shape:
            return float("inf")
        if x.size:
            worst = max(worst, float(np.max(np.abs(x - y) / np.maximum(1.0, np.abs(y)))))
    return worst


def count_ops(hlo_text, names=("dot", "convolution", "exponential", "log", "tanh")):
    """Returns {op name: count} of instructions in an optimized HLO module's text."""
    import re
    return {n: len(re.findall(r"= [^ ]+ %s\(" % n, hlo_text)) for n in names}


def memory_mb(compiled):
    """Returns (argument, output, alias, temp) sizes in MB of a jax Compiled object."""
    m = compiled.memory_analysis()
    if m is None:
        return None
    mb = 1.0 / (1 << 20)
    return (m.argument_size_in_bytes * mb, m.output_size_in_bytes * mb,
            m.alias_size_in_bytes * mb, m.temp_size_in_bytes * mb)


def theanox_executable(fn, args):
    """Returns the jax Compiled object a theanox Function runs for ``args``."""
    prog = fn._program
    values = [fn._make_check(i)(a) for i, a in enumerate(args)]
    values += [s._value for s in fn.shared_vars]
    exe = prog.executable(values)
    return exe.lower(*values, *prog.extra_arguments(values)).compile()


def fmt_time(s):
    """Returns seconds as a short human string (us / ms / s)."""
    if s is None:
        return "-"
    if s < 1e-3:
        return "%.1f us" % (s * 1e6)
    if s < 1:
        return "%.2f ms" % (s * 1e3)
    return "%.2f s" % s
