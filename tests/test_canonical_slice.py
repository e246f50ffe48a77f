"""theano.tensor.get_canonical_form_slice against Theano 1.0.5 (tests/oracle/canonical_slice.json,
recorded by tests/oracle/record_canonical_slice.py): for each slice or int index, which parts
are build-time numbers and which symbolic, their values and dtypes; and, independently, that
the canonical slice read in its direction selects what Python's slicing selects."""
import json
import os

import jax
import numpy as np
import pytest

import theanox as theano
import theanox.tensor as T
from theanox.compile.lower import evaluate
from theanox.tensor import subtensor

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "oracle", "canonical_slice.json")) as f:
    RECORDS = json.load(f)["records"]


def build(rec):
    """The call of the record with fresh symbolic inputs: (parts, {input: value})."""
    givens = {}

    def spec(name, s):
        if s == "sym":
            v = T.lscalar(name)
            givens[v] = rec["values"][name]
            return v
        return s
    length = spec("length", rec["length"])
    if isinstance(rec["index"], dict):
        idx = spec("index", rec["index"]["int"])
    else:
        idx = slice(*[spec(n, s) for n, s in zip(("start", "stop", "step"), rec["index"])])
    out, direction = T.get_canonical_form_slice(idx, length)
    parts = [out.start, out.stop, out.step] if isinstance(out, slice) else [out]
    return parts + [direction], givens


@pytest.fixture(scope="module")
def computed():
    """Every record's parts; the symbolic ones evaluated eagerly, node by node, with the
    lowering a compiled function uses (jitting the ~50,000 nodes of all records as one
    program takes a minute; one program per record longer still)."""
    built = [build(r) for r in RECORDS]
    env = {v: np.int64(val) for _, g in built for v, val in g.items()}
    outputs = [p for parts, _ in built for p in parts if isinstance(p, theano.Variable)]
    with jax.ensure_compile_time_eval():
        values = iter(evaluate(outputs, env))
    result = []
    for parts, _ in built:
        result.append([(("variable", int(next(values)), p.dtype) if isinstance(p, theano.Variable)
                        else ("number", int(p), None)) for p in parts])
    return result


def test_names():
    assert T.get_canonical_form_slice is subtensor.get_canonical_form_slice


@pytest.mark.parametrize("chunk", range(0, len(RECORDS), 100))
def test_matches_theano(computed, chunk):
    bad = []
    for rec, got in zip(RECORDS[chunk:chunk + 100], computed[chunk:chunk + 100]):
        want = [(p["kind"], p["value"], p.get("dtype")) for p in rec["result"]]
        if got != want:
            bad.append((rec["key"], rec["index"], rec["length"], rec["values"], got, want))
    assert not bad, bad[:5]


def test_selects_what_python_slicing_selects(computed):
    checked = 0
    for rec, got in zip(RECORDS, computed):
        if isinstance(rec["index"], dict):
            continue
        vals = rec["values"]
        n = vals.get("length", rec["length"])
        bounds = [vals.get(k, s) for k, s in zip(("start", "stop", "step"), rec["index"])]
        (_, lo, _), (_, hi, _), (_, step, _), (_, direction, _) = got
        a = np.arange(n)
        assert 0 <= lo <= hi <= n and step > 0
        np.testing.assert_array_equal(a[lo:hi:step][::direction], a[slice(*bounds)],
                                      err_msg=str(rec))
        checked += 1
    assert checked > 1000


def test_int_index_wraps():
    i, direction = T.get_canonical_form_slice(-2, 5)
    assert direction == 1 and int(i.eval()) == 3
    k = T.lscalar("k")
    i, _ = T.get_canonical_form_slice(k, T.lscalar("n"))
    assert isinstance(i, theano.Variable)
    f = theano.function([k], T.arange(7)[k])   # the compiled path agrees on a few
    s, _ = T.get_canonical_form_slice(slice(k, None, -2), 7)
    g = theano.function([k], [s.start, s.stop])
    for kv in (-9, -3, 0, 4, 8):
        want = list(range(7))[kv::-2]
        lo, hi = g(kv)
        assert list(range(lo, hi, 2))[::-1] == want
        if -7 <= kv < 7:
            assert int(f(kv)) == list(range(7))[kv]


def test_zero_step_asserts_as_theano():
    with pytest.raises(AssertionError, match="step cannot be zero"):
        T.get_canonical_form_slice(slice(1, 3, 0), 5)
