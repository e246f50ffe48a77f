# %% [markdown]
# # The tensor module: `nnet`
#
# `T.nnet` holds the functions neural networks use.
#
# ## Sigmoids
#
# `T.nnet.sigmoid` (exact), `T.nnet.ultra_fast_sigmoid` and
# `T.nnet.hard_sigmoid` (cheaper approximations).

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import numpy as np

import theanox as theano
from theanox import tensor as T

x, y, b = T.dvectors('x', 'y', 'b')
W = T.dmatrix('W')
y = T.nnet.sigmoid(T.dot(W, x) + b)
print(theano.pprint(y))

# %%
v = T.dvector('v')
xs = np.linspace(-6, 6, 200)
f = theano.function([v], [T.nnet.sigmoid(v), T.nnet.ultra_fast_sigmoid(v), T.nnet.hard_sigmoid(v)])
for ys, name in zip(f(xs), ['sigmoid', 'ultra_fast_sigmoid', 'hard_sigmoid']):
    plt.plot(xs, ys, label=name)
plt.legend()
plt.show()

# %% [markdown]
# ## Other activations
#
# `softplus(x)` $= \log(1 + e^x)$, computed without overflow:

# %%
x, y, b = T.dvectors('x', 'y', 'b')
W = T.dmatrix('W')
y = T.nnet.softplus(T.dot(W, x) + b)
print(theano.pprint(y))

# %% [markdown]
# `softmax` normalises each row: $\mathrm{softmax}_{ij}(x) = e^{x_{ij}} / \sum_k e^{x_{ik}}$.

# %%
x, y, b = T.dvectors('x', 'y', 'b')
W = T.dmatrix('W')
y = T.nnet.softmax(T.dot(W, x) + b)
print(theano.pprint(y))

# %% [markdown]
# `relu(x, alpha=0)` is $x$ where $x > 0$ and $\alpha x$ elsewhere:

# %%
print(T.nnet.relu(v).eval({v: [-2., -0.5, 0., 1.5]}))
print(T.nnet.relu(v, alpha=0.1).eval({v: [-2., -0.5, 0., 1.5]}))

# %% [markdown]
# ## Losses
#
# `binary_crossentropy(output, target)` $= -(t \log o + (1 - t)\log(1 - o))$, for
# example the reconstruction cost of an autoencoder:

# %%
x, y, b, c = T.dvectors('x', 'y', 'b', 'c')
W = T.dmatrix('W')
V = T.dmatrix('V')
h = T.nnet.sigmoid(T.dot(W, x) + b)
x_recons = T.nnet.sigmoid(T.dot(V, h) + c)
recon_cost = T.nnet.binary_crossentropy(x_recons, x).mean()

rng = np.random.RandomState(0)
f = theano.function([x, W, V, b, c], recon_cost)
print(round(float(f(rng.rand(4), rng.randn(3, 4), rng.randn(4, 3), np.zeros(3), np.zeros(4))), 6))

# %% [markdown]
# `categorical_crossentropy(coding_dist, true_dist)` $= -\sum_x p(x)\log q(x)$, per
# row; `true_dist` may be one-hot rows or integer labels.

# %%
p = T.dmatrix('p')
q = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
print(T.nnet.categorical_crossentropy(p, np.array([[1., 0, 0], [0, 0, 1]])).eval({p: q}))
print(T.nnet.categorical_crossentropy(p, np.array([0, 2])).eval({p: q}))
