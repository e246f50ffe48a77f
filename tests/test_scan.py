"""theanox.scan: loops against NumPy loops, hand values and Theano 1.0.5's errors.

The seed's own cells and the Theano 1.0.5 records are in test_seed_grad_scan.py;
this file covers the mechanics: taps, outputs_info forms, fn return forms, shared
state, random streams, nesting, n_steps, until, gradients and error messages.
"""
import numpy as np
import pytest

import theanox as theano
import theanox.tensor as T
from theanox import gradient
from theanox.scan_module import until

RNG = np.random.RandomState(0)


def _f(inputs, outputs, **kw):
    return theano.function(inputs, outputs, **kw)


def test_sequence_taps_negative_and_positive():
    x = T.dvector("x")
    seen = []

    def fn(a, b, c, d):
        seen.extend([a.name, b.name, c.name, d.name])
        return a + 10 * b + 100 * c + 1000 * d

    r, _ = theano.scan(fn, sequences=[dict(input=x, taps=[-3, 2, -1]), x])
    xv = np.arange(10.0)
    # steps t = 3..7 (taps -3..+2 need 5 extra rows); the 2nd sequence has no taps -> x[0..]
    n = 10 - 5
    t = np.arange(3, 3 + n)
    expected = xv[t - 3] + 10 * xv[t + 2] + 100 * xv[t - 1] + 1000 * xv[:n]
    np.testing.assert_allclose(_f([x], r)(xv), expected)
    assert seen == ["x[t-3]", "x[t+2]", "x[t-1]", "x[t]"]


def test_output_taps_with_initial_state_rows():
    # outputs_info=dict(initial=..., taps=[-3, -5]): initial has 5 rows (t-5 .. t-1)
    init = T.dvector("init")
    r, _ = theano.scan(lambda a, b: a - b, outputs_info=dict(initial=init, taps=[-3, -5]),
                       n_steps=6)
    iv = np.array([1.0, 2.0, 4.0, 8.0, 16.0])
    buf = list(iv)
    for _ in range(6):
        buf.append(buf[-3] - buf[-5])
    np.testing.assert_allclose(_f([init], r)(iv), buf[5:])


def test_outputs_info_mix_none_and_states_and_order_of_fn_arguments():
    x = T.dvector("x")
    s0 = T.dscalar("s0")
    W = T.dscalar("W")

    def fn(v, acc, w):               # sequence, previous acc, non_sequence
        return v * w, acc + v         # a map output (None) and an accumulator

    (m, acc), upd = theano.scan(fn, sequences=x, outputs_info=[None, s0], non_sequences=W)
    f = _f([x, s0, W], [m, acc])
    mv, av = f(np.array([1.0, 2.0, 3.0]), 10.0, 2.0)
    np.testing.assert_allclose(mv, [2.0, 4.0, 6.0])
    np.testing.assert_allclose(av, [11.0, 13.0, 16.0])
    assert len(upd) == 0


def test_return_forms_of_fn():
    x = T.dvector("x")
    n = theano.shared(0.0, name="n")
    forms = {
        "outputs": lambda v: v * 2,
        "list": lambda v: [v * 2],
        "outputs, updates": lambda v: (v * 2, {n: n + v}),
        "updates, outputs": lambda v: ({n: n + v}, v * 2),
        "outputs, until": lambda v: (v * 2, until(v > 100)),
        "outputs, updates, until": lambda v: (v * 2, [(n, n + v)], until(v > 100)),
    }
    for name, fn in forms.items():
        n.set_value(0.0)
        r, upd = theano.scan(fn, sequences=x)
        f = _f([x], r, updates=upd)
        np.testing.assert_allclose(f(np.arange(4.0)), np.arange(4.0) * 2, err_msg=name)
        assert n.get_value() == (6.0 if "updates" in name else 0.0), name
    with pytest.raises(ValueError, match="may only be made of lists, tuples, or dictionaries"):
        theano.scan(lambda v: (v, 3), sequences=x)


