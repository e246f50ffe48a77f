"""The generated differential suite: every case recorded from Theano 1.0.5 replayed on theanox.

tests/oracle/record_differential.py ran each program of tests/differential/generator.py
on real Theano 1.0.5 (FAST_RUN, C linker) and stored the inputs, the outputs (dtype,
shape, values) and the exception classes.  Here every program is built and compiled
once with theanox and called on all its input sets; dtype, shape, values (NaN
positions equal, integers exact, floats to a tolerance scaled by the dtype) and error
classes must agree.  Every difference that remains is a row of KNOWN (a pattern on the
program's code and a pattern on the difference, with the reason); docs/DIFFERENCES.md
explains them.  A new, unlisted difference fails the test.
"""
import gzip
import json
import os
import re
import sys
import warnings

import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "differential"))
import generator as G  # noqa: E402

DATA = os.path.join(HERE, "oracle", "differential.json.gz")
# Theano's results on the input sets that hold subnormals, with those flushed to signed
# zeros (tests/oracle/record_differential_daz.py): {floatX: {key: {set index: result}}}
DATA_DAZ = os.path.join(HERE, "oracle", "differential_daz.json.gz")
DAZ_NOTE = "equals Theano's result on the inputs with subnormals flushed to zero"

# (pattern on the program code, pattern on the difference text, reason).  A difference
# is known when both patterns match (re.search).  Keep the reasons in docs/DIFFERENCES.md.
SEMANTICS = "semantics helper's (issue 10, error/argument half): "
KNOWN = [
    (r"", re.escape(DAZ_NOTE),
     "XLA's CPU code reads subnormal inputs as zero (DAZ); checked: Theano 1.0.5 gives "
     "theanox's result when those inputs are zeros (tests/oracle/differential_daz.json.gz)"),
    (r"'uint(32|64)'", r"values differ",
     "float->uint32/uint64 cast of an out-of-range value or NaN: undefined in C; Theano's "
     "compiled loop and NumPy disagree; theanox follows NumPy on x86"),
    (r"", r"subnormal flushed to zero",
     "XLA's CPU code runs with denormals flushed to zero (FTZ/DAZ); Theano's C code keeps "
     "subnormal results"),
    (r"", r"^\[tiny[#2]*\] .*(values differ|subnormal)",
     "input set of subnormals: XLA's CPU code treats subnormal inputs as zero (DAZ), which "
     "changes sums, ties (argmax, max gradients) and quotients of them"),
    (r"T\.dot", r": -?(nan|inf), Theano -?(nan|inf)",
     "dot over inf/NaN: BLAS (OpenBLAS gemv/gemm, Theano's dot) skips zero entries and sums "
     "in another order, so inf * 0 and inf - inf are formed or not"),
    (r"T\.dot", r"^\[empty(#2)?\] computes, Theano raises ValueError: some matrix has no unit stride",
     "Theano bug: its Dot22/Gemm C code refuses a matrix with a zero dimension ('some matrix "
     "has no unit stride', checked: also T.dot(ones((0, 3)), ones((3, 2)))); theanox returns "
     "the empty or zero result, as NumPy does"),
    (r"pinned/fused_int8_float", r"values differ",
     "Theano's canonicalizer merges d * (b + b) into the float product mul(d, b+b, 0.01), "
     "whose C code multiplies the int8 values as C ints (no int8 wrap-around)"),
    (r"'u?int(8|16)'", r"values differ",
     "Theano's canonicalizer flattens an integer add/mul chain into the float add/mul that "
     "uses it ((x0 + x1) + 0.5 -> add(x0, x1, 0.5)); its C code adds small ints as C ints, "
     "so the int8/int16 intermediate does not wrap (theanox wraps it, as unflattened "
     "Theano does)"),
    (r"set_subtensor\(x\d\[\[[^]]*\]\]", r"values differ",
     "gradient of set_subtensor with repeated advanced indices: Theano's gradient for the "
     "new values gathers every repeated position; JAX's scatter gives the one written"),
    (r"", r"refused \(TypeError: inc_subtensor: cannot add|Theano raises UFuncTypeError",
     SEMANTICS + "inc_subtensor of floats into an int tensor (Theano: computes for basic "
     "indices, raises UFuncTypeError at run time for advanced ones)"),
    (r"", r"Theano raises (ZeroDivisionError|OverflowError)",
     SEMANTICS + "run-time check channel (ZeroDivisionError for int // 0 and 0 ** -n, "
     "OverflowError)"),
    (r"", r"raised IndexError", SEMANTICS + "run-time index checks"),
    (r"", r"refused \(ValueError: Argm(ax|in), bad axis|Theano raises ValueError: Argm",
     SEMANTICS + "argmax/argmin of a 0-d tensor"),
    (r"acc_dtype='u?int", r"accepted, Theano refuses \(TypeError: Cannot build",
     SEMANTICS + "acc_dtype that loses precision is refused by Theano at build time"),
    # One row per program whose difference is not explained yet (key-anchored): each is
    # a real difference to fix or explain (docs/DIFFERENCES.md, "Open rows").
    (r"^float64/elemwise/33\n", r"", "Theano's canonicalizer simplifies x / x to 1, also for 0, inf and NaN"),
    (r"^float64/elemwise/41\n", '^\\[wide\\] ',
     "C's usual arithmetic conversions, checked (also unoptimised): ceil(bool) is float32 in Theano and its C code computes float32 - int32 in float, rounding 857948675 to 857948672 before the float64 output; theanox subtracts in float64 as NumPy does"),
    (r"^float64/grad_elemwise/44\n", '^\\[edge\\] ',
     'FTZ of a subnormal intermediate, checked by hand: 2.2e-308 / -1.5 is subnormal; XLA flushes it to -0.0, so (...) % 1 gives 0 where Theano gives 1.0 (three places: sum 7.999 against 10.999)'),
    (r"^float64/grad_elemwise/92\n", '^\\[(moderate|wide)\\] output 0',
     'Theano bug: a fused Composite with a float16 input computes wrong values in its C code (checked: 2 * cos(h ** y) with h = -1.082 gives 3.18, impossible for a cosine; here NaN powers compare <= 300 as true)'),
    (r"^float64/grad_elemwise/128\n", 'output 1: values differ',
     'Theano bug: ArcTan2.grad squares the integer input in its own dtype (gz * x / (sqr(x) + sqr(y)) with sqr(int64) wrapping), checked: x = 9223372036854775806, y = 0 gives 2**61 = 2.3e18'),
    (r"^float64/grad_reduce/150\n", '^\\[big(#2)?\\] ',
     'float32 sums accumulate in float32 in theanox (a decision: float64 accumulation measured 40-60% slower on large sums); Theano accumulates them in float64, so the mean of float32 values near 3.4e38 overflows only in theanox and std becomes inf - inf = NaN'),
    (r"^float64/reduce/224\n", r"", "Theano bug: T.min of int64 over a tuple of axes rounds through float64 and mishandles INT_MIN"),
    (r"^float64/grad_struct/237\n", 'Theano raises ValueError: cannot convert float NaN to integer',
     "Theano has no C code for float16: its Python fallback of cast(float16 NaN, 'uint32') raises ValueError; theanox converts (x86 rule)"),
    (r"^float64/grad_reduce/245\n", 'values differ at 1 of 1 places, e\\.g\\. \\[\\]: nan, Theano 0\\.0',
     "Theano's canonicalizer: std of a 0-d tensor: the reduction over no axes is removed and x - x simplified to 0, so std and its gradient are the constant 0 (checked: Theano's compiled graph is TensorConstant{0.0}); theanox gives sqrt'(0) * 0 = NaN as unoptimised Theano does"),
    (r"^float64/elemwise/274\n", '^\\[edge_stride7#2\\] ',
     'FTZ of a subnormal intermediate, checked by hand: 0.5 / 1.8e308 = 2.8e-309 is flushed to 0, so 2.043e-307 where Theano subtracts it (2.015e-307); the other places equal Theano on flushed inputs'),
    (r"^float64/grad_reduce/325\n", '^\\[mixed#2\\] output 1',
     "evaluation order at the float64 limit, checked: the gradient of var over [1.21, 1.8e308, -1.8e308] is 2 * (x - mean) / n in Theano (2 * 1.8e308 overflows to inf) and its sequential sum cancels 1.8e308 - 1.8e308 exactly; XLA's order differs"),
    (r"^float64/grad_reduce/332\n", 'output 1: values differ at 1 of 1 places, e\\.g\\. \\[\\]: 0\\.0, Theano 1\\.0',
     "Theano's canonicalizer: the gradient of max over a 0-d tensor is eq(x, max(x)) * gz; the reduction over no axes is removed and eq(x, x) simplified to 1, so NaN gets gradient 1 (unoptimised Theano and theanox: 0)"),
    (r"^float64/reduce/336\n", '^\\[big#2\\] ',
     "evaluation order at the float64 limit: partial sums of values near 1.8e308 overflow to +inf and -inf in XLA's tree order (inf - inf = NaN), to one infinity in Theano's sequential loop"),
    (r"^float64/grad_elemwise/352\n", '^\\[wide#2\\] output 1',
     "Theano bug: a fused Composite with a float16 input computes wrong values in its C code (as row 92: the gradient's Composite holds cosh(x0) of the float16 x0)"),
    (r"^float64/reduce/360\n", 'values differ at 1 of 1 places, e\\.g\\. \\[\\]: nan, Theano 0\\.0',
     "Theano's canonicalizer: std of a 0-d tensor is the constant 0 (as row 245), also for NaN"),
    (r"^float64/reduce/394\n", 'values differ at 1 of 1 places, e\\.g\\. \\[\\]: nan, Theano 0\\.0',
     "Theano's canonicalizer: std of a 0-d tensor is the constant 0 (as row 245), also for NaN"),
    (r"^float64/grad_reduce/406\n", '^\\[edge_stride7(#2)?\\] output 1',
     'FTZ of a subnormal intermediate, checked by hand: the product 2.2e-308 * 0.001 is subnormal and flushed to 0, so its gradient prod / x is 0 where Theano gives 0.001'),
    (r"^float64/grad_elemwise/410\n", r"", "Theano's canonicalizer simplifies x / x to 1 and x - x to 0, also for 0, inf and NaN"),
    (r"^float32/elemwise/1000022\n", r"", "Theano's canonicalizer simplifies x / x to 1 and x - x to 0, also for 0, inf and NaN"),
    (r"^float32/grad_elemwise/1000079\n", '^\\[wide\\] output 1',
     'float32 cancellation, checked: at x = 5.95e-3 the gradient (1/(1+x^2) - 1) * x^2 + (arctan(x) - |x|) * 2x keeps ~2 digits in float32 (float64: -2.0892e-9; Theano -2.0919e-9, theanox -2.0991e-9)'),
    (r"^float32/grad_elemwise/1000153\n", 'output 1: values differ',
     "Theano bug: ArcTan2.grad squares the integer input in its own dtype: sqr(uint8 200) is constant-folded to 64 (checked in Theano's graph), so gz * 200 / (64 + x^2)"),
    (r"^float32/reduce/1000158\n", '^\\[big\\] ',
     'evaluation order at the float64 limit (as row 336)'),
    (r"^float32/grad_reduce/1000159\n", 'output 1: values differ at 1 of 1 places, e\\.g\\. \\[\\]: 0\\.0, Theano 1\\.0',
     "Theano's canonicalizer: eq(x, x) simplified to 1 in the gradient of max over a 0-d tensor (as row 332)"),
    (r"^float32/elemwise/1000178\n", 'output 0: values differ',
     "Theano bug in its canonicalizer, checked (unoptimised Theano gives theanox's values): (m - (x1 > 0.5)) - (x1 - 1) with bool x1 becomes (1 + m) - (GT(x1, 0.5) + x1), where the bool + bool is logical or (True + True = True)"),
]

