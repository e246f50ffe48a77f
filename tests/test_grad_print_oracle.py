"""How gradients print, against Theano 1.0.5 (tests/oracle/grad_print.json, recorded by
tests/oracle/record_grad_print.py):
* str()/repr() of T.grad's results: the last op of Theano's gradient expression
  ('Elemwise{mul}.0', 'dot.0'), or '(dcost/dx)' when both are named.
"""
import json
import os

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "oracle", "grad_print.json")) as f:
    DATA = json.load(f)

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
