# %% [markdown]
# # Loops: `scan`
#
# `theano.scan` is Theano's loop. It walks over sequences, carries state from one
# step to the next, and returns every step's output; `map` and `reduce` are
# special cases. The loop becomes part of the graph, so it can be differentiated
# and compiled as a whole.

# %%
import time

import numpy as np

import theanox as theano
import theanox.tensor as T

np.random.seed(0)


def floatX(X):
    return np.asarray(X, dtype=theano.config.floatX)


# %% [markdown]
# ## `scan` and `map`
#
# The step function receives the current element of each sequence. Doubling
# every element:

# %%
x = T.vector()

results, _ = theano.scan(fn=lambda t: t * 2, sequences=x)
x_double_scan = theano.function([x], results)
print(x_double_scan(range(10)))

# %%
result, _ = theano.map(fn=lambda t: t * 2, sequences=x)
x_double_map = theano.function([x], result)
print(x_double_map(range(10)))

# %% [markdown]
# ## `scan` and `reduce`
#
# With `outputs_info`, the step also receives its previous output (starting from
# the value given). `scan` returns all partial sums, `reduce` only the last. The
# initial value must have the dtype of the step's result: a plain `0.` is a
# float32 constant, which only fits when `floatX` is float32.

# %%
result, _ = theano.scan(fn=lambda t, v: t + v, sequences=x, outputs_info=floatX(0.))
x_sum_scan = theano.function([x], result[-1])
print(x_sum_scan(range(10)))

# %%
result, _ = theano.reduce(fn=lambda t, v: t + v, sequences=x, outputs_info=floatX(0.))
x_sum_reduce = theano.function([x], result)
print(x_sum_reduce(range(10)))

# %% [markdown]
# ## Argument order
#
# The step function gets, in this order: the current values of the `sequences`,
# the previous values of the `outputs_info`, then the `non_sequences`. It returns
# the new outputs, a dictionary of shared-variable updates, or both.
#
# Several sequences: the polynomial $\sum_n a_n x^n$ with coefficients and powers
# as two sequences and $x$ fixed:

# %%
x = T.scalar("x")
A = T.vector("A")
N = T.ivector("N")

components, _ = theano.scan(fn=lambda a, n, v: a * (v ** n),
                            sequences=[A, N],
                            non_sequences=x)
result = components.sum()
polynomial = theano.function([x, A, N], result)

# 1 + 3 * 10^2 + 2 * 10^3
print(polynomial(floatX(10), floatX([1, 3, 2]), [0, 2, 3]))

# %% [markdown]
# ## Taps: several time steps at once
#
# `dict(input=seq, taps=[0, -1])` passes `seq[t]` and `seq[t-1]` to each step
# (outputs can have negative taps too). A small recurrent net,
# $y_t = \tanh(W_1 y_{t-1} + W_2 x_t + W_3 x_{t-1})$, checked against NumPy:

# %%
X = T.matrix("X")
Y = T.vector("y")
W_1 = T.matrix("W_1")
W_2 = T.matrix("W_2")
W_3 = T.matrix("W_3")

results, _ = theano.scan(
    fn=lambda x, x_pre, y: T.tanh(T.dot(W_1, y) + T.dot(W_2, x) + T.dot(W_3, x_pre)),
    sequences=dict(input=X, taps=[0, -1]),
    outputs_info=Y)
Y_seq = theano.function(inputs=[X, Y, W_1, W_2, W_3], outputs=results)

# %%
t = 1001
x_dim = 10
y_dim = 20

x = 2 * floatX(np.random.random([t, x_dim])) - 1
y = 2 * floatX(np.zeros(y_dim)) - 1
w_1 = 2 * floatX(np.random.random([y_dim, y_dim])) - 1
w_2 = 2 * floatX(np.random.random([y_dim, x_dim])) - 1
w_3 = 2 * floatX(np.random.random([y_dim, x_dim])) - 1

tic = time.time()
y_res_theano = Y_seq(x, y, w_1, w_2, w_3)
print("theano running time {:.4f} s".format(time.time() - tic))

tic = time.time()
y_res_numpy = np.zeros([t, y_dim])
y_res_numpy[0] = y
for i in range(1, t):
    y_res_numpy[i] = np.tanh(w_1.dot(y_res_numpy[i-1]) + w_2.dot(x[i]) + w_3.dot(x[i-1]))
print("numpy  running time {:.4f} s".format(time.time() - tic))

# scan starts at step 1 (it needs x[t-1]), so its row i is NumPy's row i + 1
print("the max difference of the first 10 results is",
      np.max(np.abs(y_res_theano[0:10] - y_res_numpy[1:11])))

# %% [markdown]
# In float64 the two stay equal to rounding error. (The tutorial ran in float32
# on a GPU, where the difference grew along the sequence.)

# %%
for i in range(5):
    print("iter {:03d}, max diff:{:.6f}".format(
        i + 1, np.max(np.abs(y_res_numpy[i + 1, :] - y_res_theano[i, :]))))

# %% [markdown]
# ## A symbolic number of steps
#
# Without sequences, `n_steps` says how often to loop: $A^k$ for a symbolic $k$.

# %%
A = T.matrix("A")
k = T.iscalar("k")

results, _ = theano.scan(fn=lambda P, A: P.dot(A),
                         outputs_info=T.eye(A.shape[0]),
                         non_sequences=A,
                         n_steps=k)
A_k = theano.function(inputs=[A, k], outputs=results[-1])

test_a = floatX([[2, -2], [-1, 2]])
print(A_k(test_a, 10))

a_k = np.eye(2)
for i in range(10):
    a_k = a_k.dot(test_a)
print(a_k)

# %% [markdown]
# ## Updating shared variables
#
# A step that returns a dictionary produces updates; `scan` hands them back and
# `theano.function(updates=...)` applies them. A counter:

# %%
n = theano.shared(floatX(0))
k = T.iscalar("k")

_, updates = theano.scan(fn=lambda n: {n: n + 1}, non_sequences=n, n_steps=k)
counter = theano.function(inputs=[k], outputs=[], updates=updates)

print(n.get_value())
counter(10)
print(n.get_value())
counter(10)
print(n.get_value())

# %% [markdown]
# ## Stopping early
#
# A step may also return `theano.scan_module.until(condition)`; the loop stops
# after the first step where it holds (`n_steps` is then an upper bound). Powers of
# 2 up to a limit (the last one, which passed the limit, is dropped):

# %%
max_value = T.scalar()

results, _ = theano.scan(
    fn=lambda v_pre, max_v: (v_pre * 2, theano.scan_module.until(v_pre * 2 > max_v)),
    outputs_info=T.constant(1.),
    non_sequences=max_value,
    n_steps=1000)
power_of_2 = theano.function(inputs=[max_value], outputs=results[:-1])
print(power_of_2(40))
