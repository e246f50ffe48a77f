"""Talks to real Theano 1.0.5 (benchmarks/theano_side.py in the Theano venv) from the run.

``TheanoServer(python)`` starts the server once per run; ``block(w)`` is a callable
``block(n) -> seconds per step`` that the interleaved timer calls between theanox's
and hand JAX's blocks.  ``minibatch(python, ...)`` runs benchmarks/theano_minibatch.py
(the tutorials' givens loop) and ``predict_memory(python)`` the CNN's prediction in
fresh Theano processes of the same sitting.
"""
import base64
import json
import os
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
MARK = "@@theano "


def theano_env(python):
    """Returns the environment for a Theano child.

    Its THEANO_FLAGS come from $BENCH_THEANO_FLAGS (the parent's THEANO_FLAGS are
    theanox's), completed with OpenBLAS, the oracle's compiledir unless one is named
    ($ORACLE_COMPILEDIR or ~/.theano-oracle-compiledir, as tests/oracle/record_common.py,
    so that Theano's C modules compiled for the recordings are reused), and
    floatX=float32.
    """
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    flags = [f for f in env.get("BENCH_THEANO_FLAGS", "").split(",") if f]
    names = {f.split("=", 1)[0].strip() for f in flags}
    if "blas.ldflags" not in names:
        flags.append("blas.ldflags=-lopenblas")
    if "base_compiledir" not in names:
        flags.append("base_compiledir=%s" % os.environ.get(
            "ORACLE_COMPILEDIR", os.path.expanduser("~/.theano-oracle-compiledir")))
    flags = [f for f in flags if not f.startswith("floatX")] + ["floatX=float32"]
    env["THEANO_FLAGS"] = ",".join(flags)
    return env


class TheanoError(RuntimeError):
    """Raised when the Theano side reports an error or stops."""


class TheanoServer:
    """Returns a running benchmarks/theano_side.py child of ``python`` (the Theano venv's)."""

    def __init__(self, python):
        self.python = python
        self.proc = subprocess.Popen(
            [python, os.path.join(HERE, "theano_side.py")], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, env=theano_env(python), text=True, bufsize=1)
        self.info = self.request(cmd="info")

    def request(self, **req):
        """Returns the reply dict to one command, raising TheanoError on a failure."""
        if self.proc.poll() is not None:
            raise TheanoError("the Theano process has exited (status %s)" % self.proc.returncode)
        self.proc.stdin.write(json.dumps(req) + "\n")
        self.proc.stdin.flush()
        for line in self.proc.stdout:
            if line.startswith(MARK):
                reply = json.loads(line[len(MARK):])
                if not reply.pop("ok"):
                    raise TheanoError(reply["error"])
                return reply
        raise TheanoError("the Theano process stopped answering (status %s)"
                          % self.proc.wait())

    def build(self, w, result=True):
        """Returns (compile seconds, [result arrays] or None) after building workload ``w``."""
        r = self.request(cmd="build", w=w, result=result)
        res = r.get("result")
        if res is not None:
            res = [np.frombuffer(base64.b64decode(a["b64"]), np.float64).reshape(a["shape"])
                   for a in res]
        return r["compile"], res

    def block(self, w):
        """Returns block(n) -> Theano's seconds per step over n steps of workload ``w``."""
        return lambda n: self.request(cmd="run", w=w, n=n)["secs"]

    def free(self, w):
        self.request(cmd="free", w=w)

    def close(self):
        if self.proc.poll() is None:
            try:
                self.request(cmd="quit")
            except TheanoError:
                pass
            self.proc.wait(timeout=60)


def minibatch(python, out_path, quick):
    """Returns the path of a fresh theano_minibatch.py JSON (float32) or an error text."""
    runs = "1" if quick else "3"
    only = "logreg" if quick else "logreg,mlp,lenet"
    cmd = [python, os.path.join(HERE, "theano_minibatch.py"), "--floatx", "float32", "--runs",
           runs, "--only", only, "--blas-threads", "default", "--out", out_path]
    env = theano_env(python)
    env["THEANO_FLAGS"] = ",".join(f for f in env["THEANO_FLAGS"].split(",")
                                   if not f.startswith("floatX"))
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if p.returncode:
        return "theano_minibatch.py failed: %s" % p.stderr.strip().splitlines()[-1:]
    return out_path


def predict_memory(python, batch=None):
    """Returns Theano's {"peak_mb", ...} for the CNN's predict() on 10,000 images."""
    cmd = [python, os.path.join(HERE, "theano_side.py"), "--predict-memory"]
    if batch:
        cmd += ["--batch", str(batch)]
    p = subprocess.run(cmd, env=theano_env(python), capture_output=True, text=True)
    for line in p.stdout.splitlines():
        if line.startswith(MARK):
            return json.loads(line[len(MARK):])
    return {"error": (p.stderr.strip().splitlines() or ["no output"])[-1][:300]}


def main(argv):
    """``python -m benchmarks.theano_client PYTHON``: a smoke test of the Theano side."""
    s = TheanoServer(argv[0])
    print(s.info)
    print(s.build("1"))
    print(s.block("1")(100))
    s.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