def test_shared_variables_read_and_updated_inside_fn():
    w = theano.shared(np.array(3.0), name="w")
    acc = theano.shared(np.array(0.0), name="acc")
    x = T.dvector("x")
    r, upd = theano.scan(lambda v: (v * w, {acc: acc + v * w}), sequences=x)
    assert list(upd) == [acc]
    f = _f([x], r, updates=upd)
    np.testing.assert_allclose(f(np.array([1.0, 2.0])), [3.0, 6.0])
    assert acc.get_value() == 9.0
    f(np.array([1.0, 2.0]))
    assert acc.get_value() == 18.0
    g = _f([x], T.grad(r.sum(), w))
    assert g(np.array([1.0, 2.0])) == 3.0


def test_free_variables_become_inputs_and_strict():
    x, a = T.dvector("x"), T.dscalar("a")
    r, _ = theano.scan(lambda v: v + a, sequences=x)
    np.testing.assert_allclose(_f([x, a], r)(np.arange(3.0), 10.0), [10.0, 11.0, 12.0])
    w = theano.shared(np.array(3.0), name="w")
    from theanox.graph.fg import MissingInputError
    with pytest.raises(MissingInputError, match="ScanOp is missing an input: w"):
        theano.scan(lambda v: v * w, sequences=x, strict=True)
    r, _ = theano.scan(lambda v, w: v * w, sequences=x, non_sequences=w, strict=True)
    np.testing.assert_allclose(r.eval({x: np.arange(3.0)}), [0.0, 3.0, 6.0])


def test_random_stream_inside_scan_threads_its_key():
    from theanox.tensor.shared_randomstreams import RandomStreams
    srng = RandomStreams(seed=234)
    x = T.dvector("x")
    z, upd = theano.scan(lambda v: v + srng.uniform(), sequences=x)
    assert len(upd) == 1
    f = _f([x], z, updates=upd)
    a1, a2 = f(np.zeros(5)), f(np.zeros(5))
    assert len(set(np.round(a1, 12))) == 5            # a new draw at every step
    assert not np.allclose(a1, a2)                     # and new draws at every call
    assert np.all((a1 >= 0) & (a1 < 1)) and np.all((a2 >= 0) & (a2 < 1))


def test_nested_scan_and_scan_of_gradients():
    M = T.dmatrix("M")

    def row_cumsum(r):
        s, _ = theano.scan(lambda v, acc: acc + v, sequences=r,
                           outputs_info=T.constant(np.float64(0.0)))
        return s

    out, _ = theano.scan(row_cumsum, sequences=M)
    mv = RNG.rand(3, 4)
    np.testing.assert_allclose(_f([M], out)(mv), np.cumsum(mv, axis=1))
    g = _f([M], T.grad(out[:, -1].sum(), M))(mv)
    np.testing.assert_allclose(g, np.ones((3, 4)))


def test_go_backwards_and_foldl_foldr_reduce():
    x = T.dvector("x")
    r, _ = theano.scan(lambda v, acc: acc * 10 + v, sequences=x,
                       outputs_info=np.float64(0.0), go_backwards=True)
    np.testing.assert_allclose(r.eval({x: np.array([1.0, 2.0, 3.0])}), [3.0, 32.0, 321.0])
    l, _ = theano.foldl(lambda v, acc: acc * 10 + v, x, np.float64(0.0))
    rr, _ = theano.foldr(lambda v, acc: acc * 10 + v, x, np.float64(0.0))
    s, _ = theano.reduce(lambda v, acc: acc + v, x, np.float64(0.0))
    f = _f([x], [l, rr, s])
    np.testing.assert_allclose(f(np.array([1.0, 2.0, 3.0])), [123.0, 321.0, 6.0])


