"""Theano 1.0.5's error and argument semantics, replayed on theanox (issue 10).

Each record of tests/oracle/semantics.json (see tests/oracle/record_semantics.py)
is a snippet that ran on real Theano 1.0.5; here it runs unchanged with ``theano``
being theanox, and its ``result`` must match: the same values and dtypes, the same
exception class (and, where listed in ``MESSAGES``, the same key words).
"""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
with open(os.path.join(HERE, "oracle", "semantics.json")) as _fh:
    ORACLE = json.load(_fh)
RECORDS = {r["key"]: r for r in ORACLE["records"]}

# NumPy's exception subclasses that Theano lets through; theanox raises the base class.
SAME_CLASS = {"UFuncTypeError": "TypeError"}

# Words that theanox's message must contain as Theano's does (checked case-insensitively).
MESSAGES = {
    "int_floordiv_zero_const": ["integer division by zero"],
    "int_mod_zero_runtime": ["integer modulo by zero"],
    "index_scalar_runtime": ["out of bounds"],
    "index_list_const": ["out of bounds"],
    "size1_nonbroadcastable_inputs": ["Input dimension mis-match"],
    "size1_nonbroadcastable_computed": ["Input dimension mis-match"],
    "shape_mismatch_elemwise": ["Input dimension mis-match"],
    "shared_as_explicit_input": ["Cannot use a shared variable (s) as explicit input"],
    "nested_list_outputs": ["Outputs must be theano Variable or Out instances"],
    "argmax_0d": ["bad axis argument"],
    "print_callback_raises_value_error": ["from the callback"],
    "choose_raise": ["invalid entry in choice array"],
    "grad_undefined_raise": ["mathematically undefined"],
}

# Parts of a record that name Theano's internals (op class names); theanox's differ.
IGNORE_FIELDS = {"mode_excluding_effect": ["ops"]}

# Where theanox deliberately differs: the reason, and what theanox gives instead.
DIFFERENT = {
    "in_update_no_value": (
        "Theano accepts In(x, update=...) without value= and then never uses the update "
        "(the next call without x still says 'Missing required input'): an accepted and "
        "ignored argument, which theanox refuses when the function is built",
        {"error": "TypeError", "message": "needs value="}),
    "inc_subtensor_float_into_int": (
        "Theano builds the node and raises NumPy's casting TypeError at the first call; "
        "theanox raises the TypeError when the graph is built",
        {"error": "TypeError", "message": "cannot add float"}),
    "inc_subtensor_float_const_into_int": (
        "as inc_subtensor_float_into_int",
        {"error": "TypeError", "message": "cannot add float"}),
    "argmax_0d": (
        "Theano builds argmax of a 0-d tensor and raises ValueError when it runs; theanox "
        "raises the ValueError when the graph is built",
        {"error": "ValueError", "message": "bad axis argument"}),
    "mode_excluding_unknown_tag": (
        "Theano accepts any tag and ignores the unknown ones (a typo silently keeps the "
        "rewrite); theanox refuses a tag that names no rewrite, listing the known tags",
        {"error": "ValueError", "message": "unknown rewrite tag"}),
    "grad_null_gradients_bad_value": (
        "Theano ignores a null_gradients value other than 'raise'/'return'; theanox "
        "refuses it",
        {"error": "ValueError", "message": "null_gradients must be one of"}),
}


def run_snippet(code):
    ns = {}
    exec(ORACLE["meta"]["prelude"], ns)
    try:
        exec(code, ns)
        return ns["result"]
    except BaseException as e:      # noqa: BLE001  (KeyboardInterrupt is a recorded result)
        return ns["val"](e)