TOL = {"float16": 2e-3, "float32": 2e-5, "float64": 1e-11}


def _load():
    with gzip.open(DATA, "rt") as f:
        return json.load(f)


def _dec(e):
    return np.array(e["v"], dtype=e["d"]).reshape(e["s"])


def program_precision(code):
    """Returns the float dtype a program's intermediate results may be rounded to: Theano
    computes float32 steps (float32 inputs, small ints upgraded to float32, C's int-float
    promotion) with float32 libm results that XLA's float32 code can miss by an ulp, even
    when the output is float64."""
    if "float16" in code:
        return "float16"
    if re.search(r"float32|'u?int(8|16)'|'bool'", code):
        return "float32"
    return "float64"


def _bad_places(want, got, precision):
    """Returns a description of a dtype/shape difference, or the boolean array of the
    places where ``got`` differs from the recorded ``want``."""
    if str(got.dtype) != want["d"]:
        return "dtype %s, Theano %s" % (got.dtype, want["d"])
    if list(got.shape) != want["s"]:
        return "shape %s, Theano %s" % (list(got.shape), want["s"])
    w = _dec(want)
    if got.dtype.kind in "biu":
        return got != w
    g64, w64 = got.astype(np.float64), w.astype(np.float64)
    nan_g, nan_w = np.isnan(g64), np.isnan(w64)
    with np.errstate(all="ignore"):
        tol = max(TOL.get(want["d"], 1e-11), TOL[precision])
        close = (g64 == w64) | (np.abs(g64 - w64) <= tol * (
            np.abs(w64) + np.finfo(w.dtype).tiny))
    return (nan_g != nan_w) | (~close & ~nan_w)


