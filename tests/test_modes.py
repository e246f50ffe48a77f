"""Compile modes: FAST_RUN/FAST_COMPILE agree, DebugMode, NanGuardMode, profiling, get_mode."""
import io

import numpy as np
import pytest

import theanox as theano
import theanox.tensor as T
from theanox.compile.debugmode import DebugMode, InvalidValueError
from theanox.compile.mode import Mode, get_mode
from theanox.compile.nanguardmode import NanGuardMode


def _graphs():
    x, y = T.dmatrix("x"), T.dvector("y")
    w = T.dvector("w")
    h = 1 / (1 + T.exp(-T.dot(x, w)))
    yield "logistic cost", [x, y, w], -T.mean(y * T.log(h) + (1 - y) * T.log(1 - h))
    yield "a + a ** 10", [x], x + x ** 10
    yield "mixed", [x, w], T.tanh(x * 2 + w) ** 2 - T.sqrt(abs(x)) / 3
    i = T.ivector("i")
    yield "int to float", [i], T.exp(i) + i * 0.5


@pytest.mark.parametrize("name, inputs, out", list(_graphs()), ids=lambda v: v
                         if isinstance(v, str) else "")
def test_fast_compile_and_fast_run_give_identical_numbers(name, inputs, out):
    rng = np.random.RandomState(0)
    vals = [rng.randint(0, 3, size=3).astype("int32") if v.dtype == "int32"
            else rng.rand(*((3, 3) if v.ndim == 2 else (3,))) for v in inputs]
    fr = theano.function(inputs, out, mode="FAST_RUN")(*vals)
    fc = theano.function(inputs, out, mode="FAST_COMPILE")(*vals)
    np.testing.assert_array_equal(fr, fc)
    # and both equal NumPy where we can write the formula simply
    if name == "a + a ** 10":
        np.testing.assert_allclose(fr, vals[0] + vals[0] ** 10, rtol=1e-15)


def test_get_mode_names_and_instances():
    for name in ("FAST_RUN", "FAST_COMPILE", "Mode", "DebugMode", "DEBUG_MODE",
                 "NanGuardMode", "ProfileMode", "PROFILE_MODE"):
        assert hasattr(get_mode(name), "build_fgraph")
    assert isinstance(get_mode("DebugMode"), DebugMode)
    m = Mode(linker="py", optimizer="fast_compile")
    assert get_mode(m) is m and not m.rewrites_enabled
    with pytest.raises(ValueError, match="Unknown mode 'FAST'"):
        get_mode("FAST")
    assert theano.compile.DebugMode is DebugMode
    assert theano.compile.function is theano.function


def test_fast_compile_keeps_the_graph_unfused():
    a = T.dscalar("a")
    f = theano.function([a], a + a ** 10, mode=Mode(linker="py", optimizer="fast_compile"))
    assert [str(n.op) for n in f.maker.fgraph.toposort()] == [
        "Elemwise{pow,no_inplace}", "Elemwise{add,no_inplace}"]
    assert f(2.0) == 1026.0


# ------------------------------------------------------------------ DebugMode

def test_debugmode_seed_example():
    x = T.dvector("x")
    f_1 = theano.function([x], 10 / x)
    np.testing.assert_array_equal(f_1([0]), [np.inf])          # legal outside DebugMode
    f_2 = theano.function([x], 10 / x, mode="DebugMode")
    np.testing.assert_array_equal(f_2([5]), [2.0])
    with pytest.raises(InvalidValueError) as info:
        f_2([0])
    e = info.value
    assert str(e.r) == "Elemwise{true_div,no_inplace}.0"
    assert e.hint == "perform output"
    assert e.specific_hint == "non-finite elements not allowed"
    text = str(e)
    for line in ("type(variable) = TensorType(float64, vector)",
                 "variable       = Elemwise{true_div,no_inplace}.0",
                 "dtype(value)   = float64", "shape(value)   = (1,)", "value          = [inf]",
                 "min(value)     = inf", "max(value)     = inf", "isfinite       = False",
                 "client_node    = None", "hint           = perform output",
                 "specific_hint  = non-finite elements not allowed",
                 "  Elemwise{true_div,no_inplace} [id A] ''", "   |x [id"):
        assert line in text, line
    np.testing.assert_allclose(f_2([7]), [10 / 7.0])