def assert_same(expected, actual, key, where="result"):
    if isinstance(expected, dict) and "error" in expected:
        assert isinstance(actual, dict) and "error" in actual, (
            "%s: %s: Theano raised %s (%s), theanox gave %r"
            % (key, where, expected["error"], expected["message"][:200], actual))
        cls = SAME_CLASS.get(expected["error"], expected["error"])
        assert actual["error"] == cls, (
            "%s: %s: Theano raised %s, theanox raised %s: %s"
            % (key, where, cls, actual["error"], actual["message"][:500]))
        for word in MESSAGES.get(key, ()) if where.count("[") <= 1 else ():
            if word.lower() in expected["message"].lower():
                assert word.lower() in actual["message"].lower(), (
                    "%s: the message should say %r: %s" % (key, word, actual["message"]))
        return
    if isinstance(expected, dict) and "dtype" in expected and "value" in expected:
        assert isinstance(actual, dict) and "dtype" in actual, (
            "%s: %s: expected %r, got %r" % (key, where, expected, actual))
        assert (actual["dtype"], actual["shape"]) == (expected["dtype"], expected["shape"]), (
            "%s: %s: expected %s%s, got %s%s" % (key, where, expected["dtype"], expected["shape"],
                                                  actual["dtype"], actual["shape"]))
        # Integers exactly; floats to a few ulps (XLA's exp is not libm's).
        rtol = 1e-13 if expected["dtype"].startswith(("float", "complex")) else 0
        np.testing.assert_allclose(np.asarray(actual["value"], float),
                                   np.asarray(expected["value"], float), rtol=rtol,
                                   atol=0, err_msg="%s: %s" % (key, where))
        return
    if isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), (
            "%s: %s: expected %r, got %r" % (key, where, expected, actual))
        for k, (e, a) in enumerate(zip(expected, actual)):
            assert_same(e, a, key, "%s[%d]" % (where, k))
        return
    if isinstance(expected, dict):
        skip = IGNORE_FIELDS.get(key, ()) if where == "result" else ()
        assert isinstance(actual, dict), "%s: %s: expected %r, got %r" % (
            key, where, expected, actual)
        assert sorted(set(expected) - set(skip)) == sorted(set(actual) - set(skip)), (
            "%s: %s: expected %r, got %r" % (key, where, expected, actual))
        for k in expected:
            if k not in skip:
                assert_same(expected[k], actual[k], key, "%s.%s" % (where, k))
        return
    assert expected == actual, "%s: %s: Theano gave %r, theanox %r" % (key, where, expected,
                                                                       actual)


@pytest.mark.parametrize("key", sorted(RECORDS))
def test_recorded(key):
    record = RECORDS[key]
    expected = record["result"]
    if key in DIFFERENT:
        print("theanox differs from Theano on purpose:", DIFFERENT[key][0])
        expected = DIFFERENT[key][1]
    actual = run_snippet(record["code"])
    assert_same(expected, actual, key)
    if key in DIFFERENT and "error" in expected:
        assert expected["message"] in actual["message"], actual["message"]


def _fresh_python(code, env_extra=None):
    env = dict(os.environ, PYTHONPATH=ROOT)
    env.update(env_extra or {})
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout.strip().split("\n")


def test_import_leaves_numpy_random_state():
    recorded = ORACLE["import_side_effects"]
    assert recorded["rand_after_import"] == recorded["rand_plain"]
    got = _fresh_python("import numpy as np; np.random.seed(1); import theano; "
                        "print(repr(np.random.rand()))")
    assert got[-1] == recorded["rand_after_import"]


def test_import_applies_numpy_seterr_flags():
    recorded = ORACLE["import_side_effects"]
    code = "import numpy as np; import theano; print(sorted(np.geterr().items()))"
    assert _fresh_python(code)[-1] == recorded["geterr_after_import"]
    flags = {"THEANO_FLAGS": recorded["flags_for_geterr_with_flags"]}
    assert _fresh_python(code, flags)[-1] == recorded["geterr_with_flags"]


