"""Convolutions and pooling against direct NumPy loops; gradients by finite differences."""
import warnings

import numpy as np
import pytest

import theanox as theano
import theanox.tensor as T
from theanox.gradient import verify_grad
from theanox.tensor.nnet import conv as legacy_conv
from theanox.tensor.signal import downsample
from theanox.tensor.signal.pool import max_pool_2d_same_size, pool_2d, pool_3d

RNG = np.random.RandomState(0)


# ----------------------------------------------------------- NumPy references

def np_conv(x, w, pad, stride=None, dil=None, flip=True, groups=1):
    """Direct N-d convolution: x (b, c, *sp), w (o, c/groups, *k), symmetric zero pad."""
    nd = x.ndim - 2
    stride, dil = stride or (1,) * nd, dil or (1,) * nd
    if flip:
        w = w[(slice(None), slice(None)) + (slice(None, None, -1),) * nd]
    x = np.pad(x, [(0, 0), (0, 0)] + [(p, p) for p in pad])
    k = w.shape[2:]
    out_sp = [(x.shape[2 + i] - ((k[i] - 1) * dil[i] + 1)) // stride[i] + 1 for i in range(nd)]
    out = np.zeros((x.shape[0], w.shape[0]) + tuple(out_sp))
    cin, cout = w.shape[1], w.shape[0] // groups
    for o in range(w.shape[0]):
        g = o // cout
        xs = x[:, g * cin:(g + 1) * cin]
        for pos in np.ndindex(*out_sp):
            idx = tuple(slice(p * s, p * s + (kk - 1) * d + 1, d)
                        for p, s, kk, d in zip(pos, stride, k, dil))
            out[(slice(None), o) + pos] = np.sum(xs[(slice(None), slice(None)) + idx] * w[o],
                                                 axis=tuple(range(1, 2 + nd)))
    return out


def border_pad(mode, k, dil=(1, 1)):
    dk = [(kk - 1) * d + 1 for kk, d in zip(k, dil)]
    if mode == "valid":
        return (0, 0)
    if mode == "full":
        return tuple(d - 1 for d in dk)
    if mode == "half":
        return tuple(d // 2 for d in dk)
    return (mode, mode) if isinstance(mode, int) else mode


CONV_CASES = [
    # border_mode, subsample, filter_dilation, kernel, filter_flip
    ("valid", (1, 1), (1, 1), (3, 3), True),
    ("full", (1, 1), (1, 1), (3, 3), True),
    ("half", (1, 1), (1, 1), (3, 5), True),
    (1, (1, 1), (1, 1), (3, 3), True),
    ((2, 1), (1, 1), (1, 1), (3, 2), True),
    ("valid", (2, 2), (1, 1), (3, 3), True),
    ("full", (2, 3), (1, 1), (2, 3), True),
    ("half", (2, 1), (1, 1), (3, 3), True),
    ("valid", (1, 1), (2, 2), (3, 3), True),
    ("full", (1, 1), (2, 1), (2, 2), True),
    ("valid", (1, 1), (1, 1), (3, 3), False),
    ("half", (1, 2), (1, 1), (1, 1), False),
    # more than 25 taps: lowered to XLA's convolution instead of a patch matrix
    ("full", (1, 1), (1, 1), (6, 5), True),
    ("valid", (2, 1), (1, 1), (6, 5), True),
]


@pytest.mark.parametrize("border,sub,dil,k,flip", CONV_CASES)
def test_conv2d_matches_numpy(border, sub, dil, k, flip):
    xv, wv = RNG.randn(2, 3, 7, 8), RNG.randn(4, 3) if False else RNG.randn(4, 3, *k)
    x, w = T.dtensor4(), T.dtensor4()
    out = T.nnet.conv2d(x, w, input_shape=(2, 3, 7, 8), filter_shape=(4, 3) + k,
                        border_mode=border, subsample=sub, filter_dilation=dil, filter_flip=flip)
    got = theano.function([x, w], out)(xv, wv)
    ref = np_conv(xv, wv, border_pad(border, k, dil), sub, dil, flip)
    assert got.shape == ref.shape
    np.testing.assert_allclose(got, ref, rtol=1e-10, atol=1e-10)


def test_conv2d_groups():
    xv, wv = RNG.randn(2, 4, 5, 5), RNG.randn(6, 2, 3, 3)
    x, w = T.dtensor4(), T.dtensor4()
    got = theano.function([x, w], T.nnet.conv2d(x, w, num_groups=2))(xv, wv)
    np.testing.assert_allclose(got, np_conv(xv, wv, (0, 0), groups=2), rtol=1e-10, atol=1e-12)


def test_conv2d_float32_and_first_layer_path():
    # One input channel: the patch-matrix lowering; float32 in, float32 out.
    xv = RNG.rand(3, 1, 9, 9).astype("float32")
    wv = RNG.randn(5, 1, 3, 3).astype("float32")
    x, w = T.ftensor4(), T.ftensor4()
    out = T.nnet.conv2d(x, w, border_mode="full")
    assert out.dtype == "float32"
    got = theano.function([x, w], out)(xv, wv)
    np.testing.assert_allclose(got, np_conv(xv.astype(float), wv.astype(float), (2, 2)),
                               rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("border", ["valid", "full"])
def test_legacy_conv2d(border):
    xv, wv = RNG.randn(2, 2, 6, 6), RNG.randn(3, 2, 3, 3)
    x, w = T.dtensor4(), T.dtensor4()
    out = legacy_conv.conv2d(x, w, image_shape=(2, 2, 6, 6), filter_shape=(3, 2, 3, 3),
                             border_mode=border)
    got = theano.function([x, w], out)(xv, wv)
    np.testing.assert_allclose(got, np_conv(xv, wv, border_pad(border, (3, 3))), rtol=1e-10)


def test_legacy_conv2d_rejects_half():
    with pytest.raises(ValueError, match="border_mode must be 'valid' or 'full'"):
        legacy_conv.conv2d(T.dtensor4(), T.dtensor4(), border_mode="half")


def test_conv2d_errors_name_the_problem():
    with pytest.raises(TypeError, match="must be a 4-D tensor"):
        T.nnet.conv2d(T.dmatrix(), T.dtensor4())
    with pytest.raises(ValueError, match="invalid border_mode 'same'"):
        T.nnet.conv2d(T.dtensor4(), T.dtensor4(), border_mode="same")
    x, w = T.dtensor4(), T.dtensor4()
    f = theano.function([x, w], T.nnet.conv2d(x, w))
    with pytest.raises(ValueError, match="input has 3 channels but the filters expect 2"):
        f(np.zeros((1, 3, 5, 5)), np.zeros((2, 2, 3, 3)))


def test_conv3d_matches_numpy():
    xv, wv = RNG.randn(1, 2, 4, 5, 4), RNG.randn(3, 2, 2, 3, 2)
    x, w = T.dtensor5(), T.dtensor5()
    got = theano.function([x, w], T.nnet.conv3d(x, w, border_mode="half",
                                                subsample=(1, 2, 1)))(xv, wv)
    ref = np_conv(xv, wv, (1, 1, 1), (1, 2, 1))
    np.testing.assert_allclose(got, ref, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("border,sub", [("valid", (1, 1)), ("full", (1, 1)), ("half", (2, 2)),
                                        ((1, 0), (2, 1))])
def test_conv2d_transpose_is_adjoint(border, sub):
    # <conv(x, w), y> == <x, conv_transpose(y, w)> for every x, y.
    xv, wv = RNG.randn(2, 3, 7, 6), RNG.randn(4, 3, 3, 3)
    fwd = np_conv(xv, wv, border_pad(border, (3, 3)), sub)
    yv = RNG.randn(*fwd.shape)
    y, w = T.dtensor4(), T.dtensor4()
    out = T.nnet.conv2d_transpose(y, w, output_shape=xv.shape, border_mode=border,
                                  input_dilation=sub)
    got = theano.function([y, w], out)(yv, wv)
    assert got.shape == xv.shape
    np.testing.assert_allclose(np.sum(fwd * yv), np.sum(xv * got), rtol=1e-10)


@pytest.mark.parametrize("border,sub", [("valid", (1, 1)), ("full", (2, 1)), ("half", (1, 1))])
def test_conv2d_gradients(border, sub):
    def fn(x, w):
        return T.nnet.conv2d(x, w, border_mode=border, subsample=sub)
    verify_grad(fn, [RNG.randn(1, 2, 4, 4), RNG.randn(2, 2, 3, 3)], n_tests=1,
                rng=np.random.RandomState(1))


def test_conv2d_gradients_large_kernel_path():
    def fn(x, w):
        return T.nnet.conv2d(x, w, border_mode="full")
    verify_grad(fn, [RNG.randn(1, 1, 4, 4), RNG.randn(2, 1, 6, 5)], n_tests=1,
                rng=np.random.RandomState(4))


def test_conv2d_gradient_first_layer_float32_path():
    # Large output, few channels: the weight gradient uses the patch matrix.
    def fn(w):
        return T.nnet.conv2d(xv, w, border_mode="full")
    xv = RNG.randn(1, 1, 8, 8)
    verify_grad(fn, [RNG.randn(2, 1, 3, 3)], n_tests=1, rng=np.random.RandomState(2))


@pytest.mark.parametrize("patches", [True, False])   # weight gradient: patches^T @ g or conv
@pytest.mark.parametrize("border,sub,dil,ci", [
    ("full", (1, 1), (1, 1), 8),       # explicit padding, then XLA's convolution
    ("half", (2, 1), (1, 1), 8),
    (1, (1, 1), (2, 1), 8),
    ("valid", (2, 2), (1, 2), 3),
])
def test_conv2d_gradients_per_lowering_path(border, sub, dil, ci, patches, monkeypatch):
    from theanox.tensor.nnet import abstract_conv
    monkeypatch.setattr(abstract_conv, "SMALL_PATCHES", 2 ** 23 if patches else 0)

    def fn(x, w):
        return T.nnet.conv2d(x, w, border_mode=border, subsample=sub, filter_dilation=dil)
    verify_grad(fn, [RNG.randn(2, ci, 6, 7), RNG.randn(3, ci, 3, 2)], n_tests=1,
                rng=np.random.RandomState(5))


def test_conv2d_rop_matches_finite_difference():
    # Forward mode goes through the same lowering's derivative rule (jax.jvp).
    x, w = T.tensor4("x"), T.tensor4("w")
    v = T.tensor4("v")
    y = T.nnet.conv2d(x, w, border_mode="full")
    f = theano.function([x, w, v], theano.gradient.Rop(y, w, v))
    xv, wv, vv = RNG.randn(2, 8, 5, 5), RNG.randn(3, 8, 3, 3), RNG.randn(3, 8, 3, 3)
    g = theano.function([x, w], y)
    eps = 1e-6
    fd = (g(xv, wv + eps * vv) - g(xv, wv - eps * vv)) / (2 * eps)
    np.testing.assert_allclose(f(xv, wv, vv), fd, rtol=1e-6, atol=1e-8)


# -------------------------------------------------------------------- pooling

def np_pool(x, ws, ignore_border, stride=None, pad=(0, 0), mode="max"):
    """Theano's Pool.perform written as loops over the last two dims."""
    stride = stride or ws
    h, w = x.shape[-2:]
    ph, pw = pad
    H, W = h + 2 * ph, w + 2 * pw

    def n_out(r, k, s):
        if ignore_border:
            return (r - k) // s + 1
        return (r - 1) // s + 1 if s >= k else max(0, (r - 1 - k + s) // s) + 1
    oh, ow = n_out(H, ws[0], stride[0]), n_out(W, ws[1], stride[1])
    xp = np.zeros(x.shape[:-2] + (H, W))
    xp[..., ph:ph + h, pw:pw + w] = x
    out = np.zeros(x.shape[:-2] + (oh, ow))
    for i in range(oh):
        for j in range(ow):
            r0, c0 = i * stride[0], j * stride[1]
            r1, c1 = min(r0 + ws[0], H), min(c0 + ws[1], W)
            if mode != "average_inc_pad":
                r0, c0 = max(r0, ph), max(c0, pw)
                r1, c1 = min(r1, h + ph), min(c1, w + pw)
            win = xp[..., r0:r1, c0:c1]
            if mode == "max":
                out[..., i, j] = win.max(axis=(-2, -1))
            elif mode == "sum":
                out[..., i, j] = win.sum(axis=(-2, -1))
            else:
                out[..., i, j] = win.mean(axis=(-2, -1))
    return out


POOL_CASES = [
    # ws, ignore_border, stride, pad
    ((2, 2), False, None, (0, 0)),
    ((2, 2), True, None, (0, 0)),
    ((3, 2), False, None, (0, 0)),
    ((3, 3), True, (2, 2), (0, 0)),
    ((3, 3), False, (2, 2), (0, 0)),
    ((2, 3), False, (3, 1), (0, 0)),
    ((3, 3), True, (1, 1), (1, 1)),
    ((3, 2), True, (2, 1), (2, 1)),
]
MODES = ["max", "sum", "average_inc_pad", "average_exc_pad"]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("ws,ignore_border,stride,pad", POOL_CASES)
def test_pool_2d_matches_numpy(ws, ignore_border, stride, pad, mode):
    xv = RNG.randn(2, 3, 5, 7)
    x = T.dtensor4()
    out = pool_2d(x, ws, ignore_border=ignore_border, stride=stride, pad=pad, mode=mode)
    got = theano.function([x], out)(xv)
    ref = np_pool(xv, ws, ignore_border, stride, pad, mode)
    assert got.shape == ref.shape
    np.testing.assert_allclose(got, ref, rtol=1e-12)


def test_pool_shapes_in_the_seed():
    # The seed: (5, 5) pooled 2x2 is (3, 3) with ignore_border=False and (2, 2) with True.
    x = T.dtensor4()
    xv = np.zeros((1, 1, 5, 5))
    assert theano.function([x], pool_2d(x, (2, 2), ignore_border=False))(xv).shape[2:] == (3, 3)
    assert theano.function([x], pool_2d(x, (2, 2), ignore_border=True))(xv).shape[2:] == (2, 2)


def test_pool_default_ignore_border_warns_and_is_false():
    # Theano 1.0.5: pool_2d(x, (2, 2)) warns "...default value changed to True (currently
    # False)..." and pools (1, 1, 5, 5) to (1, 1, 3, 3) (recorded from the oracle).
    x = T.dtensor4()
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        out = pool_2d(x, (2, 2))
    assert any("ignore_border default value changed to True" in str(m.message) for m in w)
    assert theano.function([x], out)(np.ones((1, 1, 5, 5))).shape == (1, 1, 3, 3)


def test_pool_old_keyword_names():
    xv = RNG.randn(1, 2, 6, 6)
    x = T.dtensor4()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = pool_2d(x, ds=(3, 3), st=(2, 2), padding=(1, 1), ignore_border=True,
                      mode="average_exc_pad")
    ref = np_pool(xv, (3, 3), True, (2, 2), (1, 1), "average_exc_pad")
    np.testing.assert_allclose(theano.function([x], out)(xv), ref)


def test_legacy_max_pool_2d():
    xv = RNG.randn(2, 2, 7, 7)
    x = T.dtensor4()
    out = downsample.max_pool_2d(x, (2, 2), ignore_border=False)
    np.testing.assert_array_equal(theano.function([x], out)(xv), np_pool(xv, (2, 2), False))
    out = downsample.max_pool_2d(x, (3, 3), ignore_border=True, st=(1, 2), mode="sum")
    np.testing.assert_allclose(theano.function([x], out)(xv),
                               np_pool(xv, (3, 3), True, (1, 2), mode="sum"))


def test_pool_errors():
    with pytest.raises(NotImplementedError, match="padding works only with ignore_border=True"):
        pool_2d(T.dtensor4(), (3, 3), ignore_border=False, pad=(1, 1))
    with pytest.raises(ValueError, match="only support 'max', 'sum'"):
        pool_2d(T.dtensor4(), (2, 2), ignore_border=True, mode="median")


def test_pool_3d_matches_numpy():
    xv = RNG.randn(2, 5, 4, 5)
    x = T.dtensor4()
    got = theano.function([x], pool_3d(x, (2, 2, 3), ignore_border=True, mode="max"))(xv)
    ref = np.zeros((2, 2, 2, 1))
    for i, j, k in np.ndindex(2, 2, 1):
        ref[:, i, j, k] = xv[:, 2 * i:2 * i + 2, 2 * j:2 * j + 2, 3 * k:3 * k + 3].max(axis=(1, 2, 3))
    np.testing.assert_allclose(got, ref)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("ws,ignore_border,stride", [((2, 2), False, None),
                                                     ((3, 2), True, (1, 2))])
def test_pool_gradients(ws, ignore_border, stride, mode):
    # Distinct values so each max is unique and finite differences are valid.
    xv = RNG.permutation(2 * 5 * 5).reshape(1, 2, 5, 5) / 10.0
    verify_grad(lambda x: pool_2d(x, ws, ignore_border=ignore_border, stride=stride, mode=mode),
                [xv], n_tests=1, rng=np.random.RandomState(3))


def test_max_pool_gradient_goes_to_every_tied_max():
    # Theano's MaxPoolGrad: each element equal to its window's max gets the gradient.
    x = T.dtensor4()
    g = T.grad(pool_2d(x, (2, 2), ignore_border=True).sum(), x)
    xv = np.array([[[[1.0, 1.0, 0.0], [0.0, 1.0, 2.0], [5.0, 5.0, 5.0]]]])
    np.testing.assert_array_equal(theano.function([x], g)(xv),
                                  [[[[1, 1, 0], [0, 1, 0], [0, 0, 0]]]])


def test_max_pool_2d_same_size():
    xv = RNG.randn(2, 3, 5, 4)
    x = T.dtensor4()
    got = theano.function([x], max_pool_2d_same_size(x, (2, 2)))(xv)
    ref = np.zeros_like(xv)
    for i in range(2):
        for j in range(2):
            win = xv[..., 2 * i:2 * i + 2, 2 * j:2 * j + 2]
            m = win.max(axis=(-2, -1), keepdims=True)
            ref[..., 2 * i:2 * i + 2, 2 * j:2 * j + 2] = np.where(win == m, win, 0)
    np.testing.assert_array_equal(got, ref)
