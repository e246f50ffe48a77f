"""The seed tutorial's ``load.py``: ``from load import mnist`` works from examples/.

``mnist(ntrain=60000, ntest=10000, onehot=True)`` returns ``trX, teX, trY, teY``
(see theanox.datasets.load_mnist for where the data is looked for).
"""
import os
import sys

try:
    from theanox.datasets import load_mnist, one_hot  # noqa: F401
except ImportError:  # run from a checkout without installing theanox
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from theanox.datasets import load_mnist, one_hot  # noqa: F401


def mnist(ntrain=60000, ntest=10000, onehot=True):
    """Return MNIST as (trX, teX, trY, teY), like the tutorial's load.mnist()."""
    return load_mnist(onehot=onehot, ntrain=ntrain, ntest=ntest)