# ------------------------------------------------------------------ every argument
# Each argument that function(), In, Out, Mode, grad, scan and shared accept is
# listed here with how it shows: "effect" (the check proves it changes something,
# against a hand-computed value), "refused" (a value theanox cannot honour raises),
# or "same results" (Theano's only effect is speed, memory or aliasing, which XLA
# decides; the check proves both values give the same results).  A new argument
# with no row fails test_every_argument_has_a_row.

def _T():
    import theano
    import theano.tensor as T
    return theano, T


def _fn_basic(**kw):
    theano, T = _T()
    x = T.dvector("x")
    return theano.function([x], 2 * x, **kw), x


def _p_inputs_outputs():
    f, _ = _fn_basic()
    np.testing.assert_array_equal(f(np.array([1.0, 2.0])), [2.0, 4.0])


def _p_mode():
    theano, T = _T()
    x = T.dvector("x")
    run = theano.function([x], T.exp(x) * 2 + 1, mode="FAST_RUN")
    compile_ = theano.function([x], T.exp(x) * 2 + 1, mode="FAST_COMPILE")
    assert len(run.maker.fgraph.toposort()) < len(compile_.maker.fgraph.toposort())


def _p_updates():
    theano, T = _T()
    s = theano.shared(1.0)
    theano.function([], [], updates={s: s * 3})()
    assert s.get_value() == 3.0


def _p_givens():
    theano, T = _T()
    x, y = T.dscalar("x"), T.dscalar("y")
    assert theano.function([y], x + 1, givens={x: y * 10})(2.0) == 21.0


def _p_no_default_updates():
    theano, T = _T()
    s = theano.shared(0.0)
    s.default_update = s + 1
    theano.function([], s, no_default_updates=True)()
    assert s.get_value() == 0.0
    theano.function([], s)()
    assert s.get_value() == 1.0


def _p_accept_inplace():
    for flag in (False, True):
        f, _ = _fn_basic(accept_inplace=flag)
        np.testing.assert_array_equal(f(np.ones(2)), [2.0, 2.0])


def _p_name():
    f, _ = _fn_basic(name="my_function")
    assert f.name == "my_function"


def _p_rebuild_strict():
    theano, T = _T()
    x, y = T.fvector("x"), T.dvector("y")
    with pytest.raises(TypeError, match="rebuild_strict=False"):
        theano.function([y], x * 2, givens={x: y})
    f = theano.function([y], x * 2, givens={x: y}, rebuild_strict=False)
    out = f(np.array([0.1]))
    assert out.dtype == np.float64 and out[0] == 0.2     # rebuilt in float64


def _p_allow_input_downcast():
    theano, T = _T()
    x = T.fvector("x")
    with pytest.raises(TypeError):
        theano.function([x], x)(np.array([0.5]))
    assert theano.function([x], x, allow_input_downcast=True)(np.array([0.5])).dtype == "float32"


def _p_profile():
    f, _ = _fn_basic(profile=True)
    f(np.ones(2))
    assert f.profile is not None and _fn_basic()[0].profile is None


def _p_on_unused_input():
    theano, T = _T()
    x, y = T.dscalar("x"), T.dscalar("y")
    with pytest.raises(Exception, match="not part of the computational graph"):
        theano.function([x, y], x)
    assert theano.function([x, y], x, on_unused_input="ignore")(1.0, 2.0) == 1.0


def _p_sharding():
    theano, T = _T()
    with pytest.raises(TypeError, match="DataParallel"):
        _fn_basic(sharding="bogus")


def _p_in_name():
    theano, T = _T()
    x = T.dscalar("x")
    f = theano.function([theano.In(x, name="alpha", value=1.0)], x * 2)
    assert f(alpha=3.0) == 6.0 and f() == 2.0


def _p_in_value():
    theano, T = _T()
    x = T.dscalar("x")
    assert theano.function([theano.In(x, value=4.0)], x + 1)() == 5.0


def _p_in_default():
    theano, T = _T()
    x = T.dscalar("x")
    assert theano.function([theano.In(x, default=4.0)], x + 1)() == 5.0


