"""Run the benchmarks: ``python -m benchmarks [--quick] [--only 1,3,9] [--theano PYTHON]
[--no-write] [--out PATH]``.

Prints each workload as it runs, then the Markdown report (machine, date, the table,
compile times cold/warm, the forward-once HLO check, the large-argument import
measurements), and writes the report to benchmarks/results-latest.md (not tracked
by git, so a run leaves the clone clean). ``--out benchmarks/RESULTS.md`` updates the
committed results.  Not part of ``make test``.

``--theano PYTHON`` (``make bench-theano``) also runs every workload in real Theano
1.0.5 (PYTHON = the Theano venv's interpreter, benchmarks/theano_side.py as a server
process), its blocks interleaved with theanox's and hand JAX's, and the tutorials'
minibatch loops and the CNN's prediction memory in fresh Theano processes of the
same run, so that the report puts the three side by side from one sitting.
"""
import argparse
import os
import statistics
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import numpy as np  # noqa: E402


def main(argv=None):
    """Returns the process exit status after running and reporting the benchmarks."""
    ap = argparse.ArgumentParser(prog="python -m benchmarks")
    ap.add_argument("--quick", action="store_true", help="fewer repeats (a smoke run)")
    ap.add_argument("--only", default="", help="comma separated workload numbers, e.g. 1,3")
    ap.add_argument("--no-write", action="store_true", help="print only; write no file")
    ap.add_argument("--out", default=os.path.join(HERE, "results-latest.md"),
                    help="where to write the report (default benchmarks/results-latest.md, "
                         "untracked; benchmarks/RESULTS.md is the committed one)")
    ap.add_argument("--no-cache", action="store_true", help="skip the compile-cache check")
    ap.add_argument("--theano", default=os.environ.get("THEANO_PYTHON", ""), metavar="PYTHON",
                    help="the Theano 1.0.5 venv's python: measure Theano side by side "
                         "(default $THEANO_PYTHON; see make bench-theano)")
    args = ap.parse_args(argv)

    # Compile times are cold ones: a fresh persistent compilation cache for this run
    # (theanox leaves a cache dir set through JAX alone; compile_cache.py's children
    # name their own), not the user's ~/.theanox/jax_cache from earlier runs.
    import tempfile
    os.environ.setdefault("JAX_COMPILATION_CACHE_DIR",
                          tempfile.mkdtemp(prefix="theanox-bench-jax-cache-"))
    import theanox  # noqa: F401  (turns on x64 like a user's import would)
    from benchmarks import report
    from benchmarks.harness import Unavailable, warm_up
    from benchmarks.workloads import WORKLOADS
    warm_up()
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    rows, extras = [], {}
    t_all = time.perf_counter()
    theano = None
    if args.theano:
        from benchmarks import theano_client
        theano = theano_client.TheanoServer(args.theano)
        extras["theano"] = theano.info
        print("Theano side:", theano.info, flush=True)
        if not only or only & {"9a", "9b", "10", "11", "9"}:
            # the tutorials' loops, in a fresh Theano process of this sitting
            path = os.path.join(HERE, "theano_minibatch-latest.json")
            print("== Theano 1.0.5: the minibatch workloads (theano_minibatch.py)", flush=True)
            extras["theano_minibatch"] = theano_client.minibatch(args.theano, path, args.quick)
    for title, make in WORKLOADS:
        num = title.split()[0]
        if only and num not in only and num.rstrip("ab") not in only:
            continue
        print("== %s" % title, flush=True)
        try:
            row = run_workload(title, make, args.quick, theano)
        except Unavailable as e:
            row = {"title": title, "status": "not available: %s" % e}
        except Exception as e:  # noqa: BLE001 - one broken workload must not stop the rest
            traceback.print_exc()
            row = {"title": title, "status": "error: %s: %s" % (type(e).__name__,
                                                               str(e).splitlines()[0][:200])}
        print("   ", report.row_text(row), flush=True)
        rows.append(row)
    if theano is not None:
        theano.close()
        if not only or "5" in only:
            print("== CNN prediction on 10,000 images: peak memory", flush=True)
            extras["predict_memory"] = predict_memory(args.theano, args.quick)
    if not only or "1" in only:
        extras["call_path"] = call_path_breakdown(args.quick)
    extras["import"] = large_argument_import(args.quick)
    if not args.no_cache:
        from benchmarks import compile_cache
        extras["cache"] = compile_cache.measure(only or compile_cache.DEFAULT)
    extras["elapsed"] = time.perf_counter() - t_all
    text = report.markdown(rows, extras)
    print(text)
    if not args.no_write:
        with open(args.out, "w") as f:
            f.write(text)
        print("wrote", args.out)
    return 0


