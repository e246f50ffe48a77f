"""Record how Theano 1.0.5 prints gradients (floatX=float64, default mode FAST_RUN).

Run:  $ORACLE_VENV/bin/python tests/oracle/record_grad_print.py
Writes tests/oracle/grad_print.json: {"meta", "prelude", "str": [...], "compiled": [...]}.
* ``str`` records {key, code, exprs, values}: ``code`` (after ``prelude``) builds ``g``, a
  gradient or a list of them; ``values`` are str(v) and repr(v) of each.
* ``compiled`` records {key, code, inputs, pp, debugprint, value?}: ``code`` builds ``out``
  and ``inputs``; ``f = theano.function(inputs, out)``; then pp() and debugprint() of
  ``f.maker.fgraph.outputs[0]`` (the optimized graph users print, as the gradients
  tutorial does), and f's value at ``args`` when given.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from record_common import HERE, jsonable, meta, setup_env, short_err  # noqa: E402

setup_env("float64")

PRELUDE = "import numpy as np\nimport theano\nimport theano.tensor as T\n"

STR_CASES = {
    "square": "x = T.dscalar('x')\ng = T.grad(x ** 2, x)",
    "square_named_cost": "x = T.dscalar('x')\ny = x ** 2\ny.name = 'y'\ng = T.grad(y, x)",
    "cube_vector_sum": "x = T.dvector('x')\ng = T.grad(T.sum(x ** 3), x)",
    "exp_sum": "x = T.dvector('x')\ng = T.grad(T.exp(x).sum(), x)",
    "dot_wrt_both": ("x = T.dvector('x')\nW = T.dmatrix('W')\n"
                     "g = T.grad(T.sum(T.dot(x, W)), [x, W])"),
    "mul_two_inputs": "x = T.dscalar('x')\ny = T.dscalar('y')\ng = T.grad(x * y + x, [x, y])",
    "logistic_sum": "x = T.dmatrix('x')\ng = T.grad(T.sum(1 / (1 + T.exp(-x))), x)",
    "sigmoid_mean": ("x = T.dvector('x')\nw = T.dvector('w')\nb = T.dscalar('b')\n"
                     "p = T.nnet.sigmoid(T.dot(x, w) + b)\n"
                     "g = T.grad(T.mean((p - 1) ** 2), [w, b])"),
    "tanh": "x = T.dscalar('x')\ng = T.grad(T.tanh(x), x)",
    "named_inputs_and_cost": ("a = T.dscalar('a')\nb = T.dscalar('b')\nc = a * b\n"
                              "c.name = 'c'\ng = T.grad(c, [a, b])"),
    "shared_param": ("W = theano.shared(np.ones((2, 2)), name='W')\nx = T.dvector('x')\n"
                     "g = T.grad(T.dot(x, W).sum(), W)"),
}

COMPILED_CASES = {
    # The gradients tutorial.
    "tutorial_square": ("x = T.dscalar('x')\ny = x ** 2\nout = T.grad(y, x)\ninputs = [x]\n"
                        "args = [4.0]"),
    "tutorial_logistic": ("x = T.dmatrix('x')\ns = T.sum(1 / (1 + T.exp(-x)))\n"
                          "out = T.grad(s, x)\ninputs = [x]\nargs = [[[0, 1], [-1, -2]]]"),
    "cube": ("x = T.dscalar('x')\nout = T.grad(x ** 3, x)\ninputs = [x]\nargs = [2.0]"),
    "square_plus_linear": ("x = T.dscalar('x')\nout = T.grad(x ** 2 + 3 * x, x)\n"
                           "inputs = [x]\nargs = [2.0]"),
    "product": ("x = T.dscalar('x')\ny = T.dscalar('y')\nout = T.grad(x * y, x)\n"
                "inputs = [x, y]\nargs = [2.0, 5.0]"),
    "exp": ("x = T.dscalar('x')\nout = T.grad(T.exp(x), x)\ninputs = [x]\nargs = [1.0]"),
    "vector_square_sum": ("x = T.dvector('x')\nout = T.grad(T.sum(x ** 2), x)\n"
                          "inputs = [x]\nargs = [[1.0, 2.0]]"),
    "dot_sum_wrt_W": ("x = T.dvector('x')\nW = T.dmatrix('W')\n"
                      "out = T.grad(T.sum(T.dot(x, W)), W)\ninputs = [x, W]\n"
                      "args = [[1.0, 2.0], [[1.0, 2.0], [3.0, 4.0]]]"),
    "sin": ("x = T.dscalar('x')\nout = T.grad(T.sin(x), x)\ninputs = [x]\nargs = [0.5]"),
    "square_times_const": ("x = T.dscalar('x')\nout = T.grad(5 * x ** 2, x)\ninputs = [x]\n"
                           "args = [3.0]"),
}


def record_str(key, code):
    ns = {}
    exec(PRELUDE, ns)
    r = {"key": key, "code": code}
    try:
        exec(code, ns)
        g = ns["g"]
        gs = g if isinstance(g, list) else [g]
        r["values"] = [{"str": str(v), "repr": repr(v),
                        "owner_op": str(v.owner.op) if v.owner is not None else None}
                       for v in gs]
    except Exception as e:  # noqa: BLE001
        r.update(short_err(e))
    return r


def record_compiled(key, code):
    import theano
    ns = {}
    exec(PRELUDE, ns)
    r = {"key": key, "code": code}
    try:
        exec(code, ns)
        f = theano.function(ns["inputs"], ns["out"])
        out = f.maker.fgraph.outputs[0]
        r["pp"] = theano.pp(out)
        r["debugprint"] = theano.printing.debugprint(out, file="str")
        r["str"] = str(out)
        r["value"] = jsonable(f(*ns["args"]))
    except Exception as e:  # noqa: BLE001
        r.update(short_err(e))
    return r


def main():
    out = {"meta": meta(), "prelude": PRELUDE,
           "str": [record_str(k, c) for k, c in STR_CASES.items()],
           "compiled": [record_compiled(k, c) for k, c in COMPILED_CASES.items()]}
    for r in out["str"] + out["compiled"]:
        print(r["key"], r.get("values", r.get("pp", r.get("error"))), file=sys.stderr)
    with open(os.path.join(HERE, "grad_print.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