def _p_in_update():
    theano, T = _T()
    s = T.dscalar("s")
    f = theano.function([theano.In(s, value=1.0, update=s * 2)], s)
    assert [float(f()) for _ in range(3)] == [1.0, 2.0, 4.0]


def _p_in_same_results(arg):
    def proof():
        theano, T = _T()
        x = T.dvector("x")
        for flag in (False, True):
            f = theano.function([theano.In(x, **{arg: flag})], x * 2)
            a = np.array([1.0, 2.0])
            np.testing.assert_array_equal(f(a), [2.0, 4.0])
            np.testing.assert_array_equal(a, [1.0, 2.0])    # the caller's array intact
    return proof


def _p_in_strict():
    theano, T = _T()
    x = T.dvector("x")
    with pytest.raises(TypeError):
        theano.function([theano.In(x, strict=True)], x)([1.0, 2.0])     # a list, not float64
    assert theano.function([theano.In(x)], x)([1.0, 2.0]).dtype == np.float64


def _p_in_allow_downcast():
    theano, T = _T()
    x = T.fvector("x")
    f = theano.function([theano.In(x, allow_downcast=True)], x)
    assert f(np.array([0.5])).dtype == np.float32


def _p_in_autoname():
    theano, T = _T()
    x = T.dscalar("x")
    assert theano.function([theano.In(x, value=1.0)], x)(x=3.0) == 3.0
    f = theano.function([theano.In(x, value=1.0, autoname=False)], x)
    with pytest.raises(TypeError, match="Unknown input"):
        f(x=3.0)


def _p_in_refused(arg):
    def proof():
        theano, T = _T()
        with pytest.raises(TypeError, match=r"%s=True\) is not supported" % arg):
            theano.In(T.dscalar("x"), value=1.0, **{arg: True})
    return proof


def _p_out_borrow():
    theano, T = _T()
    x = T.dvector("x")
    copied = theano.function([x], theano.Out(2 * x, borrow=False))(np.ones(2))
    borrowed = theano.function([x], theano.Out(2 * x, borrow=True))(np.ones(2))
    assert copied.flags.writeable and not borrowed.flags.writeable
    np.testing.assert_array_equal(borrowed, [2.0, 2.0])


def _p_out_variable():
    theano, T = _T()
    x = T.dvector("x")
    np.testing.assert_array_equal(theano.function([x], theano.Out(x + 1))(np.zeros(1)), [1.0])


def _p_mode_linker():
    theano, T = _T()
    with pytest.raises(ValueError, match="unknown linker"):
        theano.Mode(linker="no_such_linker")
    x = T.dvector("x")
    for linker in ("py", "c", "cvm", "vm"):
        f = theano.function([x], x * 2, mode=theano.Mode(linker=linker))
        np.testing.assert_array_equal(f(np.ones(1)), [2.0])


def _p_mode_optimizer():
    theano, T = _T()
    x = T.dvector("x")
    expr = T.log(1 / (1 + T.exp(-x)))
    plain = theano.function([x], expr, mode=theano.Mode(optimizer=None))
    stable = theano.function([x], expr, mode=theano.Mode(optimizer="fast_run"))
    assert plain(np.array([-1000.0]))[0] == -np.inf       # log(0) without the rewrite
    assert stable(np.array([-1000.0]))[0] == -1000.0     # log(sigmoid) -> -softplus(-x)


def _p_grad_basic():
    theano, T = _T()
    x = T.dscalar("x")
    assert theano.function([x], T.grad(x ** 3, x))(2.0) == 12.0


def _p_grad_consider_constant():
    theano, T = _T()
    x = T.dscalar("x")
    y = x ** 2
    assert theano.function([x], T.grad(y * x, x, consider_constant=[y]))(3.0) == 9.0