def compare_value(want, got, precision="float64", flushed=None):
    """Returns a description of how ``got`` differs from the recorded ``want``, or None.
    Floats compare to the tolerance of the coarser of ``want``'s dtype and ``precision``.
    ``flushed`` is Theano's result on the inputs with subnormals flushed: when every
    differing place equals it, the description ends with DAZ_NOTE."""
    got = np.asarray(got)
    bad = _bad_places(want, got, precision)
    if isinstance(bad, str):
        return bad
    w = _dec(want)
    if bad.any():
        i = np.argwhere(bad)[0] if got.ndim else ()
        near = np.zeros_like(bad)
        if got.dtype.kind == "f":
            tiny = np.finfo(got.dtype).tiny
            g64, w64 = got.astype(np.float64), w.astype(np.float64)
            with np.errstate(all="ignore"):
                # results within a few `tiny` of zero: a subnormal operand was flushed
                near = (np.abs(w64) < 4 * tiny) & (np.abs(g64) < 4 * tiny)
        note = ""
        if flushed is not None:
            # every other differing place is Theano's value on the flushed inputs
            bad_f = _bad_places(flushed, got, precision)
            if not isinstance(bad_f, str) and not (bad & bad_f & ~near).any():
                note = "; " + DAZ_NOTE
        if got.dtype.kind == "f":
            if near[bad].all():
                return "subnormal flushed to zero at %d of %d places, e.g. %s: %r, Theano %r%s" % (
                    bad.sum(), bad.size, list(i), got[tuple(i)].item(), w[tuple(i)].item(),
                    note)
        return "values differ at %d of %d places, e.g. %s: %r, Theano %r%s" % (
            bad.sum(), bad.size, list(i), got[tuple(i)].item(), w[tuple(i)].item(), note)
    return None


