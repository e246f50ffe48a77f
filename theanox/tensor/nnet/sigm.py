"""Theano's ``theano.tensor.nnet.sigm``: the sigmoid family."""
from theanox.tensor.nnet.nnet import hard_sigmoid, scalar_sigmoid, sigmoid, softplus, ultra_fast_sigmoid  # noqa: F401
from theanox.tensor.nnet.nnet_extra import sigmoid_inplace  # noqa: F401
