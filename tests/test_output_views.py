"""Big outputs are writable views of XLA's buffers on the CPU (theanox/compile/outputs.py).

A returned output is the caller's: writing into it must never change a shared
variable, another output of the call, a later call's result, the caller's input or
a constant of the graph, and it must stay valid after everything else is gone.
Every expected value is computed with NumPy from the same data.
"""
import gc

import numpy as np
import pytest

import theanox as theano
import theanox.tensor as T
from theanox.compile import outputs

N = 4 * outputs.VIEW_MIN_SIZE          # big enough to be returned as a view


def _aligned(a):
    """Returns a 64-byte aligned copy of ``a`` (JAX imports those without a copy)."""
    buf = np.empty(a.nbytes + 64, np.uint8)
    start = -buf.ctypes.data % 64
    out = buf[start:start + a.nbytes].view(a.dtype).reshape(a.shape)
    out[...] = a
    return out


def _vec(seed=0, n=N):
    return np.random.RandomState(seed).rand(n)


def test_big_output_is_a_writable_view_and_the_callers():
    x0 = _vec()
    x = theano.shared(x0)
    f = theano.function([], T.exp(x))
    a = f()
    b = f()
    assert a.flags.writeable and b.flags.writeable
    assert not a.flags.owndata            # no copy was made: it views XLA's buffer
    np.testing.assert_allclose(a, np.exp(x0))
    a[:] = -1.0
    a += 3
    np.testing.assert_allclose(b, np.exp(x0))           # the other call's result
    np.testing.assert_allclose(f(), np.exp(x0))         # a later call's result
    np.testing.assert_array_equal(x.get_value(), x0)    # the shared variable
    np.testing.assert_array_equal(a, 2.0)


def test_small_and_scalar_outputs_stay_writable_copies():
    x = T.dvector()
    f = theano.function([x], [x * 2, x.sum()])
    v, s = f(np.arange(5.0))
    assert v.flags.writeable and v.flags.owndata and s.flags.writeable
    v[:] = 0
    np.testing.assert_array_equal(f(np.arange(5.0))[0], np.arange(5.0) * 2)


def test_same_variable_twice_gives_independent_arrays():
    x0 = _vec(1)
    x = theano.shared(x0)
    y = T.exp(x)
    p, q = theano.function([], [y, y])()
    p[:] = 7.0
    np.testing.assert_allclose(q, np.exp(x0))


def test_output_that_is_also_the_new_state():
    x0 = _vec(2)
    s = theano.shared(x0)
    y = s * 2
    f = theano.function([], y, updates=[(s, y)])
    out = f()
    np.testing.assert_allclose(out, x0 * 2)
    out[:] = -5.0
    np.testing.assert_allclose(s.get_value(), x0 * 2)
    out2 = f()                                           # the state was not corrupted
    np.testing.assert_allclose(out2, x0 * 4)
    np.testing.assert_allclose(s.get_value(), x0 * 4)


@pytest.mark.parametrize("with_update", [False, True])
def test_shared_variable_as_output(with_update):
    x0 = _vec(3)
    s = theano.shared(x0)
    f = theano.function([], s, updates=[(s, s + 1)] if with_update else [])
    out = f()
    np.testing.assert_array_equal(out, x0)
    out[:] = 0.0
    np.testing.assert_array_equal(s.get_value(), x0 + 1 if with_update else x0)
    np.testing.assert_array_equal(f(), x0 + 1 if with_update else x0)


def test_outputs_next_to_donated_state():
    # The updated state is donated: XLA may put an output into the old state's buffer.
    x0 = _vec(4)
    s = theano.shared(x0)
    f = theano.function([], [s * 2, s * 3], updates=[(s, s + 1)])
    held = s.get_value(borrow=True)
    a, b = f()
    np.testing.assert_allclose(a, x0 * 2)
    np.testing.assert_allclose(b, x0 * 3)
    a[:] = 1.0
    b[:] = 2.0
    np.testing.assert_allclose(s.get_value(), x0 + 1)
    np.testing.assert_allclose(held, x0)
    a, b = f()
    np.testing.assert_allclose(a, (x0 + 1) * 2)
    np.testing.assert_allclose(b, (x0 + 1) * 3)


@pytest.mark.parametrize("make", [lambda x: x, lambda x: x * 1, lambda x: x.reshape(x.shape),
                                  lambda x: T.cast(x, "float64"), lambda x: x + 0])
def test_input_passed_through_is_copied(make):
    x = T.dmatrix()
    f = theano.function([x], make(x))
    arg = _aligned(np.random.RandomState(5).rand(N // 64, 64))
    keep = arg.copy()
    out = f(arg)
    np.testing.assert_array_equal(out, keep)
    out[:] = -1.0
    np.testing.assert_array_equal(arg, keep)
    arg[:] = 3.0
    np.testing.assert_array_equal(out, -1.0)


def test_constant_output_is_fresh_per_call():
    c = np.random.RandomState(6).rand(N)
    for y, want in ((T.constant(c), c), (T.constant(c) * 2, c * 2),
                    (T.exp(T.constant(c)), np.exp(c))):
        f = theano.function([], y)
        a = f()
        b = f()
        a[:] = -1.0
        np.testing.assert_allclose(b, want)
        np.testing.assert_allclose(f(), want)
        np.testing.assert_array_equal(a, -1.0)


def test_outputs_survive_everything_else():
    # Hold many results, drop the function and the state, collect: every value holds.
    x0 = _vec(7)
    s = theano.shared(x0)
    f = theano.function([], [T.exp(s), s * 3], updates=[(s, s + 1)])
    held = [f() for _ in range(60)]
    del f, s
    gc.collect()
    junk = [np.full(N, 9.0) for _ in range(60)]        # reuse freed memory, if any was freed
    for k, (e, m) in enumerate(held):
        np.testing.assert_allclose(e, np.exp(x0 + k))
        np.testing.assert_allclose(m, (x0 + k) * 3)
    del junk


def test_writes_into_results_across_many_calls():
    x = T.dvector()
    s = theano.shared(_vec(8))
    s0 = s.get_value()
    f = theano.function([x], [x + s, T.tanh(x)])
    arg = _aligned(_vec(9))
    keep = arg.copy()
    outs = []
    for k in range(30):
        a, b = f(arg)
        a[:] = k
        b *= -1
        outs.append((a, b))
    for k, (a, b) in enumerate(outs):
        np.testing.assert_array_equal(a, k)
        np.testing.assert_allclose(b, -np.tanh(keep))
    np.testing.assert_array_equal(arg, keep)
    np.testing.assert_array_equal(s.get_value(), s0)


def test_dtypes_and_shapes_match_numpy():
    x = T.fmatrix()
    i = T.ivector()
    f = theano.function([x, i], [x.T * 2, T.cast(i * 3, "int32"), x > 0.5, x[::-1]])
    xv = np.random.RandomState(10).rand(300, 200).astype(np.float32)
    iv = np.arange(N, dtype=np.int32)
    t, m, g, r = f(xv, iv)
    for got, want in ((t, xv.T * 2), (m, iv * 3), (g, xv > 0.5), (r, xv[::-1])):
        assert got.dtype == want.dtype and got.shape == want.shape
        assert got.flags.writeable and got.flags.c_contiguous
        np.testing.assert_array_equal(got, want)


def test_borrowed_output_stays_read_only():
    x = theano.shared(_vec(11))
    f = theano.function([], theano.Out(T.exp(x), borrow=True))
    assert not f().flags.writeable