def _cls(text):
    return text.split(":", 1)[0]


def run_program(theano, T, rec):
    """Returns the list of difference strings of one recorded program on theanox."""
    diffs = []
    f = None
    want_err = rec.get("build_error") or rec.get("compile_error")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ins, outs = G.build(T, rec["code"])
            f = theano.function(ins, outs, on_unused_input="ignore")
    except Exception as e:
        got = type(e).__name__
        if want_err is None:
            return ["refused (%s: %s), Theano computes" % (got, str(e).split("\n")[0][:120])]
        if got != _cls(want_err):
            return ["error %s, Theano %s" % (got, _cls(want_err))]
        return []
    if want_err is not None:
        return ["accepted, Theano refuses (%s)" % want_err[:150]]
    precision = program_precision(rec["code"])
    flushed = DAZ.get(rec["key"], {})
    for k, call in enumerate(rec["sets"]):
        if "crash" in call:
            continue
        args = [_dec(a) for a in call["args"]]
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                res = f(*args)
        except Exception as e:
            res = e
        diffs += compare_call(call, res, precision, flushed.get(str(k)))
    return diffs


def compare_call(want, res, precision, flushed=None):
    """Returns the differences of one call's result ``res`` (outputs or the exception it
    raised) from the recorded ``want`` ({"out": [...]} or {"error": text}); ``flushed``
    is the record of the same call with subnormal inputs flushed, if there is one."""
    name = "[%s] " % want["name"]
    if isinstance(res, Exception):
        if "error" in want and type(res).__name__ == _cls(want["error"]):
            return []
        return ["%sraised %s: %s; Theano %s" % (name, type(res).__name__,
                                                str(res).split("\n")[0][:120],
                                                want.get("error", "computes"))]
    if "error" in want:
        return ["%scomputes, Theano raises %s" % (name, want["error"][:150])]
    found = []
    for k, (w, got) in enumerate(zip(want["out"], res)):
        alt = flushed["out"][k] if flushed and "out" in flushed else None
        d = compare_value(w, got, precision, alt)
        if d:
            found.append("%soutput %d: %s" % (name, k, d))
    return found