def _p_grad_disconnected_inputs():
    theano, T = _T()
    x, y = T.dscalars("x", "y")
    with pytest.raises(theano.gradient.DisconnectedInputError):
        T.grad(x * 2, y)
    assert T.grad(x * 2, y, disconnected_inputs="ignore") is not None


def _p_grad_add_names():
    theano, T = _T()
    x = T.dscalar("x")
    c = (x * 2).sum()
    c.name = "c"
    assert T.grad(c, x).name == "(dc/dx)"
    assert T.grad(c, x, add_names=False).name != "(dc/dx)"


def _p_grad_known_grads():
    theano, T = _T()
    x = T.dscalar("x")
    y = x * 3
    g = T.grad(None, x, known_grads={y: T.constant(2.0)})
    assert theano.function([x], g)(1.0) == 6.0


def _p_grad_return_disconnected():
    theano, T = _T()
    x, y = T.dscalars("x", "y")
    assert T.grad(x * 2, y, disconnected_inputs="ignore", return_disconnected="None") is None


def _p_grad_null_gradients():
    theano, T = _T()
    x = T.dscalar("x")
    cost = theano.gradient.undefined_grad(x) * 2
    with pytest.raises(theano.gradient.NullTypeGradError):
        T.grad(cost, x)
    assert type(T.grad(cost, x, null_gradients="return").type).__name__ == "NullType"


def _zero():
    theano, T = _T()
    return T.as_tensor_variable(np.float64(0.0))


def _scan_sum(**kw):
    theano, T = _T()
    v = T.dvector("v")
    out, upd = theano.scan(lambda a, acc: acc + a, sequences=[v], outputs_info=[_zero()], **kw)
    return theano.function([v], out, updates=upd)


def _p_scan_basic():
    np.testing.assert_array_equal(_scan_sum()(np.array([1.0, 2.0, 3.0])), [1.0, 3.0, 6.0])


def _p_scan_non_sequences():
    theano, T = _T()
    v, k = T.dvector("v"), T.dscalar("k")
    out, _ = theano.scan(lambda a, k: a * k, sequences=[v], non_sequences=[k])
    np.testing.assert_array_equal(theano.function([v, k], out)(np.array([1.0, 2.0]), 3.0),
                                  [3.0, 6.0])


def _p_scan_n_steps():
    theano, T = _T()
    out, _ = theano.scan(lambda acc: acc * 2, outputs_info=[_zero() + 1], n_steps=4)
    np.testing.assert_array_equal(theano.function([], out)(), [2.0, 4.0, 8.0, 16.0])


def _p_scan_truncate_gradient():
    theano, T = _T()
    v = T.dvector("v")
    full, _ = theano.scan(lambda a, acc: acc * 2 + a, sequences=[v], outputs_info=[_zero()])
    cut, _ = theano.scan(lambda a, acc: acc * 2 + a, sequences=[v], outputs_info=[_zero()],
                         truncate_gradient=1)
    gf = theano.function([v], T.grad(full[-1], v))(np.ones(3))
    gc = theano.function([v], T.grad(cut[-1], v))(np.ones(3))
    np.testing.assert_array_equal(gf, [4.0, 2.0, 1.0])      # d(4a0 + 2a1 + a2)
    np.testing.assert_array_equal(gc, [0.0, 0.0, 1.0])      # only the last step


def _p_scan_go_backwards():
    np.testing.assert_array_equal(_scan_sum(go_backwards=True)(np.array([1.0, 2.0, 3.0])),
                                  [3.0, 5.0, 6.0])


def _p_scan_same_results(arg, value):
    def proof():
        np.testing.assert_array_equal(_scan_sum(**{arg: value})(np.array([1.0, 2.0])),
                                      [1.0, 3.0])
    return proof


def _p_scan_name():
    theano, T = _T()
    v = T.dvector("v")
    out, _ = theano.scan(lambda a: a * 2, sequences=[v], name="doubler")
    assert str(out.owner.op) == "for{cpu,doubler}"