def run_workload(title, make, quick, theano=None):
    """Returns the measured row of one workload (times, ratios, compile, agreement, HLO).

    Steps: the median and the minimum over interleaved repeats of each side
    (``t_*`` theanox, ``j_*`` hand JAX, ``th_*`` Theano 1.0.5 when ``theano`` is a
    benchmarks.theano_client.TheanoServer).
    """
    import gc

    from benchmarks.harness import (
        block,
        count_ops,
        interleaved_blocks,
        max_rel_diff,
        memory_mb,
        theanox_executable,
        timed,
    )
    from benchmarks.theano_client import TheanoError
    ts, js, opts = make()
    row = {"title": title, "status": "ok"}
    num = title.split()[0]
    if "runner" in opts:       # workloads 9-11 time their own phases (benchmarks/minibatch.py)
        row.update(opts["runner"](quick))
        gc.collect()
        return row
    row["t_compile"], _ = timed(ts.compile)
    row["j_compile"], _ = timed(js.compile)
    blocks = {"t": block(ts.step), "j": block(js.step)}
    if theano is not None:
        try:
            row["th_compile"], th_result = theano.build(num, result=ts.result is not None)
            blocks["th"] = theano.block(num)
        except TheanoError as e:
            row["th_error"] = str(e)
            th_result = None
    if ts.result is not None and js.result is not None:
        t_result = ts.result()
        row["agree"] = max_rel_diff(t_result, js.result())
        row["tol"] = opts["tol"]
        if theano is not None and th_result is not None:
            rows = opts.get("theano_rows")
            if rows:
                t_result, th_result = [a[:rows] for a in t_result], [a[:rows] for a in th_result]
            row["agree_th"] = max_rel_diff(t_result, th_result)
    else:
        row["agree"] = None
    n, reps = opts["n_steps"], opts["repeats"]
    if quick:
        n, reps = max(1, n // 5), 3
    try:
        samples = interleaved_blocks(blocks, n, reps)
    except TheanoError as e:                # Theano failed mid-run: time the other two
        row["th_error"] = str(e)
        blocks.pop("th")
        samples = interleaved_blocks(blocks, n, reps)
    for k, v in samples.items():
        row[k + "_step"] = statistics.median(v)
        row[k + "_min"] = min(v)
    if "th" in blocks:
        theano.free(num)
    try:
        fn, fargs = ts.executable()
        tc = theanox_executable(fn, fargs)
        jc = js.executable()
        row["t_ops"], row["j_ops"] = count_ops(tc.as_text()), count_ops(jc.as_text())
        row["t_mem"], row["j_mem"] = memory_mb(tc), memory_mb(jc)
    except Exception as e:  # noqa: BLE001 - the HLO check is informative only
        row["hlo_error"] = "%s: %s" % (type(e).__name__, e)
    gc.collect()
    return row


def predict_memory(theano_python, quick):
    """Returns {"theano": {...}, "theanox": {...} or an error}: the CNN's peak memory.

    Theano's side runs in a fresh process (benchmarks/theano_side.py --predict-memory);
    theanox's comes from benchmarks/cnn.py's ``predict_memory(quick)`` when that
    module provides it (the CNN workload module), also measured in a fresh process,
    returning {"peak_mb", "baseline_mb", "seconds", "compile"} (peak: read VmHWM as
    theano_side.peak_rss_mb does - a child's ru_maxrss includes this process's peak).
    """
    from benchmarks import theano_client
    out = {"theano": theano_client.predict_memory(theano_python)}
    try:
        from benchmarks import cnn
        measure = cnn.predict_memory
    except (ImportError, AttributeError) as e:
        out["theanox"] = {"error": "benchmarks/cnn.py has no predict_memory(): %s" % e}
        return out
    try:
        out["theanox"] = measure(quick)
    except Exception as e:  # noqa: BLE001 - one broken measurement must not stop the report
        traceback.print_exc()
        out["theanox"] = {"error": "%s: %s" % (type(e).__name__, str(e).splitlines()[0][:200])}
    return out


def call_path_breakdown(quick):
    """Returns {variant: (median seconds per call, hand JAX's)} splitting workload 1's call."""
    from benchmarks.harness import interleaved
    from benchmarks.workloads import w1_linear_per_sample
    ts, js, _ = w1_linear_per_sample()
    ts.compile()
    js.compile()
    f = ts.executable()[0]
    f(0.5, 1.0)
    x64, y64 = np.float64(0.3), np.float64(0.5)        # the seed's NumPy float64 scalars
    x, y = np.float32(0.3), np.float32(0.5)
    w, b = f.shared_vars
    prog = f._program
    host = prog._host_run                              # None: the program stays on XLA
    exe = prog._single                                 # the jitted function

    def on_xla(fn):
        def run():
            prog._host_run = None
            try:
                return fn()
            finally:
                prog._host_run = host
        return run

    def trusted():
        f.trust_input = True
        try:
            return f(x, y)
        finally:
            f.trust_input = False

    def raw():
        outs = exe(x, y, w._value, b._value)
        w._value, b._value = outs[1], outs[2]
        return np.array(outs[0])

    variants = [("f(x, y), NumPy float64 scalars into float32 inputs", lambda: f(x64, y64)),
                ("f(x, y), NumPy float32 scalars", lambda: f(x, y)),
                ("f(x, y) with f.trust_input = True", trusted)]
    if host is not None:
        variants += [("f(x, y) with the program kept on XLA (jitted executable)",
                      on_xla(lambda: f(x, y))),
                     ("the host program alone (generated NumPy code)",
                      lambda: host([x, y, w._value, b._value]))]
    variants += [("the jitted executable alone + write-back + np.array", on_xla(raw))]
    n, reps = (50, 5) if quick else (200, 21)
    out = {}
    for name, fn in variants:
        out[name] = interleaved(fn, js.step, n, reps)
    return out


def large_argument_import(quick):
    """Returns timings (seconds) of the ways a 40 MB float32 NumPy array can enter JAX."""
    import jax
    import jax.numpy as jnp
    a = np.random.RandomState(0).rand(10000, 1000).astype(np.float32)
    if a.ctypes.data % 64 == 0:           # make it look like NumPy's usual 16-byte alignment
        buf = np.empty(a.size + 16, np.float32)
        start = ((-buf.ctypes.data % 64) // 4 + 4) % 16
        a_odd = buf[start:start + a.size].reshape(a.shape)
        a_odd[...] = a
        a = a_odd
    cpu = jax.devices("cpu")[0]
    from theanox.function import _aligned
    a64 = _aligned(a)
    ways = {
        "numpy copy (a.copy())": lambda: a.copy(),
        "jax.device_put(a)": lambda: jax.device_put(a).block_until_ready(),
        "jax.device_put(a, may_alias=True)":
            lambda: jax.device_put(a, cpu, may_alias=True).block_until_ready(),
        "jnp.asarray(a)": lambda: jnp.asarray(a).block_until_ready(),
        "jax.dlpack.from_dlpack(a)": lambda: jax.dlpack.from_dlpack(a).block_until_ready(),
        "jax.device_put(a64), a64 = a copied to a 64-byte aligned buffer (zero-copy)":
            lambda: jax.device_put(a64).block_until_ready(),
        "theanox's way in: NumPy copy into an aligned buffer, then zero-copy import":
            lambda: jax.device_put(_aligned(a)).block_until_ready(),
        "jitted mean, array on device": None,
        "jitted mean, NumPy argument": None,
    }
    mean = jax.jit(jnp.mean)
    dev = jax.device_put(a)
    ways["jitted mean, array on device"] = lambda: mean(dev).block_until_ready()
    ways["jitted mean, NumPy argument"] = lambda: mean(a).block_until_ready()
    ways["jitted mean, aligned NumPy argument"] = lambda: mean(a64).block_until_ready()
    out = {}
    reps = 3 if quick else 9
    for name, fn in ways.items():
        try:
            fn()
            ts = []
            for _ in range(reps):
                t = time.perf_counter()
                fn()
                ts.append(time.perf_counter() - t)
            out[name] = float(np.median(ts))
        except Exception as e:  # noqa: BLE001
            out[name] = "%s: %s" % (type(e).__name__, str(e)[:100])
    return out


if __name__ == "__main__":
    sys.exit(main())
