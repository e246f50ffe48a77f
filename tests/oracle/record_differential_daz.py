"""Record Theano 1.0.5 on the differential suite's input sets with subnormals flushed.

Run:  $ORACLE_VENV/bin/python tests/oracle/record_differential_daz.py
writes tests/oracle/differential_daz.json.gz.

XLA's CPU code treats subnormal float inputs as zero (DAZ).  To tell that apart from a
real difference, every recorded input set of tests/oracle/differential.json.gz that holds
a subnormal float value is run again on Theano with each subnormal replaced by a zero of
the same sign (what DAZ reads).  tests/test_differential.py accepts a difference on such
a set only when theanox's result equals Theano's result on the flushed inputs: then the
flush explains the whole difference.

Format: {"meta": ..., "floatX_<fx>": {key: {set index: {"out": [arrays]} | {"error": text}}}}
with arrays encoded as in record_differential.py.
"""
import gzip
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "differential"))

from record_differential import enc, err_text  # noqa: E402


def dec(e):
    import numpy as np
    return np.array(e["v"], dtype=e["d"]).reshape(e["s"])


def flush(a):
    """Returns ``a`` with its subnormal values replaced by zeros of the same sign."""
    import numpy as np
    if a.dtype.kind != "f":
        return a
    with np.errstate(all="ignore"):
        sub = (a != 0) & (np.abs(a) < np.finfo(a.dtype).tiny)
    return np.where(sub, np.copysign(np.zeros_like(a), a), a).astype(a.dtype)


def has_subnormal(a):
    return not (flush(a) == a).all() if a.dtype.kind == "f" and a.size else False


def worker(floatX, out_path):
    from record_common import setup_env
    setup_env(floatX)
    import warnings
    warnings.filterwarnings("ignore")
    import generator as G
    import numpy as np

    import theano
    import theano.tensor as T
    np.seterr(all="ignore")
    with gzip.open(os.path.join(HERE, "differential.json.gz"), "rt") as f:
        recs = json.load(f)["floatX_" + floatX]
    result = {}
    for rec in recs:
        todo = []
        for k, call in enumerate(rec["sets"]):
            args = [dec(a) for a in call["args"]]
            if "crash" not in call and any(has_subnormal(a) for a in args):
                todo.append((str(k), [flush(a) for a in args]))
        if not todo or rec.get("build_error") or rec.get("compile_error"):
            continue
        ins, outs = G.build(T, rec["code"])
        fn = theano.function(ins, outs, on_unused_input="ignore")
        sets = result.setdefault(rec["key"], {})
        for name, args in todo:
            try:
                sets[name] = {"out": [enc(r) for r in fn(*args)]}
            except Exception as e:
                sets[name] = {"error": err_text(e)}
    with open(out_path, "w") as f:
        json.dump(result, f)


def main():
    import subprocess

    from record_common import meta, setup_env
    data = {}
    for fx in ("float64", "float32"):
        tmp = os.path.join(HERE, "differential_daz_%s.json" % fx)
        subprocess.run([sys.executable, __file__, "--worker", fx, tmp], check=True)
        with open(tmp) as f:
            data["floatX_" + fx] = json.load(f)
        os.remove(tmp)
        print(fx, len(data["floatX_" + fx]), "programs", flush=True)
    setup_env("float64")
    data["meta"] = meta({"note": "differential.json.gz input sets with subnormals flushed "
                                 "to signed zeros; see record_differential_daz.py"})
    path = os.path.join(HERE, "differential_daz.json.gz")
    with gzip.open(path, "wt", compresslevel=9) as f:
        json.dump(data, f, separators=(",", ":"))
    print("wrote", path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        worker(sys.argv[2], sys.argv[3])
    else:
        main()
