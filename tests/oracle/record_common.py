"""Shared helpers for the Theano 1.0.5 oracle recorders.

Only runnable inside the oracle venv ($ORACLE_VENV), never by pytest
(see conftest.py: record_*.py are ignored).  Call ``setup_env`` BEFORE
importing theano.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
COMPILEDIR = os.environ.get("ORACLE_COMPILEDIR",
                            os.path.expanduser("~/.theano-oracle-compiledir"))


def setup_env(floatX="float64", fast_compile=False, extra=""):
    flags = ["blas.ldflags=-lopenblas", "base_compiledir=%s" % COMPILEDIR,
             "floatX=%s" % floatX]
    if fast_compile:
        flags.append("mode=FAST_COMPILE")
    if extra:
        flags.append(extra)
    os.environ["THEANO_FLAGS"] = ",".join(flags)
    return os.environ["THEANO_FLAGS"]


def err(e):
    msg = str(e)
    return {"error": "%s: %s" % (type(e).__name__, msg)}


def short_err(e, limit=1500):
    msg = str(e)
    if len(msg) > limit:
        msg = msg[:limit] + " ...[truncated]"
    return {"error": "%s: %s" % (type(e).__name__, msg)}


def jsonable(v, max_size=200):
    """Convert numpy values to JSON.  Arrays become
    {"dtype", "shape", "value"} (value omitted + summary for big arrays)."""
    import numpy as np
    if isinstance(v, (list, tuple)):
        return [jsonable(x, max_size) for x in v]
    if type(v).__name__ == "OrderedUpdates":
        return {"object": "OrderedUpdates", "items": [[str(k), str(x)] for k, x in v.items()]}
    if isinstance(v, dict):
        return {str(k): jsonable(x, max_size) for k, x in v.items()}
    if isinstance(v, np.ndarray) or isinstance(v, np.generic):
        a = np.asarray(v)
        out = {"dtype": str(a.dtype), "shape": list(a.shape)}
        if a.size <= max_size:
            out["value"] = a.tolist()
        else:
            flat = a.ravel()
            out["first"] = flat[:5].tolist()
            out["last"] = flat[-5:].tolist()
            if a.dtype.kind in "biufc":
                out["sum"] = a.sum().item() if a.dtype.kind != "c" else str(a.sum())
        if a.dtype.kind == "c" and "value" in out:
            out["value"] = [str(x) for x in a.ravel()] if a.ndim else str(a.item())
            out["value_note"] = "complex values stored as str, flattened"
        return out
    if isinstance(v, (str, int, float, bool, type(None))):
        return v
    # anything else (symbolic variables, OrderedUpdates, ...): describe it
    d = {"object": str(v), "python_type": type(v).__name__}
    if hasattr(v, "type") and hasattr(v, "owner"):
        d["type"] = str(v.type)
    return d


def dump(name, obj):
    path = os.path.join(HERE, name)
    with open(path, "w") as f:
        json.dump(obj, f, indent=1, ensure_ascii=False, sort_keys=False)
        f.write("\n")
    print("wrote", path, file=sys.stderr)


def meta(extra=None):
    import numpy
    import scipy

    import theano
    d = {"theano_version": theano.__version__,
         "numpy_version": numpy.__version__,
         "scipy_version": scipy.__version__,
         "python": sys.version.split()[0],
         "THEANO_FLAGS": os.environ.get("THEANO_FLAGS", ""),
         "floatX": theano.config.floatX,
         "mode": theano.config.mode}
    if extra:
        d.update(extra)
    return d


def write_json(name, obj, sort_keys=True):
    """Writes ``obj`` to tests/oracle/<name> as ``json.dump(indent=1)`` with no final
    newline (the format of the case recorders' files; ``dump`` adds one)."""
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(obj, f, indent=1, sort_keys=sort_keys)


def record_cases(name, prelude, cases, encode, err_limit=1500):
    """Runs each case's source after ``prelude`` and writes tests/oracle/<name>:
    {"prelude", "cases": {key: {"source", "result": [encode(v) for v in result]} or
    {"source", "raises": short_err}}}, the format the replaying tests read."""
    out = {"prelude": prelude, "cases": {}}
    for key, src in cases.items():
        env = {}
        try:
            exec(prelude + src, env)
            rec = {"source": src, "result": [encode(v) for v in env["result"]]}
        except Exception as e:  # noqa: BLE001 - the exception is the recorded answer
            rec = {"source": src, "raises": short_err(e, err_limit)}
        out["cases"][key] = rec
        print(key, str(rec.get("result", rec.get("raises")))[:300])
    write_json(name, out)
