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
