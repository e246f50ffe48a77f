"""Theano's ``theano.tensor.xlogx``: x * log(x) and x * log(y), taken as 0 where x == 0."""
from theanox.tensor import basic as B


def xlogx(x):
    """Returns x * log(x), with 0 where x == 0."""
    x = B.as_tensor_variable(x)
    return B.switch(B.eq(x, 0), 0, x * B.log(B.switch(B.eq(x, 0), 1, x)))


def xlogy0(x, y):
    """Returns x * log(y), with 0 where x == 0."""
    x, y = B.as_tensor_variable(x), B.as_tensor_variable(y)
    return B.switch(B.eq(x, 0), 0, x * B.log(B.switch(B.eq(x, 0), 1, y)))
