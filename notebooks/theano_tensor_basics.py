# %% [markdown]
# # The tensor module: basics
#
# `theano.tensor` (imported as `T`) makes and manipulates symbolic tensors:
# scalars, vectors, matrices and arrays of any rank.

# %%
import theanox as theano
import theanox.tensor as T

# %% [markdown]
# ## Making variables
#
# `T.fmatrix()` is a variable; `T.fmatrix` itself is a *type* (a `TensorType`),
# and calling a type makes a variable of it.

# %%
x = T.fmatrix()
print(type(x))
print(type(T.fmatrix))

# %% [markdown]
# Three ways to get an int32 scalar:

# %%
x = T.scalar('myvar', dtype='int32')
x = T.iscalar('myvar')
x = T.TensorType(dtype='int32', broadcastable=())('myvar')
print(x, x.type)

# %% [markdown]
# The constructors `scalar`, `vector`, `row`, `col`, `matrix`, `tensor3`,
# `tensor4` take a name and a dtype (default `floatX`); `scalars`, `vectors`,
# `matrices`, ... make several at once. A `TensorType` is a dtype plus a
# *broadcastable* pattern, one flag per dimension: `True` means that dimension
# always has size 1 (so it broadcasts). A row is `(True, False)`, a column
# `(False, True)`. A 5-d float64 type:

# %%
dtensor5 = T.TensorType('float64', (False,) * 5)
x = dtensor5()
print(x.ndim)
print(x.type)
print(x.dtype)

# %% [markdown]
# ## Methods of variables
#
# `reshape` with a symbolic shape needs `ndim`, the length of that shape:

# %%
shape = T.ivector("shape")
y = x.reshape(shape, ndim=3)
print(x.ndim, y.ndim)

# %% [markdown]
# `dimshuffle` reorders dimensions and inserts broadcastable ones (`'x'`):
# `(1, 0)` transposes a matrix, `('x', 0)` turns a vector of length N into a
# 1 × N row, `(0, 'x', 1)` makes A × B into A × 1 × B.

# %%
z = y.dimshuffle(("x", 1, 2, 0))
print(z)
print(z.ndim)

# %%
z = x.flatten(ndim=2)
print(z.ndim)

# %% [markdown]
# Variables have most NumPy array methods:

# %%
print([t for t in dir(x) if t.isalpha() and not t[0].isupper() or t == 'T'])

# %% [markdown]
# ## Module functions
#
# `T.shape(x)` is a symbolic shape; `shape_padleft`, `shape_padright` and
# `shape_padaxis` insert a broadcastable dimension.

# %%
print(T.shape(x))
x = T.tensor3()
print(T.shape_padleft(x))
print(T.shape_padright(x))
print(T.shape_padaxis(x, 1))
print(T.shape_padaxis(x, 0))
print(T.shape_padaxis(x, -1))

# %% [markdown]
# Some of the others, evaluated on small inputs:

# %%
import numpy as np

m = T.dmatrix('m')
mv = np.array([[1., 5., 2.], [4., 0., 3.]])
print(T.zeros_like(m).eval({m: mv}))
print(T.alloc(7.0, 2, 3).eval())
print(T.eye(3, dtype='int64').eval())
print(T.tile(T.arange(3), (2,)).eval())
print(T.max(m).eval({m: mv}), T.argmax(m).eval({m: mv}))
print([v.eval({m: mv}) for v in T.max_and_argmax(m, axis=1)])
print(T.sum(m).eval({m: mv}), T.prod(m + 1).eval({m: mv}), T.mean(m).eval({m: mv}))
print(T.var(m).eval({m: mv}), T.std(m).eval({m: mv}))
print(T.all(m).eval({m: mv}), T.any(m).eval({m: mv}))