def test_n_steps_forms():
    x = T.dvector("x")
    k = T.iscalar("k")
    r, _ = theano.scan(lambda v: v * 2, sequences=x, n_steps=k)
    f = _f([x, k], r)
    np.testing.assert_allclose(f(np.arange(5.0), 3), [0.0, 2.0, 4.0])
    np.testing.assert_allclose(f(np.arange(5.0), 5), np.arange(5.0) * 2)
    # Theano 1.0.5's run-time errors
    with pytest.raises(IndexError, match="Scan was asked to run for negative number of step -1"):
        f(np.arange(5.0), -1)
    with pytest.raises(NotImplementedError, match="scan do 0 iteration"):
        f(np.arange(5.0), 0)
    with pytest.raises(ValueError, match="Sequence is shorter then the required number of steps"):
        f(np.arange(5.0), 7)
    y = T.dvector("y")
    r, _ = theano.scan(lambda a, b: a + 10 * b, sequences=[x, y])      # shortest wins
    np.testing.assert_allclose(_f([x, y], r)(np.arange(5.0), np.arange(3.0)), [0.0, 11.0, 22.0])
    with pytest.raises(ValueError, match="No information about the number of steps"):
        theano.scan(lambda p: p * 2, outputs_info=T.dscalar())


def test_n_steps_symbolic_expression_is_computed_on_the_host():
    x = T.dvector("x")
    r, _ = theano.scan(lambda p: p * 2, outputs_info=T.constant(np.float64(1.0)),
                       n_steps=x.shape[0] * 2)
    f = _f([x], r)
    np.testing.assert_allclose(f(np.zeros(2)), [2.0, 4.0, 8.0, 16.0])
    np.testing.assert_allclose(f(np.zeros(1)), [2.0, 4.0])


def test_until_trims_to_steps_run_and_is_differentiable():
    a, mv = T.dscalars("a", "mv")
    r, _ = theano.scan(lambda p, a, mv: (p * a, until(p * a > mv)),
                       outputs_info=T.constant(np.float64(1.0)), non_sequences=[a, mv],
                       n_steps=100)
    f = _f([a, mv], [r, T.grad(r.sum(), a)])
    vals, g = f(2.0, 40.0)
    np.testing.assert_allclose(vals, [2.0, 4.0, 8.0, 16.0, 32.0, 64.0])
    assert g == sum(i * 2.0 ** (i - 1) for i in range(1, 7))      # d/da sum(a^i) = 321
    vals, _ = f(3.0, 40.0)
    np.testing.assert_allclose(vals, [3.0, 9.0, 27.0, 81.0])
    vals, _ = f(1.0, 40.0)                                          # never stops: 100 steps
    assert vals.shape == (100,)


def test_truncate_gradient_matches_theano_1_0_5():
    x, h0, w = T.dvector("x"), T.dscalar("h0"), T.dscalar("w")
    r, _ = theano.scan(lambda v, acc, w: acc * w + v * w, sequences=x, outputs_info=h0,
                       non_sequences=w, truncate_gradient=2)
    f = _f([x, h0, w], T.grad(r[-1], [x, h0, w]) + T.grad(r.sum(), [x, h0, w]))
    got = f(np.arange(1.0, 6.0), 2.0, 0.5)
    # recorded from Theano 1.0.5 (FAST_COMPILE)
    expected = [[0, 0, 0, 0.25, 0.5], 0.0, 11.375, [0, 0, 0, 0.75, 0.5], 0.0, 17.75]
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g, e)


def test_gradient_through_scan_against_finite_differences():
    rng = np.random.RandomState(3)

    def cumprod(x):
        r, _ = theano.scan(lambda v, acc: acc * v, sequences=x,
                           outputs_info=T.constant(np.float64(1.0)))
        return r

    gradient.verify_grad(cumprod, [rng.rand(5) + 0.5], rng=rng)
    x = T.dvector("x")
    g = _f([x], T.grad(cumprod(x)[-1], x))(np.array([1.0, 2.0, 3.0, 4.0]))
    np.testing.assert_allclose(g, [24.0, 12.0, 8.0, 6.0])          # Theano 1.0.5

    def rnn(W, h0, xs):
        h, _ = theano.scan(lambda v, h, W: T.tanh(T.dot(W, h) + v), sequences=xs,
                           outputs_info=h0, non_sequences=W)
        return h

    gradient.verify_grad(rnn, [rng.rand(3, 3) - 0.5, rng.rand(3), rng.rand(4, 3)], rng=rng)


def test_jacobian_through_scan_matches_numpy():
    x = T.dvector("x")
    J, _ = theano.scan(lambda i, y, x: T.grad(y[i], x), sequences=T.arange(x.shape[0]),
                       non_sequences=[x ** 3, x])
    xv = np.array([1.0, 2.0, 3.0])
    np.testing.assert_allclose(_f([x], J)(xv), np.diag(3 * xv ** 2))


