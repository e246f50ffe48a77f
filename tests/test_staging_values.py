"""Slices whose bounds are runtime values, vs NumPy on the same concrete values.

This is the table that pins the semantics of the classic minibatch loop
``givens={x: train_set_x[index * batch_size:(index + 1) * batch_size]}`` and every
other start/stop/step form: each record is one expression on a shared variable
``x`` with symbolic integer scalar inputs (T.lscalar and T.iscalar), compiled once
with theano.function and called over a list of concrete values; every result is
compared (shape, dtype, values) with the same expression evaluated by NumPy on the
same data and the same Python integers.

Each record's expression is written once as ``expr(o, x, *ints)``: ``o`` is
``theanox.tensor`` on the symbolic side and ``NP`` (Python's min/max) on the NumPy
side, so both sides are literally the same indexing code.

Cost note: the tables were sized for the implementation that compiled one executable
per distinct index value (before ee748ce: ~30 ms per value, ~48 s of CPU for this
file): each compiled function sees at most 40 distinct index values (most far fewer),
the int32 runs use a subset of each record's values (N32; the int32 minibatch and
int-extreme records run their own full lists), and the SGD loop has 21 distinct
indices. With slice starts as runtime values (ee748ce) the file takes ~25 s of CPU.
"""
import itertools
import warnings
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import pytest

import theanox as theano
import theanox.tensor as T

DTYPES = ("int64", "int32")
SCALAR = {"int64": T.lscalar, "int32": T.iscalar}
SCALARS = {"int64": T.lscalars, "int32": T.iscalars}
MAXCALLS = 40                      # distinct index values per compiled function, at most
N32 = 1                            # values per record in the int32 runs (see values_of)
BIG = 10 ** 6


class NP:
    """The NumPy side's stand-in for the T.minimum / T.maximum used in an expression."""
    minimum = staticmethod(min)
    maximum = staticmethod(max)


def data_of(shape):
    return np.arange(float(np.prod(shape))).reshape(shape)


def as_input(v, dtype):
    # int64 inputs are fed as Python ints (the tutorials' `train_model(index)`),
    # int32 inputs as numpy int32 scalars.
    return v if dtype == "int64" else np.int32(v)


