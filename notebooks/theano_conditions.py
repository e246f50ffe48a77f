# %% [markdown]
# # Conditions: `ifelse` and `switch`
#
# Two ways to choose between symbolic values:
#
# * `ifelse(cond, a, b)` (from `theano.ifelse`) takes a scalar condition and
#   computes only the branch it returns;
# * `T.switch(cond, a, b)` is elementwise: the condition may be a tensor, and Theano
#   computes both branches. (theanox decides a switch whose condition is a scalar
#   computed from the function's scalar inputs before running, as it does an
#   `ifelse`: only the chosen operand is computed; both operands' shapes are still
#   checked.)

# %%
import time

import numpy as np

import theanox as theano
import theanox.tensor as T
from theanox.ifelse import ifelse

# %% [markdown]
# $z = x$ if $a < b$, else $y$, for scalars $a, b$ and matrices $x, y$:

# %%
a, b = T.scalars('a', 'b')
x, y = T.matrices('x', 'y')

z_ifelse = ifelse(T.lt(a, b), x, y)
f_ifelse = theano.function([a, b, x, y], z_ifelse)

z_switch = T.switch(T.lt(a, b), x, y)
f_switch = theano.function([a, b, x, y], z_switch)

# %%
val1 = 0.
val2 = 1.
big_mat1 = np.ones((10000, 1000), dtype=theano.config.floatX)
big_mat2 = np.zeros((10000, 1000), dtype=theano.config.floatX)
print(f_ifelse(val1, val2, big_mat1, big_mat2).mean(), f_switch(val1, val2, big_mat1, big_mat2).mean())
print(f_ifelse(val2, val1, big_mat1, big_mat2).mean(), f_switch(val2, val1, big_mat1, big_mat2).mean())

# %% [markdown]
# Timing both (the numbers depend on the machine; in theanox both functions here
# return a copy of the chosen matrix, so they cost about the same, while Theano's
# switch reads both):

# %%
n_times = 10

tic = time.perf_counter()
for i in range(n_times):
    f_switch(val1, val2, big_mat1, big_mat2)
print('time spent evaluating both values %f sec' % (time.perf_counter() - tic))

tic = time.perf_counter()
for i in range(n_times):
    f_ifelse(val1, val2, big_mat1, big_mat2)
print('time spent evaluating one value %f sec' % (time.perf_counter() - tic))

# %% [markdown]
# `switch` works element by element, for example to clip negative entries:

# %%
v = T.dvector('v')
print(T.switch(v > 0, v, 0).eval({v: [-1.5, 0.5, 2.0, -3.0]}))