def _p_scan_profile():
    with pytest.raises(ValueError, match="profile"):
        _scan_sum(profile=True)


def _p_scan_strict():
    theano, T = _T()
    v, k = T.dvector("v"), T.dscalar("k")
    with pytest.raises(Exception, match="missing an input"):
        theano.scan(lambda a: a * k, sequences=[v], strict=True)
    theano.scan(lambda a: a * k, sequences=[v])


def _p_scan_return_list():
    theano, T = _T()
    v = T.dvector("v")
    out, _ = theano.scan(lambda a: a * 2, sequences=[v], return_list=True)
    assert isinstance(out, list) and len(out) == 1


def _p_shared_value_name():
    theano, T = _T()
    s = theano.shared(np.arange(3.0), name="w")
    assert s.name == "w" and s.get_value().tolist() == [0.0, 1.0, 2.0]


def _p_shared_strict():
    theano, T = _T()
    s = theano.shared(np.zeros(2), strict=True)
    with pytest.raises(TypeError):
        s.set_value([1, 2])                         # a list: not a float64 array
    theano.shared(np.zeros(2)).set_value([1, 2])


def _p_shared_allow_downcast():
    theano, T = _T()
    s = theano.shared(np.zeros(2, dtype="float32"))
    with pytest.raises(TypeError):
        s.set_value(np.array([0.1, 0.2]))          # float64 into float32
    s = theano.shared(np.zeros(2, dtype="float32"), allow_downcast=True)
    s.set_value(np.array([0.1, 0.2]))
    assert s.get_value().dtype == np.float32


def _p_shared_borrow():
    theano, T = _T()
    for flag in (False, True):
        a = np.zeros(2)
        s = theano.shared(a, borrow=flag)
        theano.function([], [], updates={s: s + 1})()
        assert s.get_value().tolist() == [1.0, 1.0]


def _p_shared_broadcastable():
    theano, T = _T()
    s = theano.shared(np.zeros((1, 3)), broadcastable=(True, False))
    assert s.broadcastable == (True, False)
    assert theano.function([], s + np.ones((2, 3)))().shape == (2, 3)


def _p_shared_kwargs():
    theano, T = _T()
    theano.shared(np.zeros(2), target="cpu")
    with pytest.raises(ValueError, match="no context of that name"):
        theano.shared(np.zeros(2), target="dev0")
    with pytest.raises(TypeError, match="unexpected keyword"):
        theano.shared(np.zeros(2), no_such_argument=1)