def numpy_ref(fn):
    """Evaluates fn() in NumPy, silencing the warnings of means over empty slices."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.asarray(fn())


def check_equal(got, want, msg):
    got = np.asarray(got)
    assert got.shape == want.shape, "%s: shape %s, NumPy %s" % (msg, got.shape, want.shape)
    assert got.dtype == want.dtype, "%s: dtype %s, NumPy %s" % (msg, got.dtype, want.dtype)
    np.testing.assert_array_equal(got, want, err_msg=msg)


def spread(values, count, stride=7):
    """A deterministic sample of `count` of `values` (seeded by `stride`), in order."""
    values = list(values)
    if len(values) <= count:
        return values
    keep = np.random.RandomState(stride).choice(len(values), count, replace=False)
    return [values[k] for k in sorted(keep)]


# ---------------------------------------------------------------------------------------
# The slice table
# ---------------------------------------------------------------------------------------

class Case(NamedTuple):
    id: str
    shape: tuple
    nargs: int                      # number of symbolic integer scalars
    expr: Callable                  # expr(o, x, *ints) -> x indexed
    values: object                  # list of int tuples, or {dtype: list of int tuples}


EDGE = [-BIG, -51, -50, -1, 0, 49, 50, 51, BIG]
GRID = sorted(set(range(-60, 61, 7)) | set(EDGE))         # 27 values
ONE = [-BIG, -50, -11, -1, 0, 50]                                 # for one-bound forms
STEPS = (-3, -2, -1, 1, 2, 5)
SMALL = [-BIG, -4, -3, -2, -1, 0, 1, 2, 3, 4, BIG]                 # for axes of length 3..5
# int dtype extremes: the start/stop normalisation (adding the length to a negative
# bound, clamping) must not overflow in the index dtype.
EXTREME = {"int64": [-2 ** 63, -2 ** 63 + 1, 2 ** 63 - 1, -2 ** 31, 2 ** 31 - 1, 2 ** 31],
           "int32": [-2 ** 31, -2 ** 31 + 1, 2 ** 31 - 1, -2 ** 15, 2 ** 15]}


def minibatch_indices(n, k):
    """Indices i for x[i*k:(i+1)*k] on n rows: the first, middle and last full batches,
    the short last batch, entirely past the end, and negative i (counting batches from
    the end, partly before the start, entirely before it)."""
    nb = -(-n // k)                                       # number of batches, last short
    vals = {0, nb // 2, nb - 1, nb, 1000, -1, -2, -nb, -nb - 1, -3 * nb}
    return sorted(vals)


def minibatch_core(n, k):
    """The essential few: first batch, last (short) batch, past the end, i=-1 (empty:
    x[-k:0]), i=-2 (a full batch counted from the end), i=-nb (partly before the start)."""
    nb = -(-n // k)
    return sorted({0, nb - 1, nb, -1, -2, -nb})


def chunked(cid, shape, nargs, expr, values, size=MAXCALLS):
    if isinstance(values, dict):                          # per-dtype values, one chunk
        return [Case(cid, shape, nargs, expr,
                     {d: [v if isinstance(v, tuple) else (v,) for v in vs]
                      for d, vs in values.items()})]
    values = [v if isinstance(v, tuple) else (v,) for v in values]
    parts = [values[k:k + size] for k in range(0, len(values), size)]
    if len(parts) == 1:
        return [Case(cid, shape, nargs, expr, parts[0])]
    return [Case("%s#%d" % (cid, k), shape, nargs, expr, p) for k, p in enumerate(parts)]


def build_slice_cases():
    cases = []
    add = cases.extend
    P = itertools.product

    # -- the minibatch form x[i*k:(i+1)*k], every shape, axis 0
    for shape in [(50,), (50, 3), (7, 4, 5)]:
        for k in (1, 7, 10):
            vals = minibatch_indices(shape[0], k)
            add(chunked("%s x[i*%d:(i+1)*%d]" % (shape, k, k), shape, 1,
                        lambda o, x, i, k=k: x[i * k:(i + 1) * k],
                        # the tutorials' form: every index kind, in int32 too
                        {"int64": vals, "int32": minibatch_core(50, k)} if shape == (50,)
                        else spread(minibatch_core(shape[0], k), 4, stride=k)))
    # -- x[a:b]: the edge values against each other, and a spread over the 27x27 grid
    add(chunked("(50,) x[a:b] edges", (50,), 2, lambda o, x, a, b: x[a:b],
                spread(list(P(EDGE, EDGE)), 10, stride=10)))
    add(chunked("(50,) x[a:b] grid", (50,), 2, lambda o, x, a, b: x[a:b],
                spread(list(P(GRID, GRID)), 10, stride=29)))
    add(chunked("(50, 3) x[a:b]", (50, 3), 2, lambda o, x, a, b: x[a:b],
                spread(list(P(GRID, GRID)), 6, stride=31)))
    add(chunked("(7, 4, 5) x[a:b]", (7, 4, 5), 2, lambda o, x, a, b: x[a:b],
                spread(list(P([-9, -8, -7, -3, -1, 0, 2, 6, 7, 8, BIG, -BIG], repeat=2)),
                       6, stride=13)))
    add(chunked("(50,) x[a:b] int extremes", (50,), 2, lambda o, x, a, b: x[a:b],
                {d: spread(list(P(v + [0, -1, 50], v + [0, -1, 50])), 8, stride=7)
                 for d, v in EXTREME.items()}))
    # -- one bound
    add(chunked("(50,) x[a:]", (50,), 1, lambda o, x, a: x[a:], ONE))
    add(chunked("(50,) x[:b]", (50,), 1, lambda o, x, b: x[:b], ONE))
    add(chunked("(50, 3) x[a:]", (50, 3), 1, lambda o, x, a: x[a:], [-BIG, -50, -7, 0, 7, 50]))
    add(chunked("(50,) x[a::-1]", (50,), 1, lambda o, x, a: x[a::-1], ONE))
    add(chunked("(50,) x[-a:]", (50,), 1, lambda o, x, a: x[-a:], ONE))
    add(chunked("(50,) x[a:-1]", (50,), 1, lambda o, x, a: x[a:-1], ONE))
    add(chunked("(50,) x[:b:-1]", (50,), 1, lambda o, x, b: x[:b:-1], ONE))
    add(chunked("(50,) x[a:] int extremes", (50,), 1, lambda o, x, a: x[a:],
                {d: vs for d, vs in EXTREME.items()}))
    add(chunked("(50,) x[a::-1] int extremes", (50,), 1, lambda o, x, a: x[a::-1],
                {d: vs for d, vs in EXTREME.items()}))
    # -- steps: symbolic s, and each constant s
    sv = [-60, -51, -50, -49, -1, 0, 3, 25, 48, 49, 50, BIG, -BIG]
    add(chunked("(50,) x[a:b:s]", (50,), 3, lambda o, x, a, b, s: x[a:b:s],
                spread(list(P(sv, sv, STEPS)), 10, stride=97)))
    for s in STEPS:
        add(chunked("(50,) x[a:b:%d]" % s, (50,), 2, lambda o, x, a, b, s=s: x[a:b:s],
                    spread(list(P(sv, sv)), 4, stride=20 + abs(s))))
    add(chunked("(50,) x[::s]", (50,), 1, lambda o, x, s: x[::s],
                [-3, -1, 2, 49, -51, -BIG]))
    add(chunked("(50,) x[a::s] int-extreme a", (50,), 2, lambda o, x, a, s: x[a::s],
                {d: list(P(vs, [-1, 3])) for d, vs in EXTREME.items()}))
    add(chunked("(50,) x[a::s] int-extreme s", (50,), 2, lambda o, x, a, s: x[a::s],
                {d: [(0, vs[0]), (49, vs[0]), (0, vs[1]), (-1, vs[1]), (0, vs[2]), (-1, vs[2])]
                 for d, vs in EXTREME.items()}))
    # -- later axes
    add(chunked("(50, 3) x[:, a:b]", (50, 3), 2, lambda o, x, a, b: x[:, a:b],
                spread(list(P(SMALL, SMALL)), 5, stride=5)))
    add(chunked("(50, 3) x[:, a:b:s]", (50, 3), 3, lambda o, x, a, b, s: x[:, a:b:s],
                spread(list(P(SMALL, SMALL, STEPS)), 5, stride=67)))
    add(chunked("(7, 4, 5) x[:, a:b]", (7, 4, 5), 2, lambda o, x, a, b: x[:, a:b],
                spread(list(P(SMALL + [5, -5], SMALL + [5, -5])), 5, stride=5)))
    add(chunked("(7, 4, 5) x[:, :, a::s]", (7, 4, 5), 2, lambda o, x, a, s: x[:, :, a::s],
                spread(list(P(SMALL + [5, -5, 6, -6], STEPS)), 5, stride=7)))
    add(chunked("(7, 4, 5) x[..., a:b]", (7, 4, 5), 2, lambda o, x, a, b: x[..., a:b],
                spread(list(P(SMALL, SMALL)), 5, stride=7)))
    # -- two sliced axes at once
    quads2 = list(P([-60, -50, -3, 0, 10, 49, 50, BIG], [-60, -1, 7, 50, BIG],
                    [-4, -1, 0, 1, 3, BIG], [-3, 0, 2, 4, -BIG]))
    add(chunked("(50, 3) x[a:b, c:d]", (50, 3), 4,
                lambda o, x, a, b, c, d: x[a:b, c:d], spread(quads2, 5, stride=101)))
    quads3 = list(P([-8, -7, -1, 0, 3, 7, BIG], [-8, -2, 0, 5, 7, 9],
                    [-5, -4, -1, 0, 2, 4], [-5, -1, 1, 3, 4, 5]))
    add(chunked("(7, 4, 5) x[a:b, c:d]", (7, 4, 5), 4,
                lambda o, x, a, b, c, d: x[a:b, c:d], spread(quads3, 5, stride=103)))
    add(chunked("(7, 4, 5) x[a:b, :, c:d:-1]", (7, 4, 5), 4,
                lambda o, x, a, b, c, d: x[a:b, :, c:d:-1], spread(quads3, 4, stride=107)))
    add(chunked("(50, 3) x[i*7:(i+1)*7, a:]", (50, 3), 2,
                lambda o, x, i, a: x[i * 7:(i + 1) * 7, a:],
                spread(list(P(minibatch_indices(50, 7), [-4, -1, 0, 2, 3])), 5, stride=11)))
    # -- clamped forms
    for shape, k in [((50,), 7), ((50,), 10), ((50, 3), 7)]:
        add(chunked("%s x[i*%d:min((i+1)*%d, n)]" % (shape, k, k), shape, 1,
                    lambda o, x, i, k=k: x[i * k:o.minimum((i + 1) * k, x.shape[0])],
                    spread(minibatch_core(shape[0], k), 4, stride=k)))
    add(chunked("(50,) x[max(0, n-7):n]", (50,), 1,
                lambda o, x, n: x[o.maximum(0, n - 7):n],
                [-BIG, -43, -1, 3, 44, 57]))
    add(chunked("(50, 3) x[max(0, n-10):n]", (50, 3), 1,
                lambda o, x, n: x[o.maximum(0, n - 10):n], [-41, 0, 9, 40, 60]))
    add(chunked("(50,) x[max(0, i*7):min(i*7+7, n)]", (50,), 1,
                lambda o, x, i: x[o.maximum(0, i * 7):o.minimum(i * 7 + 7, x.shape[0])],
                spread(minibatch_core(50, 7), 5, stride=8)))
    # -- the runtime slice, then transformed in the output
    mb7 = spread(minibatch_core(50, 7), 4, stride=1)
    add(chunked("(50, 3) x[i*7:(i+1)*7].T", (50, 3), 1,
                lambda o, x, i: x[i * 7:(i + 1) * 7].T, mb7))
    add(chunked("(50, 3) x[i*10:(i+1)*10].reshape((5, 6))", (50, 3), 1,
                lambda o, x, i: x[i * 10:(i + 1) * 10].reshape((5, 2 * 3)),
                [-5, -2, 0, 4]))                          # the slice is always 10 rows
    add(chunked("(7, 4, 5) x[i*2:(i+1)*2].reshape((-1, 20))", (7, 4, 5), 1,
                lambda o, x, i: x[i * 2:(i + 1) * 2].reshape((-1, 20)),
                spread(minibatch_core(7, 2), 4, stride=2)))
    add(chunked("(50, 3) x[i*7:(i+1)*7].sum(axis=0)", (50, 3), 1,
                lambda o, x, i: x[i * 7:(i + 1) * 7].sum(axis=0), mb7))
    add(chunked("(50, 3) x[i*7:(i+1)*7].mean(axis=1)", (50, 3), 1,
                lambda o, x, i: x[i * 7:(i + 1) * 7].mean(axis=1), mb7))
    add(chunked("(50, 3) x[i*7:(i+1)*7].mean() (nan when empty)", (50, 3), 1,
                lambda o, x, i: x[i * 7:(i + 1) * 7].mean(), mb7))
    add(chunked("(50, 3) x[a:b].max(axis=1)", (50, 3), 2,
                lambda o, x, a, b: x[a:b].max(axis=1), spread(list(P(GRID, GRID)), 4, stride=37)))
    add(chunked("(7, 4, 5) x[a:b][:, ::-1].sum(axis=(0, 2))", (7, 4, 5), 2,
                lambda o, x, a, b: x[a:b][:, ::-1].sum(axis=(0, 2)),
                spread(list(P([-9, -7, -2, 0, 3, 7, 9], repeat=2)), 4)))
    add(chunked("(50,) x[a+1:b+1] * x[b:a:-1][::-1]", (50,), 2,
                lambda o, x, a, b: x[a + 1:b + 1] * x[b:a:-1][::-1],
                [(a, b) for a, b in spread(list(P(range(-1, 49, 3), range(-1, 49, 3))), 7)
                 if len(range(50)[a + 1:b + 1]) == len(range(50)[b:a:-1])]))
    return cases


def _sym_side(case, dtype):
    x = theano.shared(data_of(case.shape), name="x")
    syms = SCALARS[dtype](*["s%d" % k for k in range(case.nargs)]) if case.nargs > 1 \
        else [SCALAR[dtype]("s0")]
    return x, syms, case.expr(T, x, *syms)


def values_of(case, dtype):
    """The values a record is called with: all of them for int64; for int32 a spread
    subset of N32 (to keep today's compile-per-value cost down), except for per-dtype
    value lists (the int extremes), which run in full."""
    if isinstance(case.values, dict):
        vals = case.values[dtype]
    else:
        vals = case.values if dtype == "int64" else spread(case.values, N32, stride=3)
    assert 0 < len(vals) <= MAXCALLS, (case.id, len(vals))
    return vals


SLICE_CASES = build_slice_cases()

# Known discrepancies of theanox vs NumPy, as strict xfails: {id or (id, dtype): reason}.
# None today. Before the staging rewrite (ee748ce; checked on 57134e1) 23 cases here
# failed, each now a regression test:
#  - "(50,) x[a::s] int-extreme s" (int64): x[0::-2**63] raised a TypeError in the JAX
#    lowering, x[0::2**63-1] returned [] (NumPy: [x[0]]);
#  - every OOB_CASES record: an out-of-range symbolic index was clamped (x[50] -> x[49],
#    x[-51] -> x[0]) instead of raising IndexError;
#  - set/inc_subtensor of a non-empty value into an EMPTY runtime slice, and the same as
#    an update, were silent no-ops instead of ValueError.
SLICE_XFAIL = {}


def _params(cases, xfail):
    out = []
    for c in cases:
        for d in DTYPES:
            reason = xfail.get((c.id, d)) or xfail.get(c.id)
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            out.append(pytest.param(c, d, id="%s-%s" % (c.id, d), marks=marks))
    return out


@pytest.mark.parametrize("case,dtype", _params(SLICE_CASES, SLICE_XFAIL))
def test_slice_table(case, dtype):
    data = data_of(case.shape)
    x, syms, out = _sym_side(case, dtype)
    f = theano.function(syms, out)
    for v in values_of(case, dtype):
        want = numpy_ref(lambda: case.expr(NP, data, *v))
        got = f(*[as_input(a, dtype) for a in v])
        check_equal(got, want, "%s at %s" % (case.id, v))


def test_the_tables_are_big_enough():
    # guards against a table silently shrinking (e.g. by a filter in a record)
    n = sum(len(values_of(c, d)) for c in SLICE_CASES for d in DTYPES)
    assert len(SLICE_CASES) >= 55 and n >= 350, (len(SLICE_CASES), n)


# ---------------------------------------------------------------------------------------
# Step zero
# ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("form", ["x[a:b:s]", "x[::s]", "x[:, a::s]", "x[a:b:0]"])
def test_slice_step_zero_raises_value_error(form, dtype):
    with pytest.raises(ValueError):
        np.arange(50.0)[0:5:0]                                   # NumPy's behaviour
    x = theano.shared(data_of((50, 3)), name="x")
    a, b, s = SCALARS[dtype]("a", "b", "s")
    build = {"x[a:b:s]": lambda: (x[a:b:s], [a, b, s]),
             "x[::s]": lambda: (x[::s], [s]),
             "x[:, a::s]": lambda: (x[:, a::s], [a, s]),
             "x[a:b:0]": lambda: (x[a:b:0], [a, b])}[form]
    f = None
    with pytest.raises(ValueError, match="step"):
        out, ins = build()                       # a constant 0 may be refused here ...
        f = theano.function(ins, out)
        vals = {a: 0, b: 5, s: 0}
        f(*[as_input(vals[v], dtype) for v in ins])      # ... a symbolic 0 only here
    if form == "x[a:b:s]":
        # the same compiled function still works with a valid step afterwards
        check_equal(f(*[as_input(v, dtype) for v in (1, 9, 2)]), data_of((50, 3))[1:9:2],
                    "after step 0")
        check_equal(f(*[as_input(v, dtype) for v in (9, 1, -3)]), data_of((50, 3))[9:1:-3],
                    "after step 0")


# ---------------------------------------------------------------------------------------
# Slices through givens
# ---------------------------------------------------------------------------------------

class GivensCase(NamedTuple):
    id: str
    shape: tuple
    var: Callable                   # the placeholder's constructor
    post: Callable                  # post(o, y) -> output; o is T or np
    nargs: int
    slice_: Callable                # slice_(o, x, *ints) -> what replaces y
    values: list


def build_givens_cases():
    mb7 = [(i,) for i in spread(minibatch_core(50, 7), 4, stride=1)]
    mb10 = [(i,) for i in spread(minibatch_core(50, 10), 4, stride=1)]
    return [
        GivensCase("y.sum(axis=1)*2 | y=x[i*7:(i+1)*7]", (50, 3), T.matrix,
                   lambda o, y: y.sum(axis=1) * 2, 1,
                   lambda o, x, i: x[i * 7:(i + 1) * 7], mb7),
        GivensCase("y.sum(axis=1)*2 | y=x[i*10:(i+1)*10]", (50, 3), T.matrix,
                   lambda o, y: y.sum(axis=1) * 2, 1,
                   lambda o, x, i: x[i * 10:(i + 1) * 10], mb10),
        GivensCase("y.dimshuffle(1, 'x', 0) | y=x[i*7:(i+1)*7]", (50, 3), T.matrix,
                   lambda o, y: y.dimshuffle(1, "x", 0) if o is T else y.T[:, None, :], 1,
                   lambda o, x, i: x[i * 7:(i + 1) * 7], mb7),
        GivensCase("y.reshape((5, 6)) | y=x[i*10:(i+1)*10]", (50, 3), T.matrix,
                   lambda o, y: y.reshape((5, 2 * 3)), 1,
                   lambda o, x, i: x[i * 10:(i + 1) * 10], [(-5,), (-2,), (0,), (4,)]),
        GivensCase("(y ** 2).sum() + y.shape[0] | y=x[i*7:(i+1)*7]", (50,), T.vector,
                   lambda o, y: (y ** 2).sum() + y.shape[0], 1,
                   lambda o, x, i: x[i * 7:(i + 1) * 7], mb7),
        GivensCase("y.T.dot(y) | y=x[a:b]", (50, 3), T.matrix,
                   lambda o, y: y.T.dot(y), 2, lambda o, x, a, b: x[a:b],
                   spread(list(itertools.product(GRID, GRID)), 4, stride=31)),
        GivensCase("y.max(axis=(0, 2)) | y=x[i*2:min((i+1)*2, n)]", (7, 4, 5), T.tensor3,
                   lambda o, y: y.max(axis=(0, 2)), 1,
                   lambda o, x, i: x[i * 2:o.minimum((i + 1) * 2, x.shape[0])],
                   [(-3,), (-2,), (0,), (3,)]),       # never empty: max is defined
        GivensCase("y[:, ::-1] - y.mean(axis=0) | y=x[:, a:b]", (50, 3), T.matrix,
                   lambda o, y: y[:, ::-1] - y.mean(axis=0), 2,
                   lambda o, x, a, b: x[:, a:b],
                   spread(list(itertools.product(range(-4, 5), range(-4, 5))), 4)),
    ]


GIVENS_CASES = build_givens_cases()
GIVENS_XFAIL = {}


@pytest.mark.parametrize("case,dtype", _params(GIVENS_CASES, GIVENS_XFAIL))
def test_slice_through_givens(case, dtype):
    data = data_of(case.shape).astype(theano.config.floatX)
    x = theano.shared(data, name="train_set_x")
    syms = SCALARS[dtype](*["s%d" % k for k in range(case.nargs)]) if case.nargs > 1 \
        else [SCALAR[dtype]("index")]
    y = case.var("y")
    f = theano.function(syms, case.post(T, y), givens={y: case.slice_(T, x, *syms)})
    for v in values_of(case, dtype):
        want = numpy_ref(lambda: case.post(np, case.slice_(NP, data, *v)))
        got = f(*[as_input(a, dtype) for a in v])
        check_equal(got, want, "%s at %s" % (case.id, v))


# ---------------------------------------------------------------------------------------
# Integer indexing with symbolic scalars
# ---------------------------------------------------------------------------------------

INT_CASES = [
    Case("(50,) x[i]", (50,), 1, lambda o, x, i: x[i], [-50, -49, -1, 0, 1, 48, 49]),
    Case("(50, 3) x[i]", (50, 3), 1, lambda o, x, i: x[i], [-50, -1, 0, 7, 49]),
    Case("(7, 4, 5) x[i]", (7, 4, 5), 1, lambda o, x, i: x[i], [-7, -1, 0, 3, 6]),
    Case("(50, 3) x[i, j]", (50, 3), 2, lambda o, x, i, j: x[i, j],
         spread(list(itertools.product([-50, -1, 0, 49], [-3, -1, 0, 2])), 8)),
    Case("(7, 4, 5) x[i, :, j]", (7, 4, 5), 2, lambda o, x, i, j: x[i, :, j],
         spread(list(itertools.product([-7, 0, 6], [-5, -1, 0, 4])), 6)),
    Case("(50, 3) x[i][::-1]", (50, 3), 1, lambda o, x, i: x[i][::-1], [-50, -2, 0, 13, 49]),
    Case("(50, 3) x[:, i]", (50, 3), 1, lambda o, x, i: x[:, i], [-3, -2, -1, 0, 1, 2]),
    Case("(50, 3) x[i, a:b]", (50, 3), 3, lambda o, x, i, a, b: x[i, a:b],
         spread(list(itertools.product([-50, -1, 0, 31, 49], [-BIG, -4, -1, 0, 1, 3, BIG],
                                       [-BIG, -3, -1, 0, 2, 4, BIG])), 12, stride=11)),
    Case("(7, 4, 5) x[i, a:b, -1]", (7, 4, 5), 3, lambda o, x, i, a, b: x[i, a:b, -1],
         spread(list(itertools.product([-7, -1, 0, 6], [-5, -1, 0, 2, 9],
                                       [-5, -2, 0, 3, 9])), 10, stride=11)),
    Case("(50,) x[i*7 + j] (arithmetic index)", (50,), 2, lambda o, x, i, j: x[i * 7 + j],
         [(0, 0), (6, 6), (7, 0), (7, -7), (-7, 0), (-1, -1), (3, 4)]),
]
INT_CASES = [c._replace(values=[v if isinstance(v, tuple) else (v,) for v in c.values])
             for c in INT_CASES]
INT_XFAIL = {}


@pytest.mark.parametrize("case,dtype", _params(INT_CASES, INT_XFAIL))
def test_integer_index_table(case, dtype):
    data = data_of(case.shape)
    x, syms, out = _sym_side(case, dtype)
    f = theano.function(syms, out)
    for v in values_of(case, dtype):
        want = numpy_ref(lambda: case.expr(NP, data, *v))
        got = f(*[as_input(a, dtype) for a in v])
        check_equal(got, want, "%s at %s" % (case.id, v))


OOB_CASES = [
    Case("(50,) x[i]", (50,), 1, lambda o, x, i: x[i], [50, 51, -51, BIG, -BIG]),
    Case("(50, 3) x[i]", (50, 3), 1, lambda o, x, i: x[i], [50, -51, BIG]),
    Case("(50, 3) x[i, j] (j out)", (50, 3), 2, lambda o, x, i, j: x[i, j],
         [(0, 3), (0, -4), (-1, BIG)]),
    Case("(50, 3) x[i, j] (i out)", (50, 3), 2, lambda o, x, i, j: x[i, j],
         [(50, 0), (-51, 2)]),
    Case("(50, 3) x[i][::-1]", (50, 3), 1, lambda o, x, i: x[i][::-1], [50, -51]),
    Case("(50, 3) x[i, a:b]", (50, 3), 3, lambda o, x, i, a, b: x[i, a:b],
         [(50, 0, 3), (-51, 0, 3), (60, -BIG, BIG)]),
    Case("(7, 4, 5) x[:, i]", (7, 4, 5), 1, lambda o, x, i: x[:, i], [4, -5, BIG]),
]
OOB_CASES = [c._replace(values=[v if isinstance(v, tuple) else (v,) for v in c.values])
             for c in OOB_CASES]
OOB_XFAIL = {}


@pytest.mark.parametrize("case,dtype", _params(OOB_CASES, OOB_XFAIL))
def test_integer_index_out_of_range_raises_index_error(case, dtype):
    data = data_of(case.shape)
    x, syms, out = _sym_side(case, dtype)
    f = theano.function(syms, out)
    for v in case.values:
        with pytest.raises(IndexError):
            case.expr(NP, data, *v)                      # NumPy raises here too
        with pytest.raises(IndexError):
            f(*[as_input(a, dtype) for a in v])
        # and the function still works with an in-range index afterwards
        ok = tuple(0 for _ in v)
        check_equal(f(*[as_input(a, dtype) for a in ok]),
                    numpy_ref(lambda: case.expr(NP, data, *ok)), "%s after %s" % (case.id, v))


# ---------------------------------------------------------------------------------------
# set_subtensor / inc_subtensor at runtime offsets
# ---------------------------------------------------------------------------------------

class SetCase(NamedTuple):
    id: str
    shape: tuple
    nargs: int
    index: Callable                 # index(*ints) -> an index tuple (slices / ints)
    vtype: Callable                 # constructor of the symbolic value v
    value: np.ndarray               # the concrete v
    values: list                    # int tuples


IN_RANGE_3 = [-50, -4, 0, 17, 47]                          # x[a:a+3] has 3 rows
# ... and where it has fewer (a short slice at the end, or empty): a broadcast value fits
ALL_A = [-4, 47, -BIG, -51, -2, 48]


def _set_cases():
    vec3 = np.array([100.0, 200.0, 300.0])
    mat33 = np.arange(9.0).reshape(3, 3) * 10 + 1
    return [
        SetCase("(50,) x[a:a+3] = vector(3)", (50,), 1, lambda a: (slice(a, a + 3),),
                T.dvector, vec3, IN_RANGE_3),
        SetCase("(50, 3) x[a:a+3] = matrix(3, 3)", (50, 3), 1, lambda a: (slice(a, a + 3),),
                T.dmatrix, mat33, IN_RANGE_3),
        SetCase("(50, 3) x[a:a+3] = row(1, 3) broadcast", (50, 3), 1,
                lambda a: (slice(a, a + 3),), T.drow, vec3[None, :], ALL_A),
        SetCase("(50, 3) x[a:a+3] = vector(3) broadcast", (50, 3), 1,
                lambda a: (slice(a, a + 3),), T.dvector, vec3, ALL_A),
        SetCase("(50,) x[a:a+3] = scalar", (50,), 1, lambda a: (slice(a, a + 3),),
                T.dscalar, np.array(-5.0), ALL_A),
        SetCase("(50, 3) x[a:b] = scalar", (50, 3), 2, lambda a, b: (slice(a, b),),
                T.dscalar, np.array(-5.0),
                spread(list(itertools.product(GRID, GRID)), 6, stride=31)),
        SetCase("(50, 3) x[i] = row", (50, 3), 1, lambda i: (i,), T.dvector, vec3,
                [-50, -1, 0, 49]),
        SetCase("(50, 3) x[i, a:b] = scalar", (50, 3), 3, lambda i, a, b: (i, slice(a, b)),
                T.dscalar, np.array(7.0),
                [(0, 0, 3), (-1, -2, BIG), (49, -BIG, 2), (-50, 2, 0)]),
        SetCase("(50,) x[a:b:s] = scalar", (50,), 3, lambda a, b, s: (slice(a, b, s),),
                T.dscalar, np.array(9.0),
                spread(list(itertools.product([-60, -1, 0, 3, 49, BIG], [-60, -1, 0, 20, 50],
                                              STEPS)), 6, stride=37)),
        SetCase("(50,) x[a:a-3:-1] = vector(3)", (50,), 1, lambda a: (slice(a, a - 3, -1),),
                T.dvector, vec3, [3, 49, -1, -47]),
        SetCase("(7, 4, 5) x[:, a:a+2] = tensor(7, 2, 5)", (7, 4, 5), 1,
                lambda a: (slice(None), slice(a, a + 2)), T.dtensor3,
                np.arange(70.0).reshape(7, 2, 5) + 0.5, [-4, -3, 0, 2]),
        SetCase("(7, 4, 5) x[i*2:(i+1)*2, :, a] = scalar", (7, 4, 5), 2,
                lambda i, a: (slice(i * 2, (i + 1) * 2), slice(None), a), T.dscalar,
                np.array(-1.0),
                spread(list(itertools.product([-4, -1, 0, 3, 4], [-5, 0, 4])), 5, stride=4)),
    ]


SET_CASES = _set_cases()
SET_XFAIL = {}


@pytest.mark.parametrize("case,dtype", _params(SET_CASES, SET_XFAIL))
def test_set_inc_subtensor_at_runtime_offsets(case, dtype):
    # one function computes both set_subtensor and inc_subtensor (one compile per value)
    data = data_of(case.shape)
    x = theano.shared(data, name="x")
    syms = SCALARS[dtype](*["s%d" % k for k in range(case.nargs)]) if case.nargs > 1 \
        else [SCALAR[dtype]("a")]
    v = case.vtype("v")
    f = theano.function(syms + [v], [T.set_subtensor(x[case.index(*syms)], v),
                                     T.inc_subtensor(x[case.index(*syms)], v)])
    vals = [t if isinstance(t, tuple) else (t,) for t in case.values]
    if dtype == "int32":
        vals = spread(vals, N32, stride=3)
    for t in vals:
        rs, ri = data.copy(), data.copy()
        rs[case.index(*t)] = case.value
        ri[case.index(*t)] += case.value
        gs, gi = f(*([as_input(a, dtype) for a in t] + [case.value]))
        check_equal(gs, rs, "set_subtensor %s at %s" % (case.id, t))
        check_equal(gi, ri, "inc_subtensor %s at %s" % (case.id, t))
    np.testing.assert_array_equal(x.get_value(), data)    # the shared x is untouched


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("kind", ["set", "inc"])
@pytest.mark.parametrize("where", ["short slice", "empty slice"])
def test_set_inc_subtensor_value_too_long_for_slice_raises(where, kind, dtype):
    # NumPy: r[48:51] = v (3 values into 2 rows) is a ValueError (cannot broadcast),
    # and so is r[50:53] = v (3 values into 0 rows).
    x = theano.shared(data_of((50,)), name="x")
    a = SCALAR[dtype]("a")
    v = T.dvector("v")
    op = T.set_subtensor if kind == "set" else T.inc_subtensor
    f = theano.function([a, v], op(x[a:a + 3], v))
    vec3 = np.array([1.0, 2.0, 3.0])
    for bad in {"short slice": (48, 49, -51, -52), "empty slice": (50, -1, -2, BIG)}[where]:
        r = data_of((50,))
        with pytest.raises(ValueError):
            r[bad:bad + 3] = vec3
        with pytest.raises(ValueError):
            f(as_input(bad, dtype), vec3)
    r = data_of((50,))
    if kind == "set":
        r[0:3] = vec3
    else:
        r[0:3] += vec3
    check_equal(f(as_input(0, dtype), vec3), r, "after the failures")
    np.testing.assert_array_equal(x.get_value(), data_of((50,)))


# -- the same as an UPDATE of a shared variable, over a sequence of calls

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("kind", ["set", "inc"])
def test_update_at_runtime_offsets_matches_numpy_mirror(kind, dtype):
    m = theano.shared(np.zeros((10, 3)), name="m")
    i = SCALAR[dtype]("i")
    v = T.dmatrix("v")
    op = T.set_subtensor if kind == "set" else T.inc_subtensor
    f = theano.function([i, v], m[i * 2:(i + 1) * 2],
                        updates={m: op(m[i * 2:(i + 1) * 2], v)})
    mirror = np.zeros((10, 3))
    rng = np.random.RandomState(0)
    seq = [0, 3, 1, 4, 4, 2, -2, -5, 0, -3, 1, 4]      # distinct: 0..4, -2, -3, -5
    for step, iv in enumerate(seq):
        val = rng.randint(-9, 10, size=(2, 3)).astype(float)
        before = mirror[iv * 2:(iv + 1) * 2].copy()
        out = f(as_input(iv, dtype), val)
        if kind == "set":
            mirror[iv * 2:(iv + 1) * 2] = val
        else:
            mirror[iv * 2:(iv + 1) * 2] += val
        check_equal(out, before, "output (pre-update slice) at call %d, i=%d" % (step, iv))
        check_equal(m.get_value(), mirror, "m after call %d, i=%d" % (step, iv))


@pytest.mark.parametrize("dtype", DTYPES)
def test_update_with_broadcast_row_including_empty_slices(dtype):
    m = theano.shared(np.zeros((10, 3)), name="m")
    i = SCALAR[dtype]("i")
    v = T.dvector("v")
    f = theano.function([i, v], [], updates={m: T.inc_subtensor(m[i * 2:(i + 1) * 2], v)})
    mirror = np.zeros((10, 3))
    # 5 -> m[10:12] and -1 -> m[-2:0] are empty: no-ops in NumPy; -6 -> m[-12:-10]
    # is empty too; 4 and -5 are the last / first full rows.
    seq = [0, 4, 5, -1, 2, -5, -6, 100, 3, -1, 1, 0]
    for step, iv in enumerate(seq):
        val = np.array([1.0, 10.0, 100.0]) * (step + 1)
        f(as_input(iv, dtype), val)
        mirror[iv * 2:(iv + 1) * 2] += val
        check_equal(m.get_value(), mirror, "m after call %d, i=%d" % (step, iv))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("bad", ["v too many rows", "v too many columns",
                                 "slice empty (i past the end)", "slice empty (i=-1)"])
def test_failing_update_call_leaves_shared_unchanged(bad, dtype):
    m = theano.shared(np.arange(30.0).reshape(10, 3), name="m")
    i = SCALAR[dtype]("i")
    v = T.dmatrix("v")
    f = theano.function([i, v], [], updates={m: T.inc_subtensor(m[i * 2:(i + 1) * 2], v)})
    f(as_input(1, dtype), np.ones((2, 3)))
    before = m.get_value().copy()
    iv, val = {"v too many rows": (2, np.ones((3, 3))),
               "v too many columns": (2, np.ones((2, 4))),
               "slice empty (i past the end)": (5, np.ones((2, 3))),
               "slice empty (i=-1)": (-1, np.ones((2, 3)))}[bad]
    r = before.copy()
    with pytest.raises(ValueError):
        r[iv * 2:(iv + 1) * 2] += val                           # NumPy refuses it
    with pytest.raises(ValueError):
        f(as_input(iv, dtype), val)
    check_equal(m.get_value(), before, "m after the failing call")
    f(as_input(0, dtype), np.ones((2, 3)))                       # still usable
    before[0:2] += 1
    check_equal(m.get_value(), before, "m after the next good call")


# ---------------------------------------------------------------------------------------
# Gradients through a runtime slice
# ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("k", [7, 10])
def test_grad_through_runtime_slice(k, dtype):
    Wv = np.linspace(-1.0, 1.0, 150).reshape(50, 3)
    W = theano.shared(Wv, name="W")
    i = SCALAR[dtype]("i")
    cost = (W[i * k:(i + 1) * k] ** 2).sum()
    g = T.grad(cost, W)
    f = theano.function([i], [cost, g])
    vals = minibatch_indices(50, k)
    for iv in (vals if dtype == "int64" else spread(vals, 4, stride=4)):
        rows = np.arange(50)[iv * k:(iv + 1) * k]
        want = np.zeros_like(Wv)
        want[rows] = 2 * Wv[rows]
        c, gv = f(as_input(iv, dtype))
        np.testing.assert_allclose(c, (Wv[rows] ** 2).sum(), rtol=1e-12,
                                   err_msg="cost at i=%d" % iv)
        check_equal(gv, want, "grad at i=%d" % iv)


@pytest.mark.parametrize("dtype", DTYPES)
def test_grad_through_runtime_slice_with_step_and_later_axis(dtype):
    Wv = np.linspace(-1.0, 1.0, 140).reshape(7, 4, 5)
    W = theano.shared(Wv, name="W")
    a, b, s = SCALARS[dtype]("a", "b", "s")
    cost = (W[:, a:b:s] ** 3).sum() + W[a:b].sum()
    f = theano.function([a, b, s], T.grad(cost, W))
    for t in spread(list(itertools.product([-9, -4, -1, 0, 2, 5, 9], [-9, -2, 0, 3, 9],
                                           [-2, -1, 1, 3])), 10 if dtype == "int64" else 4,
                    stride=37):
        av, bv, sv = t
        want = np.zeros_like(Wv)
        want[:, av:bv:sv] += 3 * Wv[:, av:bv:sv] ** 2
        want[av:bv] += 1
        np.testing.assert_allclose(f(*[as_input(q, dtype) for q in t]), want, rtol=1e-12,
                                   atol=0, err_msg="grad at %s" % (t,))


# ---------------------------------------------------------------------------------------
# The tutorial loop: minibatch SGD logistic regression through givens
# ---------------------------------------------------------------------------------------

def _logreg_data(n=410, n_in=20, n_out=3):
    rng = np.random.RandomState(1234)
    X = rng.randn(n, n_in)
    true_W = rng.randn(n_in, n_out)
    y = np.argmax(X.dot(true_W) + 0.5 * rng.randn(n, n_out), axis=1).astype("int32")
    return X, y


def _numpy_sgd(X, y, starts, batch, lr, n_out):
    """The same SGD in NumPy: softmax, mean negative log likelihood, W -= lr * grad."""
    W = np.zeros((X.shape[1], n_out))
    b = np.zeros(n_out)
    costs = []
    for start in starts:
        xb, yb = X[start:start + batch], y[start:start + batch]
        z = xb.dot(W) + b
        z = z - z.max(axis=1, keepdims=True)
        p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        costs.append(-np.mean(np.log(p[np.arange(len(yb)), yb])))
        d = p.copy()
        d[np.arange(len(yb)), yb] -= 1
        d /= len(yb)
        W, b = W - lr * xb.T.dot(d), b - lr * d.sum(axis=0)
    return W, b, costs


def test_minibatch_sgd_tutorial_loop_matches_numpy():
    # The tutorials' logistic regression (index = T.lscalar(); givens slice the shared
    # data set by index * batch_size), 300 calls: ~14 epochs over 410 rows in batches
    # of 20, i.e. 20 full batches plus a short last batch of 10 rows, in a shuffled
    # batch order per epoch. Only 21 indices are distinct: a small data set has no
    # more batches, and each distinct index costs one compile of the gradient graph
    # today (~0.35 s of CPU each; this test alone takes ~7 s), so this is not 300
    # distinct indices (300 distinct window starts x[s:s+20] took ~100 s of CPU).
    X, y = _logreg_data()
    batch_size, lr, n_out = 20, 0.1, 3
    n_batches = -(-X.shape[0] // batch_size)
    rng = np.random.RandomState(0)
    order = [int(i) for _ in range(15) for i in rng.permutation(n_batches)][:300]
    assert len(order) == 300 and len(set(order)) == n_batches == 21

    train_set_x = theano.shared(X, name="train_set_x")
    train_set_y = T.cast(theano.shared(y.astype(theano.config.floatX), name="train_set_y"),
                         "int32")
    index = T.lscalar("index")
    x = T.matrix("x")
    yy = T.ivector("y")
    W = theano.shared(np.zeros((X.shape[1], n_out)), name="W")
    b = theano.shared(np.zeros(n_out), name="b")
    p_y_given_x = T.nnet.softmax(T.dot(x, W) + b)
    cost = -T.mean(T.log(p_y_given_x)[T.arange(yy.shape[0]), yy])
    g_W, g_b = T.grad(cost, [W, b])
    train_model = theano.function(
        [index], cost, updates=[(W, W - lr * g_W), (b, b - lr * g_b)],
        givens={x: train_set_x[index * batch_size:(index + 1) * batch_size],
                yy: train_set_y[index * batch_size:(index + 1) * batch_size]})

    costs = [float(train_model(i)) for i in order]
    Wn, bn, cn = _numpy_sgd(X, y, [i * batch_size for i in order], batch_size, lr, n_out)
    np.testing.assert_allclose(costs, cn, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(W.get_value(), Wn, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(b.get_value(), bn, rtol=1e-9, atol=1e-12)
    assert np.mean(cn[-21:]) < 0.7 * np.mean(cn[:21])       # it did learn something
