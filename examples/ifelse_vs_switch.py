"""The seed's ifelse-vs-switch timing (Theano 条件语句), on theanox.

In Theano ``switch`` computes both sides elementwise and ``ifelse`` only the taken
branch.  theanox decides both before running when, as here, the condition is a
scalar computed from scalar inputs (only the chosen side is computed; the switch
still checks both sides' shapes), so the two times are about equal; with an array
condition (``T.switch(x > 0, ...)``) the switch computes both sides.
Run: ``PYTHONPATH=. python examples/ifelse_vs_switch.py``.  Not a test: timings
depend on the machine.
"""
import time

import numpy as np

import theanox as theano
import theanox.tensor as T
from theanox.ifelse import ifelse


def main(n_times=10, shape=(10000, 1000)):
    """Returns (seconds for switch, seconds for ifelse) over ``n_times`` calls, and prints them."""
    a, b = T.scalars("a", "b")
    x, y = T.matrices("x", "y")
    # Make each branch cost something, so "computes one branch" is visible.
    f_switch = theano.function([a, b, x, y], T.switch(T.lt(a, b), T.tanh(x) * 2, T.exp(y) / 3))
    f_ifelse = theano.function([a, b, x, y], ifelse(T.lt(a, b), T.tanh(x) * 2, T.exp(y) / 3))
    m1 = np.ones(shape, dtype=theano.config.floatX)
    m2 = np.ones(shape, dtype=theano.config.floatX)
    f_switch(0., 1., m1, m2), f_ifelse(0., 1., m1, m2)          # compile once
    tic = time.perf_counter()
    for _ in range(n_times):
        f_switch(0., 1., m1, m2)
    t_switch = time.perf_counter() - tic
    print("time spent evaluating both values %f sec" % t_switch)
    tic = time.perf_counter()
    for _ in range(n_times):
        f_ifelse(0., 1., m1, m2)
    t_ifelse = time.perf_counter() - tic
    print("time spent evaluating one value %f sec" % t_ifelse)
    return t_switch, t_ifelse


if __name__ == "__main__":
    main()
