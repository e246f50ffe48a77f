"""The seed tutorial's ``load.py``: ``from load import mnist`` works from examples/.

``mnist(ntrain=60000, ntest=10000, onehot=True)`` returns ``trX, teX, trY, teY``.
The data is read from ``$THEANOX_MNIST`` when set (the deeplearning.net pickle or a
directory of idx files), otherwise from ~/.theanox/datasets/mnist (``$THEANOX_DATA``
moves it), where MNIST is downloaded on first use and checked against its SHA-256
(see theanox.datasets.load_mnist).

``minibatches(n, size, desc)`` is the tutorials' ``zip(range(0, n, size),
range(size, n, size))`` with a progress bar (on a terminal only).
"""
import os
import sys

try:
    from theanox.datasets import load_mnist, one_hot  # noqa: F401
except ImportError:  # run from a checkout without installing theanox
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from theanox.datasets import load_mnist, one_hot  # noqa: F401

from tqdm import tqdm


def mnist(ntrain=60000, ntest=10000, onehot=True):
    """Return MNIST as (trX, teX, trY, teY), like the tutorial's load.mnist().

    Exits with the loader's message (what failed, where to put the files) when
    MNIST is neither on disk nor downloadable.
    """
    try:
        return load_mnist(onehot=onehot, ntrain=ntrain, ntest=ntest)
    except FileNotFoundError as e:
        sys.exit("error: %s" % e)


def minibatches(n, size, desc):
    """Return a progress bar over the (start, end) minibatch bounds of n rows."""
    bounds = list(zip(range(0, n, size), range(size, n, size)))
    return tqdm(bounds, desc=desc, unit="batch", leave=False, disable=None,
                dynamic_ncols=True, mininterval=0.5)
