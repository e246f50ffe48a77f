"""Run-time checks inside ifelse branches and scan steps, against Theano 1.0.5
(tests/oracle/record_branch_checks.py): only the taken branch's integer division by
zero or out-of-range index raises (Theano's ifelse is lazy), and a call that raises
leaves the shared variable unchanged; a scan step that fails fails the call (flags
AND-reduced over the steps through the loop carry).  The conditions are computed in
the graph, so theanox decides them inside the compiled program (lax.cond)."""
import numpy as np
import pytest
from oracle_cases import load_cases, run_case

ORACLE = load_cases("branch_checks.json")


@pytest.mark.parametrize("key", sorted(ORACLE["cases"]))
def test_recorded(key):
    case = ORACLE["cases"][key]
    got = run_case(ORACLE, case["source"].replace("from theano.ifelse", "from theanox.ifelse"))
    want = case["result"]
    assert [np.asarray(g).tolist() for g in got] == [w["value"] for w in want], key
    assert [str(np.asarray(g).dtype) for g in got] == [w["dtype"] for w in want], key
