"""Random streams: moments of the draws, reproducibility, state threading, the API's shapes and dtypes."""
import numpy as np
import pytest

import theanox as theano
import theanox.tensor as T
from theanox.sandbox.rng_mrg import MRG_RandomStreams
from theanox.tensor.shared_randomstreams import RandomStreams

N = 20000
STREAMS = [MRG_RandomStreams, RandomStreams]


def draw(expr, inputs=(), args=()):
    return theano.function(list(inputs), expr)(*args)


def assert_mean(x, mean, std, n):
    # Within 5 standard errors of the expected mean.
    assert abs(np.mean(x) - mean) < 5 * std / np.sqrt(n), (np.mean(x), mean)


@pytest.mark.parametrize("Stream", STREAMS)
def test_uniform_moments_and_range(Stream):
    x = draw(Stream(1).uniform((N,), low=-1.0, high=3.0))
    assert x.shape == (N,) and x.min() >= -1 and x.max() < 3
    assert_mean(x, 1.0, 4 / np.sqrt(12), N)
    assert abs(np.var(x) - 16 / 12) < 0.05


@pytest.mark.parametrize("Stream", STREAMS)
def test_normal_moments(Stream):
    x = draw(Stream(2).normal((N // 100, 100), avg=2.0, std=3.0))
    assert x.shape == (N // 100, 100)
    assert_mean(x, 2.0, 3.0, N)
    assert abs(np.std(x) - 3.0) < 0.1


@pytest.mark.parametrize("Stream", STREAMS)
def test_binomial_moments(Stream):
    s = Stream(3)
    x = draw(s.binomial((N,), p=0.3))
    assert x.dtype == np.int64 and set(np.unique(x)) <= {0, 1}
    assert_mean(x, 0.3, np.sqrt(0.21), N)
    if Stream is MRG_RandomStreams:   # as Theano 1.0.5's MRG: only n=1
        with pytest.raises(NotImplementedError, match="n > 1"):
            s.binomial((N,), n=5, p=0.4)
        return
    y = draw(s.binomial((N,), n=5, p=0.4, dtype="int32"))
    assert y.dtype == np.int32 and y.min() >= 0 and y.max() <= 5
    assert_mean(y, 2.0, np.sqrt(5 * 0.24), N)


def test_mrg_truncated_normal_is_within_two_std():
    x = draw(MRG_RandomStreams(4).normal((N,), avg=1.0, std=2.0, truncate=True))
    assert x.min() >= -3.0 and x.max() <= 5.0
    assert_mean(x, 1.0, 2.0, N)


def test_random_integers_cover_inclusive_range():
    x = draw(RandomStreams(5).random_integers((N,), low=-2, high=3))
    assert set(np.unique(x)) == {-2, -1, 0, 1, 2, 3}
    assert_mean(x, 0.5, np.sqrt(35 / 12), N)


def test_permutation_rows_are_permutations():
    x = draw(RandomStreams(6).permutation((4,), n=7))
    assert x.shape == (4, 7)
    for row in x:
        assert sorted(row) == list(range(7))


def test_multinomial_counts():
    pv = np.array([0.2, 0.5, 0.3])
    x = draw(RandomStreams(7).multinomial((N // 10,), n=10, pvals=pv))
    assert x.shape == (N // 10, 3) and (x.sum(axis=1) == 10).all()
    np.testing.assert_allclose(x.mean(axis=0), 10 * pv, atol=0.1)


def test_mrg_multinomial_one_draw_per_row():
    pv = np.tile([[0.1, 0.6, 0.3]], (N // 4, 1))
    p = T.dmatrix()
    x = draw(MRG_RandomStreams(8).multinomial(pvals=p), [p], [pv])
    assert x.shape == pv.shape and (x.sum(axis=1) == 1).all()
    np.testing.assert_allclose(x.mean(axis=0), pv[0], atol=0.02)


def test_choice_without_replacement():
    x = draw(RandomStreams(9).choice((5,), a=5, replace=False))
    assert sorted(x) == list(range(5))
    p = T.dmatrix()
    pv = np.full((300, 4), 0.25)
    y = draw(MRG_RandomStreams(9).choice(size=3, replace=False, p=p), [p], [pv])
    assert y.shape == (300, 3)
    assert all(len(set(r)) == 3 for r in y)


def test_choice_with_probabilities():
    x = draw(RandomStreams(10).choice((N,), a=3, p=[0.1, 0.1, 0.8]))
    assert_mean(x == 2, 0.8, 0.4, N)


def test_mrg_choice_with_replacement_is_refused():
    with pytest.raises(NotImplementedError, match="only works without replacement"):
        MRG_RandomStreams().choice(size=2, p=T.dmatrix())


# ------------------------------------------------------------ state and seeds

@pytest.mark.parametrize("Stream", STREAMS)
def test_each_call_draws_new_numbers(Stream):
    f = theano.function([], Stream(11).uniform((5,)))
    a, b = f(), f()
    assert not np.array_equal(a, b)


@pytest.mark.parametrize("Stream", STREAMS)
def test_same_seed_same_numbers_and_reseed(Stream):
    s1, s2 = Stream(12), Stream(12)
    f1 = theano.function([], [s1.normal((4,)), s1.uniform((3,))])
    f2 = theano.function([], [s2.normal((4,)), s2.uniform((3,))])
    first = f1()
    np.testing.assert_array_equal(first[0], f2()[0])
    f1()
    s1.seed(12)
    np.testing.assert_array_equal(f1()[1], first[1])
    s3 = Stream(13)
    assert not np.array_equal(theano.function([], s3.normal((4,)))(), first[0])


def test_draws_in_one_function_are_independent():
    s = MRG_RandomStreams(14)
    a, b = theano.function([], [s.uniform((1000,)), s.uniform((1000,))])()
    assert not np.array_equal(a, b)
    assert abs(np.corrcoef(a, b)[0, 1]) < 0.15


def test_no_default_updates_repeats_the_draw():
    f = theano.function([], MRG_RandomStreams(15).uniform((3,)), no_default_updates=True)
    np.testing.assert_array_equal(f(), f())


def test_symbolic_size_as_in_the_seed():
    # The seed: srng.normal(rand_size.shape) with a symbolic int64 vector's shape.
    srng = MRG_RandomStreams()
    rand_size = T.vector(dtype="int64")
    f = theano.function([rand_size], [srng.normal(rand_size.shape),
                                      srng.uniform(rand_size.shape),
                                      srng.binomial(rand_size.shape)])
    n, u, b = f(list(range(5)))
    assert n.shape == u.shape == b.shape == (5,)
    assert n.dtype == theano.config.floatX and b.dtype == np.int64
    assert f(list(range(7)))[0].shape == (7,)


def test_dropout_mask_with_symbolic_shape_and_float_dtype():
    srng = MRG_RandomStreams(16)
    x = T.matrix()
    mask = srng.binomial(x.shape, p=0.8, dtype=theano.config.floatX)
    out = theano.function([x], x * mask / 0.8)(np.ones((200, 50)))
    assert out.dtype == theano.config.floatX
    assert set(np.unique(out)) <= {0.0, 1.25}
    assert_mean(out == 0, 0.2, 0.4, 10000)


def test_size_tuple_with_symbolic_entries_and_ndim():
    x = T.matrix()
    s = RandomStreams(17)
    d = s.uniform((x.shape[0], 3), ndim=2)
    assert d.ndim == 2
    assert theano.function([x], d)(np.zeros((4, 2))).shape == (4, 3)
    with pytest.raises(ValueError, match="ndim=3 does not match the length of size"):
        s.uniform((2, 3), ndim=3)


def test_draw_updates_threaded_through_updates_list():
    s = RandomStreams(18)
    d = s.uniform((2,))
    key, new_key = d.update
    assert key is d.rng and s.updates() == [(key, new_key)]
    before = key.get_value()
    theano.function([], d)()
    assert not np.array_equal(before, key.get_value())


def test_draws_inside_scan_differ_per_step_and_per_call():
    srng = MRG_RandomStreams(19)
    x = T.dvector()
    out, upd = theano.scan(lambda xt: xt + srng.uniform((2,)), sequences=[x])
    f = theano.function([x], out, updates=upd)
    a, b = f(np.zeros(3)), f(np.zeros(3))
    assert a.shape == (3, 2) and len({tuple(r) for r in a}) == 3
    assert not np.array_equal(a, b)
    assert ((a >= 0) & (a < 1)).all()


def test_shuffle_row_elements_permutes_each_row():
    x = T.dmatrix()
    xv = np.arange(12.0).reshape(3, 4)
    out = theano.function([x], RandomStreams(20).shuffle_row_elements(x))(xv)
    assert out.shape == xv.shape
    for r, o in zip(xv, out):
        assert sorted(o) == sorted(r)
