# %% [markdown]
# # The tensor module: operators and elementwise operations
#
# Python's operators work on symbolic tensors and build graph nodes.
# `theano.pp` prints the resulting expressions.

# %%
import numpy as np

import theanox as theano
from theanox import tensor as T

a, b = T.itensor3("a"), T.itensor3("b")

# %% [markdown]
# ## Arithmetic
#
# A Python float constant becomes a float32 constant when it fits exactly enough
# (Theano's `autocast`), hence `2.20000004768` below.

# %%
print(theano.pp(a + 3))
print(theano.pp(3 - a))
print(theano.pp(a * 3.5))
print(theano.pp(2.2 / a))
print(theano.pp(2.2 // a))
print(theano.pp(2.2**a))
print(theano.pp(b % a))

# %% [markdown]
# ## Bitwise

# %%
print(theano.pp(a & b))
print(theano.pp(a ^ 1))
print(theano.pp(a | b))
print(theano.pp(~a))

# %% [markdown]
# There are no in-place operators (`+=` on a variable makes a new variable);
# state that changes belongs in shared variables and `updates`.
#
# ## Casting
#
# `T.cast(x, dtype)` returns `x` itself when the dtype already matches:

# %%
x = T.matrix()
x_as_int = T.cast(x, 'int32')
print(x_as_int is x)
print(T.cast(x, theano.config.floatX) is x)

# %% [markdown]
# ## Comparisons
#
# Elementwise: `T.lt`, `T.gt`, `T.le`, `T.ge`, `T.eq`, `T.neq`, as well as
# `T.isnan`, `T.isinf`, `T.isclose`, `T.allclose`. Their results are boolean
# tensors (int8 in old Theano versions).

# %%
x, y = T.dmatrices('x', 'y')
print(theano.pp(T.le(x, y)))
print(T.le(x, y).dtype)

# %% [markdown]
# `T.switch(cond, ift, iff)` (alias `T.where`) picks elementwise;
# `T.clip(x, min, max)` clamps.

# %%
v = T.dvector('v')
print(T.clip(v, -1, 1).eval({v: [-3., 0.5, 2.]}))

# %% [markdown]
# ## Mathematical functions

# %%
a, b = T.matrices("a", "b")

print(theano.pp(T.maximum(a, b)))
print(theano.pp(T.minimum(a, b)))
print(theano.pp(T.neg(a)))
print(theano.pp(T.inv(a)))
print(theano.pp(T.exp(a)))
print(theano.pp(T.log(a)), theano.pp(T.log2(a)), theano.pp(T.log10(a)))
print(theano.pp(T.sgn(a)))
print(theano.pp(T.floor(a)))
print(theano.pp(T.ceil(a)))
print(theano.pp(T.round(a)))
print(theano.pp(T.iround(a)))
print(theano.pp(T.sqr(a)))
print(theano.pp(T.sqrt(a)))
print(theano.pp(T.cos(a)), theano.pp(T.sin(a)), theano.pp(T.tan(a)))
print(theano.pp(T.cosh(a)), theano.pp(T.sinh(a)), theano.pp(T.tanh(a)))
print(theano.pp(T.erf(a)), theano.pp(T.erfc(a)))
print(theano.pp(T.erfinv(a)), theano.pp(T.erfcinv(a)))
print(theano.pp(T.gamma(a)))
print(theano.pp(T.gammaln(a)))
print(theano.pp(T.psi(a)))

# %% [markdown]
# ## Linear algebra
#
# `T.dot` (matrix product), `T.outer` (outer product), and
# `T.tensordot(a, b, axes)`, which sums over the given pairs of axes. NumPy's
# `tensordot` against explicit loops:

# %%
rng = np.random.RandomState(0)
a = rng.random_sample((2, 3, 4))
b = rng.random_sample((5, 6, 4, 3))

c = np.tensordot(a, b, [[1, 2], [3, 2]])

a0, a1, a2 = a.shape
b0, b1, _, _ = b.shape
cloop = np.zeros((a0, b0, b1))
for i in range(a0):
    for j in range(b0):
        for k in range(b1):
            for l in range(a1):
                for m in range(a2):
                    cloop[i, j, k] += a[i, l, m] * b[j, k, m, l]

assert np.allclose(c, cloop)
print(a.shape, b.shape)
print(c.shape)

# %% [markdown]
# The same with symbolic tensors:

# %%
ta, tb = T.dtensor3('a'), T.dtensor4('b')
tc = T.tensordot(ta, tb, [[1, 2], [3, 2]])
print(np.allclose(tc.eval({ta: a, tb: b}), c))
