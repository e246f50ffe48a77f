"""Run-time checks inside scan steps, ifelse branches and differentiated graphs (issue 10).

Recorded from Theano 1.0.5 (tests/oracle/record_checks_nested.py): an index out of
range, integer division/modulo by zero and set/inc_subtensor out of range inside a
scan step (sequences, non-sequences, recurrent state, ``until``, nested scans), in
the taken branch of an ifelse (the untaken branch must not raise), in the forward
pass of a gradient (grad, jacobian, hessian, through a scan); the valid calls'
values; and the shared variables after a failed call (unchanged).
"""
import numpy as np
import pytest
from oracle_cases import assert_raises_like_theano, load_cases, run_case

import theanox as theano
import theanox.tensor as T

ORACLE = load_cases("checks_nested.json")


@pytest.mark.parametrize("key", sorted(ORACLE["cases"]))
def test_recorded(key):
    case = ORACLE["cases"][key]
    if "raises" in case:
        assert_raises_like_theano(ORACLE, case, key)
        return
    got = run_case(ORACLE, case["source"])
    want = case["result"]
    assert len(got) == len(want), key
    for k, (g, w) in enumerate(zip(got, want)):
        if "str" in w:
            assert g == w["str"], (key, k)
            continue
        g = np.asarray(g)
        assert (str(g.dtype), list(g.shape)) == (w["dtype"], w["shape"]), (key, k)
        np.testing.assert_array_equal(g, np.asarray(w["value"], w["dtype"]),
                                      err_msg="%s[%d]" % (key, k))


def test_recorded_cases_cover_each_place():
    """The recording has failing and valid calls in scans, ifelse branches and gradients."""
    keys = ORACLE["cases"]
    for prefix in ("scan_", "ifelse_", "grad_", "shared_after_"):
        raising = [k for k in keys if k.startswith(prefix) and "raises" in keys[k]]
        valid = [k for k in keys if k.startswith(prefix) and "result" in keys[k]]
        assert raising or prefix == "shared_after_", prefix
        assert valid, prefix


def _lowered(f, *args):
    # The StableHLO text of the program f runs for ``args`` (the compiled function's
    # outputs are the results of its main function).
    prog = f._program
    values = [f._make_check(i)(a) for i, a in enumerate(args)]
    values += [s._value for s in f.shared_vars]
    exe = prog.executable(values)
    return exe.lower(*values, *prog.extra_arguments(values)).as_text()


def _n_results(text):
    head = [line for line in text.splitlines() if "func.func public @main" in line][0]
    results = head.split("->", 1)[1]
    return results.count("tensor<")


def test_scan_without_checks_has_no_extra_output():
    """A scan whose step makes no check (the RNN of benchmark 6) adds no output: the
    program returns exactly the function's one result."""
    X, Y = T.dmatrix("X"), T.dvector("y")
    W = T.dmatrix("W")
    h, _ = theano.scan(lambda x, hp: T.tanh(T.dot(W, hp) + x), sequences=[X], outputs_info=Y)
    f = theano.function([X, Y, W], h)
    args = (np.ones((3, 2)), np.zeros(2), np.eye(2))
    np.testing.assert_allclose(f(*args), np.array([[np.tanh(1.0)] * 2,
                                                   [np.tanh(np.tanh(1.0) + 1.0)] * 2,
                                                   [np.tanh(np.tanh(np.tanh(1.0) + 1.0) + 1.0)]
                                                   * 2]))
    assert _n_results(_lowered(f, *args)) == 1


def test_scan_with_check_returns_one_flag_vector():
    """A step with an index check gives the program one more result: the flags."""
    v, idx = T.dvector("v"), T.lvector("idx")
    out, _ = theano.scan(lambda k, v: v[k], sequences=[idx], non_sequences=[v])
    f = theano.function([v, idx], out)
    args = (np.array([1.5, 2.5]), np.array([1, 0]))
    assert f(*args).tolist() == [2.5, 1.5]
    assert _n_results(_lowered(f, *args)) == 2


def test_ifelse_untaken_branch_check_only_raises_when_taken():
    """The error names the node and Theano's class; the same program runs the other branch."""
    v, c, idx = T.dvector("v"), T.dscalar("c"), T.lvector("idx")
    f = theano.function([c, v, idx], theano.ifelse.ifelse(T.gt(c, v[0]), v[idx + 1], v[:1]))
    assert f(0.0, [1.5, 2.5], [4]).tolist() == [1.5]
    with pytest.raises(IndexError, match="AdvancedSubtensor1"):
        f(5.0, [1.5, 2.5], [4])
    assert f(5.0, [1.5, 2.5], [0]).tolist() == [2.5]


def test_checks_in_both_branches():
    """Each branch's checks keep their own flags (the other branch's read True)."""
    v, c, i = T.dvector("v"), T.dscalar("c"), T.lvector("i")
    f = theano.function([c, v, i], theano.ifelse.ifelse(
        T.gt(c, v[0]), v[i + 0].sum(), v[i + 1].sum() + v[i + 2].sum()))
    assert f(5.0, [1.5, 2.5], [1]) == 2.5
    assert f(-5.0, [1.5, 2.5], [-2]) == 1.5 + 2.5
    with pytest.raises(IndexError):
        f(5.0, [1.5, 2.5], [2])
    with pytest.raises(IndexError):
        f(-5.0, [1.5, 2.5], [0])       # 0 + 2 out of range in the else branch


def test_scan_until_check_carried():
    """A do-while scan's checks are carried through the loop: a bad step raises, a
    step after the stop is not run (hand-computed values)."""
    v, idx, n = T.dvector("v"), T.lvector("idx"), T.lscalar("n")
    out, _ = theano.scan(lambda k, v, n: (v[k] * 2, theano.scan_module.until(T.eq(k, n))),
                         sequences=[idx], non_sequences=[v, n])
    f = theano.function([v, idx, n], out)
    assert f([1.5, 2.5], [0, 1, 9], 1).tolist() == [3.0, 5.0]
    with pytest.raises(IndexError):
        f([1.5, 2.5], [0, 9, 1], 1)
    assert f([1.5, 2.5], [1, 0, 1], 7).tolist() == [5.0, 3.0, 5.0]
