"""Compile time cold vs with JAX's persistent compilation cache warm.

``measure()`` runs two child processes (``python -m benchmarks.compile_cache
--child``) with ``THEANO_FLAGS=base_compiledir=<fresh temp dir>``: the first
fills the cache (cold), the second should reuse it (warm).  Each child times,
per workload, ``theano.function(...)`` + first call, and the hand-written JAX
``jit(...).lower(...).compile()``, and prints JSON.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

# The cheaper workloads (the CNN alone compiles for 20+ s on a loaded 2-core box).
DEFAULT = {"1", "2", "3", "6", "7", "8"}

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def measure(only=None, timeout=240):
    """Returns {"cold": {...}, "warm": {...}, "dir": path, "entries": n} or {"error": text}."""
    d = tempfile.mkdtemp(prefix="theanox-bench-cache-")
    env = dict(os.environ)
    env["THEANO_FLAGS"] = ",".join(x for x in (env.get("THEANO_FLAGS", ""),
                                               "base_compiledir=%s" % d) if x)
    env["PYTHONPATH"] = os.pathsep.join(x for x in (ROOT, env.get("PYTHONPATH", "")) if x)
    cmd = [sys.executable, "-m", "benchmarks.compile_cache", "--child"]
    if only:
        cmd += ["--only", ",".join(sorted(only))]
    out = {"dir": d}
    for label in ("cold", "warm"):
        t = time.perf_counter()
        try:
            p = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True,
                               timeout=timeout)
        except subprocess.TimeoutExpired:
            return {"error": "the %s child took more than %d s" % (label, timeout)}
        if p.returncode != 0:
            return {"error": "the %s child failed: %s" % (label, p.stderr.strip()[-500:])}
        out[label] = json.loads(p.stdout.strip().splitlines()[-1])
        out[label + "_process"] = time.perf_counter() - t
    out["entries"] = sum(len(fs) for _, _, fs in os.walk(d))
    return out


def _child(only):
    import theanox
    from benchmarks.harness import Unavailable, timed, warm_up
    from benchmarks.workloads import WORKLOADS
    warm_up()
    res = {"cache_dir": theanox.config.apply_jax_settings()}
    for title, make in WORKLOADS:
        num = title.split()[0]
        if only and num not in only and num.rstrip("ab") not in only:
            continue
        try:
            ts, js, _ = make()
            tt, _ = timed(ts.compile)
            tj, _ = timed(js.compile)
            res[num] = [tt, tj]
        except Unavailable:
            continue
        except Exception as e:  # noqa: BLE001
            res[num] = "%s: %s" % (type(e).__name__, str(e)[:100])
    print(json.dumps(res))


if __name__ == "__main__":
    if "--child" in sys.argv:
        only = None
        if "--only" in sys.argv:
            only = set(sys.argv[sys.argv.index("--only") + 1].split(","))
        _child(only)
