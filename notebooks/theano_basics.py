# %% [markdown]
# # Theano basics on theanox
#
# Symbolic variables, compiled functions, shared variables and derivatives: the
# first chapter of the tutorial, run on theanox. The only change from Theano code is
# the import line (`import theanox as theano`; `import theano` works too) and
# Python 3's `print()`. theanox keeps Theano 1.0's default `floatX=float64`.

# %%
import numpy as np

import theanox as theano
import theanox.tensor as T

# %% [markdown]
# ## Symbols
#
# `T.scalar('x')` makes a named symbolic scalar. Expressions built from it are new
# symbolic variables; printing one shows the op that made it, and `theano.pp`
# shows it as a formula.

# %%
foo = T.scalar('x')
print(foo)
bar = foo ** 2
print(bar)
print(theano.pp(bar))
print(type(foo))
print(foo.type)

# %% [markdown]
# ## Functions
#
# `theano.function(inputs, outputs)` compiles a graph into a callable. `eval` is a
# shortcut that takes a dictionary of values for the inputs.

# %%
square = theano.function([foo], bar)
print(square(3))
print(bar.eval({foo: 3}))

# %% [markdown]
# `T.vector`, `T.matrix` and friends make variables of other ranks; a one-letter
# prefix picks the dtype (`d` float64, `f` float32, `i` int32, `l` int64, ...).
# A function may return several outputs: here $y = Ax + b$ and $z = \sum A_{ij}^2$.

# %%
A = T.matrix('A')
x = T.vector('x')
b = T.vector('b')
y = T.dot(A, x) + b
z = T.sum(A**2)
linear_mix = theano.function([A, x, b], [y, z])
print(linear_mix(np.array([[1, 2, 3], [4, 5, 6]], dtype=theano.config.floatX),
                 np.array([1, 2, 3], dtype=theano.config.floatX),
                 np.array([4, 5], dtype=theano.config.floatX)))

# %% [markdown]
# An input can have a default value, given with `theano.Param` (called `In` in
# later Theano versions).

# %%
linear_mix_default = theano.function([A, x, theano.Param(b, default=np.zeros(2, dtype=theano.config.floatX))], [y, z])
print(linear_mix_default(np.array([[1, 2, 3], [4, 5, 6]], dtype=theano.config.floatX),
                         np.array([1, 2, 3], dtype=theano.config.floatX)))

# %% [markdown]
# ## Shared variables
#
# A shared variable holds a value that lives between calls and that every function
# using it sees. `get_value`/`set_value` read and write it; a function that uses it
# needs no argument for it.

# %%
shared_var = theano.shared(np.array([[1.0, 2.0], [3.0, 4.0]], dtype=theano.config.floatX))
print(shared_var.type)
shared_var.set_value(np.array([[3.0, 4], [2, 1]], dtype=theano.config.floatX))
print(shared_var.get_value())
shared_square = shared_var ** 2
f = theano.function([], shared_square)
print(f())
shared_var.set_value(np.array([[1.0, 2], [3, 4]], dtype=theano.config.floatX))
print(f())

# %% [markdown]
# `updates` gives a shared variable its next value. The function returns the value
# from before the update.

# %%
subtract = T.matrix('subtract')
f_update = theano.function([subtract], shared_var, updates={shared_var: shared_var - subtract})
print(f_update(np.array([[1.0, 1], [1, 1]], dtype=theano.config.floatX)))
print(shared_var.get_value())

# %% [markdown]
# ## Derivatives
#
# `T.grad` differentiates symbolically: the derivative of $x^2$ is $2x$. The
# Jacobian of $y = Ax + b$ with respect to $x$ is $A$.

# %%
bar_grad = T.grad(bar, foo)
print(bar_grad.eval({foo: 10}))
y_J = theano.gradient.jacobian(y, x)
print(y_J.eval({A: np.array([[9.0, 8, 7], [4, 5, 6]], dtype=theano.config.floatX),
                x: np.array([1.0, 2, 3], dtype=theano.config.floatX),
                b: np.array([4.0, 5], dtype=theano.config.floatX)}))

# %% [markdown]
# ## R-op and L-op
#
# `T.Rop(f, x, v)` is the Jacobian times a vector, $\frac{\partial f}{\partial x}v$;
# `T.Lop(f, x, v)` is a row vector times the Jacobian, $v\frac{\partial f}{\partial x}$.

# %%
W = T.dmatrix('W')
V = T.dmatrix('V')
x = T.dvector('x')
y = T.dot(x, W)
JV = T.Rop(y, W, V)
f = theano.function([W, V, x], JV)
print(f([[1, 1], [1, 1]], [[2, 2], [2, 2]], [0, 1]))

# %%
v = T.dvector('v')
VJ = T.Lop(y, W, v)
f = theano.function([W, v, x], VJ, on_unused_input='ignore')
print(f([[1, 1], [1, 1]], [2, 2], [0, 1]))