def test_debugmode_clean_graph_and_shared_updates():
    x = T.dvector("x")
    w = theano.shared(np.array([1.0, 2.0]), name="w")
    f = theano.function([x], T.sum(T.tanh(x * w)), updates=[(w, w + 1)], mode="DebugMode")
    out = f(np.array([0.5, -0.5]))
    np.testing.assert_allclose(out, np.tanh(0.5) + np.tanh(-1.0))
    np.testing.assert_array_equal(w.get_value(), [2.0, 3.0])


def test_debugmode_isfinite_can_be_turned_off():
    x = T.dvector("x")
    f = theano.function([x], 10 / x, mode=DebugMode(check_isfinite=False))
    np.testing.assert_array_equal(f([0]), [np.inf])


# ------------------------------------------------------------------ NanGuardMode

@pytest.mark.parametrize("value, kind", [(-1.0, "NaN detected"), (0.0, "Inf detected"),
                                         (1e12, "Big value detected")])
def test_nanguard_names_the_node(value, kind):
    x = T.dvector("x")
    y = T.log(x) if kind != "Big value detected" else x * 100
    f = theano.function([x], y * 2, mode=NanGuardMode(nan_is_error=True, inf_is_error=True,
                                                      big_is_error=True))
    with pytest.raises(AssertionError, match=kind) as info:
        f(np.array([value]))
    msg = str(info.value)
    if kind == "Big value detected":      # the input itself is already big
        assert "an input of this function: x" in msg
    else:
        assert "NanGuardMode found an error in the output of a node" in msg
        assert "log" in msg and "[id A]" in msg


def test_nanguard_clean_values_and_flags_off():
    x = T.dvector("x")
    f = theano.function([x], T.log(x), mode="NanGuardMode")
    np.testing.assert_allclose(f(np.array([1.0, np.e])), [0.0, 1.0])
    g = theano.function([x], T.log(x), mode=NanGuardMode(False, False, False))
    assert np.isnan(g(np.array([-1.0]))[0])


# ------------------------------------------------------------------ profiling

def test_profile_true_prints_per_op_tables():
    a = T.dvector("a")
    f = theano.function([a], T.exp(a).sum() + a.mean(), profile=True, name="prof")
    for _ in range(3):
        f(np.ones(4))
    p = f.profile
    assert isinstance(p, theano.compile.ProfileStats)
    assert p.fct_callcount == 3 and p.fct_call_time > 0
    assert set(p.apply_callcount.values()) == {3}
    assert set(p.apply_time) <= set(f.maker.fgraph.apply_nodes)
    buf = io.StringIO()
    p.summary(file=buf)
    text = buf.getvalue()
    for piece in ("Function profiling", "Message: prof", "Time in 3 calls to Function.__call__",
                  "Class\n-----", "Ops\n---", "Apply\n------", "<% time> <sum %> <apply time>",
                  "Sum{acc_dtype=float64}", "theanox.tensor.elemwise.Elemwise"):
        assert piece in text, piece
    np.testing.assert_allclose(f(np.ones(4)), 4 * np.e + 1)


def test_config_profile_and_profile_mode():
    a = T.dscalar("a")
    with theano.change_flags(profile=True):
        f = theano.function([a], a * 2)
    assert f.profile is not None
    g = theano.function([a], T.exp(a), mode="ProfileMode")
    assert g(0.0) == 1.0
    assert list(g.profile.op_time()) == ["Elemwise{exp,no_inplace}"]
    assert theano.function([a], a).profile is None


def test_exception_verbosity_high_adds_debugprint():
    x = T.dmatrix("x")
    y = T.dvector("y")
    f = theano.function([x, y], T.dot(x, y), mode="FAST_COMPILE")
    with pytest.raises(Exception) as low:
        f(np.ones((2, 3)), np.ones(2))
    assert "HINT: Use config.exception_verbosity='high'" in str(low.value)
    with theano.change_flags(exception_verbosity="high"):
        g = theano.function([x, y], T.dot(x, y), mode="DebugMode")
        with pytest.raises(Exception) as high:
            g(np.ones((2, 3)), np.ones(2))
    assert "dot [id A] ''" in str(high.value)
