"""Matrix products on XLA's CPU backend against OpenBLAS: flags, formulations, a host call.

``python -m benchmarks.dots flags``  lists the ``xla_cpu_*`` flags this jaxlib knows.
``python -m benchmarks.dots micro [--rounds N] [--cases a,b] [LABEL=XLA_FLAGS ...]``
  times the products of workloads 2 and 3 (and rewritten forms of them) jitted, one
  worker process per XLA_FLAGS setting (flags are read when the backend starts),
  interleaved in small blocks, min over blocks (wall and process CPU); ``numpy=`` is a
  NumPy/OpenBLAS worker on the same data.
  A label starting with ``sync`` also turns JAX's CPU async dispatch off.
``python -m benchmarks.dots host [--steps N]``  runs workload 2 with its matrix-vector
  products lowered to OpenBLAS's sgemv through an XLA FFI handler written with ctypes
  (no C compiler), against the normal lowering, single steps interleaved.

Conclusions and numbers: benchmarks/ANALYSIS.md, workloads 2 and 3.
"""
import ctypes
import glob
import os
import re
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)

import numpy as np  # noqa: E402

DEFAULT_FLAGS = ["numpy=", "default=",
                 "ynn_individual_dot=--xla_cpu_experimental_ynn_fusion_type=individual_dot",
                 "no_ynn=--xla_cpu_experimental_ynn_fusion_type=",
                 "onednn=--xla_cpu_use_onednn=true",
                 "xnnpack=--xla_cpu_use_xnnpack=true",
                 "tiling16=--xla_backend_extra_options=xla_llvm_dot_tiling_factor=16"]


# ------------------------------------------------------------------ flags
def flags():
    """Returns the sorted ``xla_cpu_*`` flag names found in jaxlib's shared objects."""
    import jaxlib
    names = set()
    for path in glob.glob(os.path.join(os.path.dirname(jaxlib.__file__), "*.so")):
        with open(path, "rb") as f:
            names.update(m.decode() for m in re.findall(rb"xla_cpu_[a-z0-9_]{4,}", f.read()))
    return sorted(names)


# ------------------------------------------------------------------ the host call
# XLA FFI C structs (jaxlib/include/xla/ffi/api/c_api.h, API 0.3), byte offsets on
# 64-bit: CallFrame.extension_start 8, .stage 32, .args.args 72, .rets.rets 112;
# Buffer.data 24, .dims 40; the metadata extension's XLA_FFI_Metadata* at 24.
_P, _I64, _I32 = ctypes.c_void_p, ctypes.c_int64, ctypes.c_int32
_KEEP = []
HANDLER_THREADS = {}


def _ptr(addr):
    return _P.from_address(addr).value


def _scipy_blas(name):
    import scipy.linalg.cython_blas as cb
    cap = cb.__pyx_capi__[name]
    get_name = ctypes.pythonapi.PyCapsule_GetName
    get_name.restype, get_name.argtypes = ctypes.c_char_p, [ctypes.py_object]
    get_ptr = ctypes.pythonapi.PyCapsule_GetPointer
    get_ptr.restype, get_ptr.argtypes = ctypes.c_void_p, [ctypes.py_object, ctypes.c_char_p]
    return get_ptr(cap, get_name(cap))


def register_host_gemv(name, vec_left):
    """Registers FFI target ``name``: float32 (M, v) -> v @ M (vec_left) or M @ v."""
    import jax
    gemv = ctypes.CFUNCTYPE(None, *[_P] * 11)(_scipy_blas("sgemv"))
    # Row-major M (r, c) is Fortran's A = M^T (c x r, lda c): M @ v = A^T v, v @ M = A v.
    consts = [ctypes.c_char(b"N" if vec_left else b"T"), ctypes.c_float(1),
              ctypes.c_float(0), _I32(1)]
    trans, one, zero, inc = (ctypes.addressof(c) for c in consts)
    sizes = {}

    def handler(frame):
        tid = threading.get_ident()
        if tid not in HANDLER_THREADS:
            HANDLER_THREADS[tid] = 0
            if tid != threading.main_thread().ident:
                ctypes.pythonapi.PyGILState_Ensure()   # keep a thread state: no per-call one
        HANDLER_THREADS[tid] += 1
        ext = _ptr(frame + 8)
        if ext:                  # registration asks for the API version and traits
            if _I32.from_address(ext + 8).value == 1:
                md = _ptr(ext + 24)
                _I64.from_address(md + 8).value = 24
                _P.from_address(md + 16).value = None
                _I32.from_address(md + 24).value, _I32.from_address(md + 28).value = 0, 3
                ctypes.c_uint32.from_address(md + 32).value = 0
            return None
        if _I32.from_address(frame + 32).value != 3:        # not the execute stage
            return None
        args = _ptr(frame + 72)
        mat, vec, out = _ptr(args), _ptr(args + 8), _ptr(_ptr(frame + 112))
        dims = _ptr(mat + 40)
        key = (_I64.from_address(dims).value, _I64.from_address(dims + 8).value)
        if key not in sizes:
            ints = (_I32(key[1]), _I32(key[0]), _I32(max(key[1], 1)))
            sizes[key] = tuple(ctypes.addressof(i) for i in ints) + (ints,)
        m, n, lda = sizes[key][:3]
        gemv(trans, m, n, one, _ptr(mat + 24), lda, _ptr(vec + 24), inc, zero,
             _ptr(out + 24), inc)
        return None

    c_handler = ctypes.CFUNCTYPE(_P, _P)(handler)
    new = ctypes.pythonapi.PyCapsule_New
    new.restype, new.argtypes = ctypes.py_object, [ctypes.c_void_p, ctypes.c_char_p,
                                                   ctypes.c_void_p]
    capsule = new(ctypes.cast(c_handler, ctypes.c_void_p).value, None, None)
    _KEEP.append((gemv, consts, sizes, handler, c_handler, capsule))
    jax.ffi.register_ffi_target(name, capsule, platform="cpu")


