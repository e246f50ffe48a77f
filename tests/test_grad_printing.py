"""Printed gradients and backward passes without forward values, against Theano 1.0.5.

tests/oracle/graphtools.json (sections grad_pp and backward_without_forward_values):
``pp(T.grad(...))`` must print Theano's expanded expression (theanox.grad_expand), the
expansion must compute Theano's values, and a Lop / known_grads function that needs no
forward value compiles without it.
"""
import json
import os
import warnings

import numpy as np
import pytest

import theanox as theano
import theanox.tensor as T
from theanox import printing
from theanox.grad_expand import expand

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "oracle", "graphtools.json")) as _f:
    DATA = json.load(_f)
PRELUDE = DATA["meta"]["prelude"]
RECORDS = {r["key"]: r for r in DATA["records"]
           if r["section"] in ("grad_pp", "backward_without_forward_values")}
# Gradients through an op the expansion has no rule for print as the Grad node.
NO_RULE = {"pp_broadcast_add": "Subtensor (Theano: IncSubtensor of zeros)"}
PP_KEYS = sorted(k for k in RECORDS if k.startswith("pp_"))
VALUE_KEYS = sorted(k for k in RECORDS if k.startswith("value_"))


def _ns(code):
    ns = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(PRELUDE, ns)
        exec(code, ns)
    return ns


def _as_array(want):
    return np.asarray(want["value"], dtype=want["dtype"])


@pytest.mark.parametrize("key", PP_KEYS)
def test_pp_of_gradient_matches_theano(key):
    rec = RECORDS[key]
    got = eval(rec["expr"], _ns(rec["code"]))
    if key in NO_RULE:
        assert "Grad" in got, got
    else:
        assert got == rec["value"]


@pytest.mark.parametrize("key", VALUE_KEYS)
def test_expanded_gradient_computes_theanos_value(key):
    rec = RECORDS[key]
    ns = _ns(rec["code"])
    g = expand(ns["g"])
    if "pp_" + key[len("value_"):] not in NO_RULE:
        assert not any(type(n.op).__name__ == "Grad"
                       for n in theano.gof.graph.io_toposort(ns["ins"], [g]))
    f = theano.function(ns["ins"], g, on_unused_input="ignore")
    want = rec["value"]
    got = f(*ns["vals"])
    assert got.shape == tuple(want["shape"])
    np.testing.assert_allclose(got, _as_array(want), rtol=1e-12, atol=1e-15)


def test_lop_without_w_as_input():
    """Theano's documentation example: the vector-Jacobian product of dot(x, W) wrt W."""
    rec = RECORDS["lop_docs"]
    got = eval(rec["expr"], _ns(rec["code"]))
    np.testing.assert_array_equal(got, _as_array(rec["value"]))


def test_known_grads_given_as_input():
    rec = RECORDS["known_grads_input"]
    got = eval(rec["expr"], _ns(rec["code"]))
    for g, want in zip(got, rec["value"]):
        np.testing.assert_allclose(g, _as_array(want), rtol=1e-12)


def test_backward_pass_that_needs_a_forward_value_still_asks_for_it():
    rec = RECORDS["known_grads_needs_forward"]
    kind = rec["error"].split(":")[0]
    with pytest.raises(Exception) as info:
        eval(rec["expr"], _ns(rec["code"]))
    assert type(info.value).__name__ == kind
    assert "w" in str(info.value)


def test_debugprint_shows_the_expansion_and_functions_keep_the_grad_node():
    x = T.dscalar("x")
    g = T.grad(x ** 2, x)
    text = printing.debugprint(g, file="str")
    assert "Grad" not in text and "Elemwise{second" in text and "Elemwise{pow" in text
    f = theano.function([x], g)
    assert f(3.0) == 6.0
    # an op without a rule (here max) keeps the Grad node in the printed form
    assert "Grad" in printing.pp(T.grad(T.max(x * 2), x))


def test_consider_constant_and_several_costs():
    x, y = T.dvectors("x", "y")
    g = T.grad((x * y).sum(), x, consider_constant=[y])
    assert printing.pp(g) == ("(fill((x * y), fill(Sum{acc_dtype=float64}((x * y)), "
                              "TensorConstant{1.0})) * y)")
    h = T.exp(x)
    gx = expand(T.grad(None, x, known_grads={h: y, x * 2: y}))
    f = theano.function([x, y], gx)
    xv, yv = np.array([0.1, 0.2]), np.array([1.0, 3.0])
    np.testing.assert_allclose(f(xv, yv), yv * np.exp(xv) + 2 * yv, rtol=1e-12)
