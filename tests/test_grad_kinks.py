"""Gradients at kinks and zero/NaN edges, against values recorded from Theano 1.0.5
(tests/oracle/record_grad_kinks.py): Theano's Prod.grad at zeros (and next to inf/NaN),
float32 products accumulated in float64, and maximum/minimum/max gradients that
multiply by the 0/1 mask (so a NaN gradient reaches the unselected input)."""
import numpy as np
import pytest
from oracle_cases import load_cases, run_case

ORACLE = load_cases("grad_kinks.json")


@pytest.mark.parametrize("key", sorted(ORACLE["cases"]))
def test_recorded(key):
    case = ORACLE["cases"][key]
    with np.errstate(all="ignore"):
        got = run_case(ORACLE, case["source"])
    want = case["result"]
    assert len(got) == len(want), key
    for k, (g, w) in enumerate(zip(got, want)):
        g = np.asarray(g)
        assert (str(g.dtype), list(g.shape)) == (w["dtype"], w["shape"]), (key, k)
        np.testing.assert_allclose(g.astype(float), np.asarray(w["value"], float),
                                   rtol=1e-6 if w["dtype"] == "float32" else 1e-13,
                                   err_msg="%s[%d]" % (key, k))