def host_gemv(m, v, vec_left):
    """Returns v @ m or m @ v (float32) by SciPy's OpenBLAS sgemv; reverse mode only."""
    import jax
    import jax.numpy as jnp

    @jax.custom_vjp
    def f(m, v):
        return _host_gemv(m, v, vec_left)

    def bwd(res, ct):     # d/dv: the other orientation (OpenBLAS again); d/dM: outer
        m, v = res
        return (jnp.outer(v, ct) if vec_left else jnp.outer(ct, v),
                _host_gemv(m, ct, not vec_left))
    f.defvjp(lambda m, v: (f(m, v), (m, v)), bwd)
    return f(m, v)


def _host_gemv(m, v, vec_left):
    import jax
    name = "bench_sgemv_" + ("vm" if vec_left else "mv")
    if name not in _registered:
        register_host_gemv(name, vec_left)
        _registered.add(name)
    n = m.shape[1] if vec_left else m.shape[0]
    return jax.ffi.ffi_call(name, jax.ShapeDtypeStruct((n,), np.float32))(m, v)


_registered = set()


# ------------------------------------------------------------------ micro benchmarks
def _cases():
    import jax
    import jax.numpy as jnp
    from jax import lax
    rng = np.random.default_rng(0)

    def r(*s):
        return rng.standard_normal(s).astype(np.float32)
    X, w, v = r(400, 784), r(784), r(400)
    A, W1, G1, H, W2, G2 = r(128, 784), r(784, 625), r(128, 625), r(128, 625), r(625, 10), \
        r(128, 10)
    c = {
        "xw": (lambda a, b: a @ b, X, w),
        "vx": (lambda a, b: a @ b, v, X),
        "AW1": (lambda a, b: a @ b, A, W1),
        "AtG1": (lambda a, b: a.T @ b, A, G1),
        "G1W1t": (lambda a, b: a @ b.T, G1, W1),
        "HW2": (lambda a, b: a @ b, H, W2),
        "HtG2": (lambda a, b: a.T @ b, H, G2),
        # rewritten gemv: a second (zero) column, so the dot is a gemm YNNPACK takes
        "xw_pad2": (lambda a, b: (a @ jnp.stack([b, jnp.zeros_like(b)], 1))[:, 0], X, w),
        "vx_pad2": (lambda a, b: (jnp.stack([a, jnp.zeros_like(a)]) @ b)[0], v, X),
        # multiply + reduce (a YNNPACK reduce fusion)
        "xw_mulsum": (lambda a, b: jnp.sum(a * b, axis=1), X, w),
        "vx_mulsum": (lambda a, b: jnp.sum(a[:, None] * b, axis=0), v, X),
        # two independent half products (XLA may run them on both threads)
        "xw_halves": (lambda a, b: jnp.concatenate([a[:200] @ b, a[200:] @ b]), X, w),
        "vx_halves": (lambda a, b: a[:200] @ b[:200] + a[200:] @ b[200:], v, X),
        # the other operand order of dot_general, and a batched (blocked) form
        "vx_swapped": (lambda a, b: lax.dot_general(b, a, (((0,), (0,)), ((), ()))), v, X),
        "xw_blocked": (lambda a, b: jnp.einsum("brk,k->br", a.reshape(4, 100, 784), b)
                       .reshape(400), X, w),
        "xw_highest": (lambda a, b: jnp.dot(a, b, precision=lax.Precision.HIGHEST), X, w),
        # X^T G with X transposed first: YNNPACK takes the dot (Eigen otherwise)
        "AtG1_copyT": (lambda a, b: lax.optimization_barrier(a.T) @ b, A, G1),
        # OpenBLAS through a host call
        "xw_host": (lambda a, b: host_gemv(a, b, False), X, w),
        "vx_host": (lambda a, b: host_gemv(b, a, True), v, X),
        "xw_pure_callback": (lambda a, b: jax.pure_callback(
            np.matmul, jax.ShapeDtypeStruct((400,), np.float32), a, b), X, w),
    }
    return c


