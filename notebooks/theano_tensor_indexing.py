# %% [markdown]
# # The tensor module: indexing
#
# Symbolic tensors take NumPy's basic indexing (integers and slices).

# %%
import numpy as np

import theanox as theano
import theanox.tensor as T

t = T.arange(9)
print(t[1::2].eval())
n = np.arange(9)
print(n[1::2])

# %% [markdown]
# ## Boolean masks
#
# Theano 1.0 (and so theanox) indexes with a boolean mask as NumPy does. The
# tutorial's older Theano did not: it took the 0/1 mask as *integer* indices and
# returned a 3 × 3 × 3 array of rows 0 and 1.

# %%
t = T.arange(9).reshape((3, 3))
print(t[t > 4].eval())

# %%
n = np.arange(9).reshape((3, 3))
print(n[n > 4])

# %% [markdown]
# `nonzero()` turns the mask into index arrays, the way that works in every
# Theano version:

# %%
print(t[(t > 4).nonzero()].eval())

# %% [markdown]
# ## Assigning through an index
#
# Variables are immutable, so `r[10:] = 5` is not allowed. `T.set_subtensor`
# and `T.inc_subtensor` return a *new* variable with the part replaced or
# incremented.

# %%
r = T.vector()
new_r = T.set_subtensor(r[10:], 5)
print(new_r.eval({r: np.arange(12, dtype=theano.config.floatX)}))

# %%
new_r = T.inc_subtensor(r[10:], 5)
print(new_r.eval({r: np.arange(12, dtype=theano.config.floatX)}))
