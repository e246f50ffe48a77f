"""The seed's CNN on its own: training step, prediction memory, cold and warm compile.

``python -m benchmarks.cnn [--theano PYTHON] [--quick] [--only step,memory,compile]``
prints one table.  Rows (theanox, hand-written JAX and, with ``--theano``, Theano
1.0.5 from benchmarks/theano_side.py):

* step: workload 5 (benchmarks/workloads.py: 3 conv + max-pool layers, dropout,
  RMSprop, batch 128, float32), timed interleaved; the ratios are theanox / JAX and
  theanox / Theano.
* memory: ``predict`` (dropout off) on 10,000 images at once, each side in a fresh
  process; peak = the process's VmHWM after the call (``ru_maxrss`` is reported too:
  Linux carries it over from the parent, see ``_peak_mb``).
  ``python -m benchmarks`` calls :func:`predict_memory` for its report.
* compile: the training function's compile + first call in a cold process (empty
  persistent compilation cache) and again in a second process (warm), through
  benchmarks/compile_cache.py.
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)

import numpy as np  # noqa: E402

SHAPES = [(32, 1, 3, 3), (64, 32, 3, 3), (128, 64, 3, 3), (128 * 3 * 3, 625), (625, 10)]
MARK = "@@cnn "


# ------------------------------------------------------------------ prediction memory
def _data(n_images):
    # As benchmarks/theano_side.py's predict_memory: the same weights and images.
    rng = np.random.RandomState(4)
    p0 = [(rng.randn(*s) * 0.01).astype(np.float32) for s in SHAPES]
    teX = np.random.RandomState(10).rand(n_images, 1, 28, 28).astype(np.float32)
    return p0, teX


def _theanox_predict(p0):
    import theanox as theano
    import theanox.tensor as T
    from theanox.tensor.nnet.conv import conv2d
    from theanox.tensor.signal.downsample import max_pool_2d

    def rectify(X):
        return T.maximum(X, 0.)

    with theano.config.change_flags(floatX="float32"):
        X = T.ftensor4()
        w, w2, w3, w4, w_o = [theano.shared(p) for p in p0]
        l1 = max_pool_2d(rectify(conv2d(X, w, border_mode="full")), (2, 2), ignore_border=False)
        l2 = max_pool_2d(rectify(conv2d(l1, w2)), (2, 2), ignore_border=False)
        l3 = T.flatten(max_pool_2d(rectify(conv2d(l2, w3)), (2, 2), ignore_border=False), 2)
        l4 = rectify(T.dot(l3, w4))
        z = T.dot(l4, w_o)
        e = T.exp(z - z.max(axis=1).dimshuffle(0, "x"))
        py_x = e / e.sum(axis=1).dimshuffle(0, "x")
        return theano.function([X], T.argmax(py_x, axis=1), allow_input_downcast=True)


def _jax_predict(p0):
    import jax
    import jax.numpy as jnp
    lax = jax.lax
    params = [jnp.asarray(p) for p in p0]

    def conv(x, w, mode):
        pad = [(2, 2), (2, 2)] if mode == "full" else [(0, 0), (0, 0)]
        return lax.conv_general_dilated(x, w[:, :, ::-1, ::-1], (1, 1), pad)

    def pool(x):
        ph, pw = x.shape[2] % 2, x.shape[3] % 2
        return lax.reduce_window(x, -jnp.inf, lax.max, (1, 1, 2, 2), (1, 1, 2, 2),
                                 [(0, 0), (0, 0), (0, ph), (0, pw)])

    @jax.jit
    def predict(x, params):
        w, w2, w3, w4, wo = params
        r = jax.nn.relu
        l1 = pool(r(conv(x, w, "full")))
        l2 = pool(r(conv(l1, w2, "valid")))
        l3 = pool(r(conv(l2, w3, "valid"))).reshape(x.shape[0], -1)
        return jnp.argmax(jax.nn.softmax(r(l3 @ w4) @ wo, axis=1), axis=1)
    return lambda x: np.asarray(predict(x, params))


def _peak_mb():
    """Returns (this process's peak RSS in MB, ru_maxrss in MB).

    Linux carries ``ru_maxrss`` across fork + exec, so a child started by a big parent
    reports at least the parent's peak; /proc/self/status VmHWM is this process's own
    (its address space is new at exec).  The peak is VmHWM where it exists.
    """
    import resource
    ru = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0, ru
    except OSError:
        pass
    return ru, ru


def _predict_child(side, n_images):
    import time
    p0, teX = _data(n_images)
    t = time.perf_counter()
    predict = (_theanox_predict if side == "theanox" else _jax_predict)(p0)
    predict(teX[:2])
    compile_s = time.perf_counter() - t
    base, _ = _peak_mb()
    t = time.perf_counter()
    out = predict(teX)
    secs = time.perf_counter() - t
    peak, ru = _peak_mb()
    return {"peak_mb": peak, "baseline_mb": base, "ru_maxrss_mb": ru, "seconds": secs,
            "compile": compile_s, "n_images": n_images,
            "predicted_classes": int(len(set(np.asarray(out).tolist())))}


def predict_memory(quick=False, side="theanox", n_images=10000):
    """Returns {"peak_mb", "baseline_mb", "seconds", "compile", ...} of ``side``'s predict()
    on ``n_images`` at once, measured in a fresh process (or {"error": text})."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(x for x in (ROOT, env.get("PYTHONPATH", "")) if x)
    cmd = [sys.executable, "-m", "benchmarks.cnn", "--predict-child", side, str(n_images)]
    p = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
    for line in p.stdout.splitlines():
        if line.startswith(MARK):
            return json.loads(line[len(MARK):])
    return {"error": (p.stderr.strip().splitlines() or ["no output"])[-1][:300]}


# ------------------------------------------------------------------ the table
def step_times(quick, theano_python=None):
    """Returns {"t", "j", "th"?: median seconds per step} of workload 5, interleaved."""
    import statistics

    from benchmarks.harness import block, interleaved_blocks, warm_up
    from benchmarks.workloads import w5_cnn
    warm_up()
    ts, js, opts = w5_cnn()
    ts.compile()
    js.compile()
    blocks = {"t": block(ts.step), "j": block(js.step)}
    server, error = None, {}
    if theano_python:
        from benchmarks.theano_client import TheanoError, TheanoServer
        server = TheanoServer(theano_python)
        try:
            server.build("5", result=False)
            blocks["th"] = server.block("5")
        except TheanoError as e:          # e.g. a busy shared compiledir: time the others
            error = {"th_error": str(e)[:300]}
    try:
        samples = interleaved_blocks(blocks, 1, 3 if quick else opts["repeats"])
    finally:
        if server is not None:
            server.close()
    return {k: statistics.median(v) for k, v in samples.items()} | {
        k + "_min": min(v) for k, v in samples.items()} | error


def main(argv=None):
    import argparse
    import tempfile
    # cold compiles in this process (a fresh cache, not ~/.theanox/jax_cache)
    os.environ.setdefault("JAX_COMPILATION_CACHE_DIR", tempfile.mkdtemp(prefix="theanox-cnn-"))
    ap = argparse.ArgumentParser(prog="python -m benchmarks.cnn")
    ap.add_argument("--theano", default="", help="the Theano 1.0.5 venv's python")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", default="step,memory,compile")
    args = ap.parse_args(argv)
    only = set(args.only.split(","))
    res = {}
    if "step" in only:
        res["step"] = step_times(args.quick, args.theano or None)
    if "memory" in only:
        res["memory"] = {s: predict_memory(args.quick, s) for s in ("theanox", "jax")}
        if args.theano:
            from benchmarks import theano_client
            res["memory"]["theano"] = theano_client.predict_memory(args.theano)
    if "compile" in only:
        from benchmarks import compile_cache
        res["compile"] = compile_cache.measure({"5"}, timeout=900)
    print(json.dumps(res, indent=1))
    print(markdown(res))
    return 0


def markdown(res):
    """Returns the CNN rows as a Markdown table."""
    from benchmarks.harness import fmt_time
    out = ["| CNN (seed, float32) | theanox | hand JAX | Theano 1.0.5 | theanox/JAX | "
           "theanox/Theano |", "|---|---|---|---|---|---|"]

    def ratio(a, b):
        return "%.2f" % (a / b) if a and b else "-"
    s = res.get("step")
    if s:
        out.append("| training step, batch 128 (median) | %s | %s | %s | %s | %s |" % (
            fmt_time(s["t"]), fmt_time(s["j"]), fmt_time(s.get("th")), ratio(s["t"], s["j"]),
            ratio(s["t"], s.get("th"))))
    m = res.get("memory")
    if m:
        peak = {k: (v or {}).get("peak_mb") for k, v in m.items()}
        cell = {k: ("%.0f MB" % v if v else (m[k] or {}).get("error", "-")) for k, v in peak.items()}
        out.append("| predict 10,000 images: peak RSS | %s | %s | %s | %s | %s |" % (
            cell["theanox"], cell["jax"], cell.get("theano", "-"),
            ratio(peak["theanox"], peak["jax"]), ratio(peak["theanox"], peak.get("theano"))))
    c = res.get("compile")
    if c and "error" not in c and isinstance(c["cold"].get("5"), list):
        (tc, jc), (tw, jw) = c["cold"]["5"], c["warm"]["5"]
        out.append("| compile + first call, cold cache | %s | %s | - | %s | - |" % (
            fmt_time(tc), fmt_time(jc), ratio(tc, jc)))
        out.append("| same, warm cache (second process) | %s | %s | - | %s | - |" % (
            fmt_time(tw), fmt_time(jw), ratio(tw, jw)))
        out.append("| warm / cold | %s | %s | - | | |" % (ratio(tw, tc), ratio(jw, jc)))
    elif c:
        out.append("| compile | %s | | | | |" % c.get("error", c))
    return "\n".join(out)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--predict-child":
        print(MARK + json.dumps(_predict_child(sys.argv[2], int(sys.argv[3]))), flush=True)
    else:
        sys.exit(main(sys.argv[1:]))
