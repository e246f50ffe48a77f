"""Record Theano 1.0.5's results for the generated differential suite (issue 10).

Run:  $ORACLE_VENV/bin/python tests/oracle/record_differential.py FLOATX N [START]
writes tests/oracle/differential_<FLOATX>.jsonl (one program per line, appended; a
re-run resumes); START -1 records the pinned programs (generator.PINNED, the differences
issue 10 lists) into differential_pinned_<FLOATX>.jsonl; ``--pack`` then writes the
compact tests/oracle/differential.json.gz the replay test reads.  Recorded as:
  record_differential.py float64 420 & record_differential.py float32 180
  record_differential.py float64 0 -1; record_differential.py float32 0 -1

Programs come from tests/differential/generator.py (seeded).  Each program is compiled
ONCE with theano.function (default FAST_RUN mode, C linker) and called on each of its
input sets.  Errors are caught separately at build (``build_error``), at compile
(``compile_error``) and per call (``error``), stored as "ExceptionClass: first line".

Theano's C code dies with SIGFPE on INT_MIN // -1 (and similar); the programs run in a
worker process and the parent restarts it after a crash, recording that call as
``{"crash": "signal N"}`` and skipping it on the retry.

Array encoding: {"d": dtype, "s": shape, "v": flat values} (JSON NaN/Infinity; -0.0
keeps its sign).
"""
import gzip
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "differential"))


def enc(a):
    import numpy as np
    a = np.asarray(a)
    return {"d": str(a.dtype), "s": list(a.shape), "v": a.ravel().tolist()}


def err_text(e):
    msg = str(e).split("\n")[0][:200]
    return "%s: %s" % (type(e).__name__, msg)


def worker(floatX, start, stop, out_path, progress_path, skip):
    from record_common import setup_env
    setup_env(floatX, extra=os.environ.get("DIFF_EXTRA_FLAGS", ""))
    import warnings
    warnings.filterwarnings("ignore")
    import generator as G
    import numpy as np

    import theano
    import theano.tensor as T
    np.seterr(all="ignore")
    pinned = G.pinned_programs(floatX) if start < 0 else None
    with open(out_path, "a") as out:
        for seed_i in range(start, stop):
            if pinned is not None:
                prog = pinned[seed_i + len(pinned)]
                args_all = [s["args"] for s in prog["sets"]]
            else:
                prog = G.generate(floatX, 1, seed_i)[0]
                args_all = [G.input_values(prog, k) for k in range(len(prog["sets"]))]
            rec = {"key": prog["key"], "family": prog["family"], "code": prog["code"],
                   "inputs": prog.get("inputs"), "sets": []}
            f = None
            try:
                ins, outs = G.build(T, prog["code"])
            except Exception as e:
                rec["build_error"] = err_text(e)
            else:
                try:
                    f = theano.function(ins, outs, on_unused_input="ignore")
                except Exception as e:
                    rec["compile_error"] = err_text(e)
            for k, args in enumerate(args_all):
                call = {"name": prog["sets"][k]["name"], "args": [enc(a) for a in args]}
                if f is not None:
                    if "%s %d" % (prog["key"], k) in skip:
                        call["crash"] = skip["%s %d" % (prog["key"], k)]
                    else:
                        with open(progress_path, "w") as p:
                            p.write("%s %d\n" % (prog["key"], k))
                        try:
                            res = f(*[a.copy() for a in args])
                            call["out"] = [enc(r) for r in res]
                        except Exception as e:
                            call["error"] = err_text(e)
                rec["sets"].append(call)
            out.write(json.dumps(rec) + "\n")
            out.flush()


def parent(floatX, n, start):
    """Records programs start .. start+n-1; start -1 records the pinned programs."""
    if start < 0:
        import generator as G
        n = len(G.PINNED)
        start = -n
    out_path = os.path.join(HERE, "differential_%s%s.jsonl" % (
        "pinned_" if start < 0 else "", floatX))
    progress = out_path + ".progress"
    done = 0
    if os.path.exists(out_path):
        with open(out_path) as f:
            lines = f.readlines()
        if lines and not lines[-1].endswith("\n"):      # a killed run's partial line
            with open(out_path, "w") as f:
                f.writelines(lines[:-1])
        done = len(lines) - (lines and not lines[-1].endswith("\n"))
    skip = {}
    cur = start + done
    t0 = time.time()
    while cur < start + n:
        if os.path.exists(progress):
            os.remove(progress)
        env = dict(os.environ, DIFF_SKIP=json.dumps(skip))
        r = subprocess.run([sys.executable, __file__, "--worker", floatX, str(cur),
                            str(start + n), out_path, progress], env=env)
        with open(out_path) as f:
            done = sum(1 for _ in f)
        cur = start + done
        print("[%s] %d programs done, %.0fs, worker rc=%d" % (floatX, done, time.time() - t0,
                                                             r.returncode), flush=True)
        if r.returncode != 0:
            if not os.path.exists(progress):
                raise SystemExit("worker failed outside a call")
            with open(progress) as f:
                key = f.read().strip()
            skip[key] = "worker died (rc %d) in this call" % r.returncode
            print("  crash at", key, flush=True)


def pack():
    data = {"meta": None}
    for fx in ("float64", "float32"):
        for pre in ("", "pinned_"):
            p = os.path.join(HERE, "differential_%s%s.jsonl" % (pre, fx))
            with open(p) as f:
                data["floatX_" + fx] = data.get("floatX_" + fx, []) + [
                    json.loads(line) for line in f if line.endswith("\n")]
    from record_common import meta, setup_env
    setup_env("float64")
    data["meta"] = meta({"generator": "tests/differential/generator.py",
                         "note": "one record per program; see record_differential.py"})
    path = os.path.join(HERE, "differential.json.gz")
    with gzip.open(path, "wt", compresslevel=9) as f:
        json.dump(data, f, separators=(",", ":"))
    print("wrote", path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    if sys.argv[1] == "--worker":
        fx, a, b, outp, prog_p = sys.argv[2:7]
        worker(fx, int(a), int(b), outp, prog_p, json.loads(os.environ.get("DIFF_SKIP", "{}")))
    elif sys.argv[1] == "--pack":
        pack()
    else:
        parent(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 0)