SAME = "same results"
ARGUMENTS = {
    "function": {
        "inputs": ("effect", _p_inputs_outputs), "outputs": ("effect", _p_inputs_outputs),
        "mode": ("effect", _p_mode), "updates": ("effect", _p_updates),
        "givens": ("effect", _p_givens), "no_default_updates": ("effect", _p_no_default_updates),
        "accept_inplace": (SAME, _p_accept_inplace,
                           "Theano refuses graphs with in-place ops unless True; theanox has "
                           "no in-place ops, so there is never anything to refuse"),
        "name": ("effect", _p_name), "rebuild_strict": ("effect", _p_rebuild_strict),
        "allow_input_downcast": ("effect", _p_allow_input_downcast),
        "profile": ("effect", _p_profile), "on_unused_input": ("effect", _p_on_unused_input),
        "sharding": ("refused", _p_sharding),
    },
    "In": {
        "variable": ("effect", _p_in_value), "name": ("effect", _p_in_name),
        "value": ("effect", _p_in_value), "default": ("effect", _p_in_default),
        "update": ("effect", _p_in_update),
        "mutable": (SAME, _p_in_same_results("mutable"),
                    "lets Theano overwrite the caller's array in place; XLA never does"),
        "borrow": (SAME, _p_in_same_results("borrow"),
                   "lets Theano alias the caller's array; results are equal either way"),
        "strict": ("effect", _p_in_strict), "allow_downcast": ("effect", _p_in_allow_downcast),
        "autoname": ("effect", _p_in_autoname),
        "implicit": ("refused", _p_in_refused("implicit")),
        "shared": ("refused", _p_in_refused("shared")),
    },
    "Out": {"variable": ("effect", _p_out_variable), "borrow": ("effect", _p_out_borrow)},
    "Mode": {
        "linker": (SAME, _p_mode_linker, "Theano's executor choice (C, Python, VM); XLA runs "
                   "every linker's program, unknown names are refused"),
        "optimizer": ("effect", _p_mode_optimizer),
    },
    "grad": {
        "cost": ("effect", _p_grad_basic), "wrt": ("effect", _p_grad_basic),
        "consider_constant": ("effect", _p_grad_consider_constant),
        "disconnected_inputs": ("effect", _p_grad_disconnected_inputs),
        "add_names": ("effect", _p_grad_add_names),
        "known_grads": ("effect", _p_grad_known_grads),
        "return_disconnected": ("effect", _p_grad_return_disconnected),
        "null_gradients": ("effect", _p_grad_null_gradients),
    },
    "scan": {
        "fn": ("effect", _p_scan_basic), "sequences": ("effect", _p_scan_basic),
        "outputs_info": ("effect", _p_scan_basic),
        "non_sequences": ("effect", _p_scan_non_sequences),
        "n_steps": ("effect", _p_scan_n_steps),
        "truncate_gradient": ("effect", _p_scan_truncate_gradient),
        "go_backwards": ("effect", _p_scan_go_backwards),
        "mode": (SAME, _p_scan_same_results("mode", "FAST_COMPILE"),
                 "the mode Theano compiles the inner function with; the body is part of the "
                 "outer function's one program and runs in its mode"),
        "name": ("effect", _p_scan_name), "profile": ("refused", _p_scan_profile),
        "allow_gc": (SAME, _p_scan_same_results("allow_gc", False),
                     "Theano's memory policy for the inner function; XLA plans memory"),
        "strict": ("effect", _p_scan_strict), "return_list": ("effect", _p_scan_return_list),
    },
    "shared": {
        "value": ("effect", _p_shared_value_name), "name": ("effect", _p_shared_value_name),
        "strict": ("effect", _p_shared_strict),
        "allow_downcast": ("effect", _p_shared_allow_downcast),
        "borrow": (SAME, _p_shared_borrow, "lets Theano alias the given array on CPU; the "
                   "value lives on the device in theanox, results are equal"),
        "broadcastable": ("effect", _p_shared_broadcastable),
        "kwargs": ("refused", _p_shared_kwargs),
    },
}


def _signature_params(target):
    import inspect
    theano, T = _T()
    import importlib
    fn = {"function": theano.function, "In": theano.In.__init__, "Out": theano.Out.__init__,
          "Mode": theano.Mode.__init__, "grad": theano.grad,
          "scan": vars(importlib.import_module("theanox.scan"))["scan"],
          "shared": theano.shared}[target]
    return [p for p in inspect.signature(fn).parameters if p != "self"]


@pytest.mark.parametrize("target", sorted(ARGUMENTS))
def test_every_argument_has_a_row(target):
    assert sorted(_signature_params(target)) == sorted(ARGUMENTS[target])


@pytest.mark.parametrize("target,arg", [(t, a) for t in sorted(ARGUMENTS)
                                        for a in sorted(ARGUMENTS[t])])
def test_argument_has_its_effect(target, arg):
    row = ARGUMENTS[target][arg]
    if row[0] == SAME:
        print("%s(%s=...): same results by design: %s" % (target, arg, row[2]))
    row[1]()


# ------------------------------------------------------------------ run-time checks elsewhere
# The recorded cases run in FAST_RUN; the same errors hold in the other modes and
# around gradients, and a failed call leaves every shared variable as it was.