def _worker():
    import jax
    if os.environ.get("DOTS_SYNC") == "1":
        jax.config.update("jax_cpu_enable_async_dispatch", False)
    cases = _cases()
    use_numpy = os.environ.get("DOTS_NUMPY") == "1"
    ready = {}
    print("ready", flush=True)
    for line in sys.stdin:
        name, n = line.split()
        if name not in ready:
            f, a, b = cases[name]
            # float64 reference: the plain product the case rewrites
            ref = np.asarray(cases[name.split("_")[0]][0](a.astype(np.float64),
                                                          b.astype(np.float64)))
            if use_numpy:
                ready[name] = (lambda f, a, b: lambda: f(a, b))(f, a, b)
            else:
                j, da, db = jax.jit(f), jax.device_put(a), jax.device_put(b)
                got = np.asarray(j(da, db))
                err = float(np.max(np.abs(got - ref)) / np.max(np.abs(ref)))
                assert err < 1e-5, (name, err)
                ready[name] = (lambda j, da, db: lambda: j(da, db).block_until_ready())(
                    j, da, db)
            for _ in range(3):
                ready[name]()
        fn = ready[name]
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(int(n)):
            fn()
        print("%.3f %.3f" % ((time.perf_counter() - t0) / int(n) * 1e6,
                             (time.process_time() - c0) / int(n) * 1e6), flush=True)


def micro(configs, cases, rounds=30, block=10):
    """Returns {(case, label): (min wall us, min CPU us)}, workers interleaved."""
    workers = {}
    for label, xla_flags in configs:
        env = dict(os.environ, XLA_FLAGS=xla_flags, PYTHONPATH=ROOT)
        if label.startswith("numpy"):
            env["DOTS_NUMPY"] = "1"
        if label.startswith("sync"):       # JAX's CPU client runs programs synchronously
            env["DOTS_SYNC"] = "1"
        p = subprocess.Popen([sys.executable, "-m", "benchmarks.dots", "--worker"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True)
        assert p.stdout.readline().strip() == "ready"
        workers[label] = p
    best = {}
    for _ in range(rounds):
        for case in cases:
            for label, p in workers.items():
                if label.startswith("numpy") and "_" in case:      # NumPy: plain products only
                    continue
                p.stdin.write("%s %d\n" % (case, block))
                p.stdin.flush()
                wall, cpu = map(float, p.stdout.readline().split())
                b = best.setdefault((case, label), [1e18, 1e18])
                b[0], b[1] = min(b[0], wall), min(b[1], cpu)
    for p in workers.values():
        p.stdin.close()
        p.wait()
    return best


# ------------------------------------------------------------------ workload 2 A/B
def host_workload(steps=1500):
    """Prints workload 2's step time with its gemvs on OpenBLAS (host call) and on XLA."""
    from benchmarks import workloads as W
    from theanox.tensor import linalg
    plain = linalg.Dot.jax

    def via_host(self, x, y, node=None):
        if np.ndim(x) == 2 and np.ndim(y) == 1:
            return host_gemv(x, y, False)
        return plain(self, x, y, node)
    sides = {}
    for label, fn in (("host sgemv", via_host), ("XLA dot", plain)):
        linalg.Dot.jax = fn
        t = W.w2_logistic()[0]
        t.compile()
        sides[label] = t
    linalg.Dot.jax = plain
    (ra, rb) = (s.result() for s in sides.values())
    print("5 steps' costs and weights agree to %.1e"
          % max(float(np.max(np.abs(np.asarray(a) - b))) for a, b in zip(ra, rb)))
    times = {k: [] for k in sides}
    for _ in range(steps):
        for k, s in sides.items():
            t0 = time.perf_counter()
            s.step()
            times[k].append(time.perf_counter() - t0)
    for k, v in times.items():
        v = np.array(v) * 1e6
        print("%-11s step min %6.1f  p10 %6.1f  median %6.1f us"
              % (k, v.min(), np.percentile(v, 10), np.median(v)))
    main = threading.main_thread().ident
    print("host handler calls per thread:",
          {("caller" if t == main else "XLA worker %d" % i): n
           for i, (t, n) in enumerate(HANDLER_THREADS.items())})


def main(argv):
    if argv[:1] == ["--worker"]:
        return _worker()
    if argv[:1] == ["flags"]:
        print("\n".join(flags()))
    elif argv[:1] == ["host"]:
        host_workload(int(argv[argv.index("--steps") + 1]) if "--steps" in argv else 1500)
    elif argv[:1] == ["micro"]:
        rest = argv[1:]
        rounds = int(rest[rest.index("--rounds") + 1]) if "--rounds" in rest else 30
        cases = rest[rest.index("--cases") + 1].split(",") if "--cases" in rest else \
            ["xw", "vx", "AW1", "AtG1", "G1W1t", "HW2", "HtG2"]
        configs = [a.split("=", 1) for a in rest if "=" in a] or \
            [a.split("=", 1) for a in DEFAULT_FLAGS]
        best = micro(configs, cases, rounds)
        print("min over blocks, us per call (wall / process CPU)")
        print("%-16s" % "case" + "".join("%22s" % lab[:21] for lab, _ in configs))
        for case in cases:
            print("%-16s" % case + "".join(
                "%22s" % ("%.1f / %.1f" % tuple(best[(case, lab)])
                          if (case, lab) in best else "-") for lab, _ in configs))
    else:
        print(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