def known_reason(code, diff):
    for code_pat, diff_pat, reason in KNOWN:
        if re.search(code_pat, code) and re.search(diff_pat, diff):
            return reason
    return None


def _records():
    if not os.path.exists(DATA):
        return {}
    data = _load()
    return {fx: data["floatX_" + fx] for fx in ("float64", "float32")}


RECORDS = _records()
DAZ = {}
if os.path.exists(DATA_DAZ):
    with gzip.open(DATA_DAZ, "rt") as _f:
        _daz = json.load(_f)
    DAZ = {**_daz["floatX_float64"], **_daz["floatX_float32"]}
FAMILIES = sorted({r["family"] for recs in RECORDS.values() for r in recs})


@pytest.mark.slow
@pytest.mark.parametrize("floatX", ["float64", "float32"])
@pytest.mark.parametrize("family", FAMILIES)
def test_differential(floatX, family):
    import theanox as theano
    import theanox.tensor as T
    recs = [r for r in RECORDS[floatX] if r["family"] == family]
    assert recs, "no recorded programs for %s/%s" % (floatX, family)
    unknown = []
    with theano.config.change_flags(floatX=floatX), np.errstate(all="ignore"):
        for rec in recs:
            for d in run_program(theano, T, rec):
                if known_reason(rec["key"] + "\n" + rec["code"], d) is None:
                    unknown.append("%s %s\n    %s" % (rec["key"], d,
                                                      rec["code"].replace("\n", "\n    ")))
    assert not unknown, "%d unlisted differences from Theano 1.0.5:\n%s" % (
        len(unknown), "\n".join(unknown[:40]))


def test_case_counts():
    """The recorded suite has at least 10,000 + 3,000 cases (program x input set)."""
    n = {fx: sum(len(r["sets"]) for r in recs) for fx, recs in RECORDS.items()}
    assert n["float64"] >= 10000 and n["float32"] >= 3000, n


def test_compare_value_catches_differences():
    """The comparison itself: NaN position, -0.0 vs 0.0 equal, one ulp within tolerance."""
    want = {"d": "float64", "s": [3], "v": [1.0, float("nan"), -0.0]}
    assert compare_value(want, np.array([1.0, np.nan, 0.0])) is None
    assert compare_value(want, np.array([1.0, 0.0, 0.0])) is not None
    assert compare_value(want, np.array([1.0 + 1e-9, np.nan, 0.0])) is not None
    assert compare_value(want, np.array([1.0, np.nan, 0.0], "float32")).startswith("dtype")
    assert compare_value({"d": "uint8", "s": [], "v": [253]}, np.uint8(0)) is not None
    flushed = compare_value({"d": "float32", "s": [1], "v": [1e-40]}, np.zeros(1, "float32"))
    assert flushed.startswith("subnormal flushed")