@pytest.mark.parametrize("mode", ["FAST_COMPILE", "DebugMode"])
def test_int_division_by_zero_in_other_modes(mode):
    theano, T = _T()
    x, y = T.lvector("x"), T.lvector("y")
    f = theano.function([x, y], x // y, mode=mode)
    np.testing.assert_array_equal(f(np.array([7, -7]), np.array([2, 2])), [3, -4])
    with pytest.raises(ZeroDivisionError, match="integer division by zero"):
        f(np.array([7, -7]), np.array([2, 0]))


def test_index_check_in_a_training_step_keeps_the_parameters():
    theano, T = _T()
    x, y = T.dmatrix("x"), T.lvector("y")
    W = theano.shared(np.zeros((3, 4)), name="W")
    p = T.nnet.softmax(T.dot(x, W))
    cost = -T.mean(T.log(p)[T.arange(y.shape[0]), y])
    train = theano.function([x, y], cost, updates={W: W - 0.5 * T.grad(cost, W)})
    assert abs(train(np.ones((2, 3)), np.array([0, 1])) - np.log(4)) < 1e-12
    before = W.get_value()
    assert np.abs(before).sum() > 0
    with pytest.raises(IndexError, match="out of bounds"):
        train(np.ones((2, 3)), np.array([0, 4]))
    np.testing.assert_array_equal(W.get_value(), before)
    train(np.ones((2, 3)), np.array([1, 0]))          # the function still works


@pytest.mark.parametrize("outputs", ["cost", "cost_and_vector", "int_then_cost"])
def test_index_check_with_nan_results(outputs):
    # A genuine NaN result with every check holding is returned (NumPy: log(-1) is
    # NaN); a failing check still raises and keeps the state, whichever outputs the
    # function returns (the program marks a small float output when a check fails).
    theano, T = _T()
    v, i = T.dvector("v"), T.lvector("i")
    s = theano.shared(np.array([1.0, 2.0]), name="s")
    picked = T.log(v[i]).sum()
    outs = {"cost": picked, "cost_and_vector": [picked, v[i] * 2],
            "int_then_cost": [i.sum(), picked]}[outputs]
    f = theano.function([v, i], outs, updates={s: s * 3})
    with np.errstate(invalid="ignore"):
        expect = np.log(np.array([-1.0, 4.0])[[0, 1]]).sum()
        got = f(np.array([-1.0, 4.0]), np.array([0, 1]))
    got_cost = got if outputs == "cost" else got[1] if outputs == "int_then_cost" else got[0]
    assert np.isnan(expect) and np.isnan(got_cost)
    np.testing.assert_array_equal(s.get_value(), [3.0, 6.0])
    with pytest.raises(IndexError, match="out of bounds"):
        f(np.array([-1.0, 4.0]), np.array([0, 2]))
    with pytest.raises(IndexError, match="out of bounds"):
        f(np.array([1.0, 4.0]), np.array([5, 0]))
    np.testing.assert_array_equal(s.get_value(), [3.0, 6.0])
    got = f(np.array([np.e, 1.0]), np.array([0, 1]))
    got_cost = got if outputs == "cost" else got[1] if outputs == "int_then_cost" else got[0]
    assert abs(got_cost - 1.0) < 1e-12
    np.testing.assert_array_equal(s.get_value(), [9.0, 18.0])


def test_print_error_in_scan_body_keeps_state():
    theano, T = _T()
    v = T.dvector("v")
    s = theano.shared(np.zeros(2), name="s")

    def boom(op, value):
        raise RuntimeError("stop here")
    out, _ = theano.scan(lambda a: theano.printing.Print("step", global_fn=boom)(a) * 2,
                         sequences=[v])
    f = theano.function([v], out.sum(), updates={s: s + 1})
    with pytest.raises(RuntimeError, match="stop here"):
        f(np.ones(2))
    np.testing.assert_array_equal(s.get_value(), [0.0, 0.0])
