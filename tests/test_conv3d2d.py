"""theano.tensor.nnet.conv3d2d.conv3d against Theano 1.0.5 (tests/oracle/conv3d2d.json),
SciPy's N-d convolution, and theanox's nnet.conv3d."""
import json
import os

import numpy as np
import pytest
from scipy import signal

import theanox as theano
import theanox.tensor as T
from theanox.tensor.nnet import conv3d2d

with open(os.path.join(os.path.dirname(__file__), "oracle", "conv3d2d.json")) as _f:
    ORACLE = json.load(_f)
T5 = T.TensorType("float64", (False,) * 5)


def _data(shape, k):
    n = int(np.prod(shape))
    return (np.sin(np.arange(n) * 0.37 + k) * 2).reshape(shape)


@pytest.mark.parametrize("case", ORACLE, ids=[str(c["mode"]) + str(c["signals_shape"])
                                               for c in ORACLE])
def test_matches_theano(case):
    s, f = T5("s"), T5("f")
    mode = case["mode"] if isinstance(case["mode"], str) else tuple(case["mode"])
    y = conv3d2d.conv3d(s, f, case["signals_shape"], case["filters_shape"], border_mode=mode)
    fn = theano.function([s, f], [y, T.grad((y ** 2).sum(), f)])
    val, g = fn(_data(case["signals_shape"], 0), _data(case["filters_shape"], 1))
    assert list(val.shape) == case["shape"]
    np.testing.assert_allclose(val.ravel(), case["value"], rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(g.ravel(), case["grad_f"], rtol=1e-9, atol=1e-9)


def test_against_scipy_full_convolution():
    sig, fil = _data((2, 4, 3, 5, 6), 3), _data((2, 2, 3, 3, 2), 4)
    s, f = T5("s"), T5("f")
    out = theano.function([s, f], conv3d2d.conv3d(s, f, border_mode="full"))(sig, fil)
    for n in range(2):
        for o in range(2):
            # a true convolution over (time, row, col), summed over input channels
            want = sum(signal.convolve(sig[n, :, c], fil[o, :, c], mode="full")
                       for c in range(3))
            np.testing.assert_allclose(out[n, :, o], want, rtol=1e-10, atol=1e-12)


def test_same_as_nnet_conv3d_in_its_layout():
    sig, fil = _data((1, 5, 2, 4, 4), 5), _data((3, 2, 2, 2, 3), 6)
    s, f = T5("s"), T5("f")
    a = conv3d2d.conv3d(s, f)
    b = T.nnet.conv3d(s.dimshuffle(0, 2, 1, 3, 4),
                      f.dimshuffle(0, 2, 1, 3, 4)).dimshuffle(0, 2, 1, 3, 4)
    va, vb = theano.function([s, f], [a, b])(sig, fil)
    np.testing.assert_allclose(va, vb, rtol=1e-12)


def test_refusals():
    s, f = T5("s"), T5("f")
    with pytest.raises(NotImplementedError, match="height and width"):
        conv3d2d.conv3d(s, f, border_mode=("valid", "full", "valid"))
    with pytest.raises(NotImplementedError, match="filters_shape"):
        conv3d2d.conv3d(s, f, border_mode=("full", "valid", "valid"))
    with pytest.raises(ValueError, match="invalid border mode"):
        conv3d2d.conv3d(s, f, border_mode="wide")
    with pytest.raises(TypeError, match="5-D"):
        conv3d2d.conv3d(T.tensor4(), f)