SCAN_ERRORS = [  # (name, call, exception, message)
    ("dtype", lambda: theano.scan(lambda v, acc: T.cast(acc + v, "float32"),
                                  sequences=T.dvector("x"),
                                  outputs_info=T.constant(np.float64(0.0))), ValueError,
     r"When compiling the inner function of scan the following error has been encountered: "
     r"The initial state \(`outputs_info` in scan nomenclature\) of variable .* \(argument "
     r"number 1\) has dtype float64, while the result of the inner function \(`fn`\) has "
     r"dtype float32\. This can happen if the inner function of scan results in an upcast or "
     r"downcast\. To fix it, cast output 0 of fn \(T.cast\(out, 'float64'\)\)"),
    ("ndim", lambda: theano.scan(lambda v, acc: acc + T.ones((2,)) * v,
                                 sequences=T.dvector("x"), outputs_info=np.float64(0.0)),
     ValueError, r"has 1 dimension\(s\), while the corresponding variable in the result of "
                 r"the inner function of scan \(`fn`\) has 1 dimension\(s\) \(it should be one "
                 r"less than the initial state\)"),
    ("broadcast", lambda: theano.scan(lambda acc, m: acc + m, outputs_info=T.drow("r"),
                                      non_sequences=T.dmatrix("m"), n_steps=2), TypeError,
     r"The broadcast pattern of the output of scan .* is inconsistent with the one provided "
     r"in `output_info`"),
    ("count", lambda: theano.scan(lambda v: [v, v], sequences=T.dvector(),
                                  outputs_info=[None]), ValueError,
     r"fn returned 2 output\(s\) but outputs_info has 1 entry"),
    ("future output tap", lambda: theano.scan(lambda a: a, n_steps=2,
                                              outputs_info=dict(initial=T.dvector(),
                                                                taps=[1])), ValueError,
     r"All the tap values must be smaller than 0"),
    ("update of non-shared", lambda: theano.scan(lambda v: {v: v + 1},
                                                 sequences=T.dvector("x")), TypeError,
     r"fn returned an update for x\[t\], which is not a shared variable"),
    ("scalar sequence", lambda: theano.scan(lambda v: v, sequences=T.dscalar("s")),
     ValueError, r"the sequence s is a scalar"),
]


@pytest.mark.parametrize("name,call,exc,msg", SCAN_ERRORS, ids=[e[0] for e in SCAN_ERRORS])
def test_scan_errors(name, call, exc, msg):
    with pytest.raises(exc, match=msg):
        call()


def test_carry_shape_mismatch_is_reported():
    s0 = T.dvector("s0")
    r, _ = theano.scan(lambda s: T.concatenate([s, s]), outputs_info=s0, n_steps=2)
    with pytest.raises(ValueError, match="output 0 of fn has shape"):
        _f([s0], r)(np.ones(2))


def test_scan_module_names_and_callable_module():
    import theanox.scan_module as sm
    from theanox.scan_module import scan_utils
    from theanox.updates import OrderedUpdates
    assert callable(theano.scan) and theano.scan_module.until is until
    x = T.dvector("x")
    r, upd = theano.scan(lambda v: v + 1, sequences=x)          # the module is callable
    assert isinstance(upd, OrderedUpdates) and str(r.owner.op) == "for{cpu,scan_fn}"
    r2, _ = sm.scan(lambda v: v + 1, sequences=x, name="inc")
    assert str(r2.owner.op) == "for{cpu,inc}"
    cond, outs, ups = scan_utils.get_updates_and_outputs((x * 2, until(x.sum() > 0)))
    assert outs[0].owner is not None and cond.ndim == 0 and len(ups) == 0
    assert scan_utils.isNaN_or_Inf_or_None(None) and not scan_utils.isNaN_or_Inf_or_None(3)
    a, b = theano.shared(1.0, name="a"), theano.shared(2.0, name="b")
    merged = OrderedUpdates([(a, a + 1)]) + OrderedUpdates([(b, b + 1)])
    assert list(merged) == [a, b]
