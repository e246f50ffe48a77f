# %% [markdown]
# # Random streams
#
# `MRG_RandomStreams` (from `theano.sandbox.rng_mrg`) makes *symbolic* random
# variables: each call of a compiled function draws new numbers, and sizes can be
# symbolic. Its methods:
#
# * `normal(size, avg=0.0, std=1.0)`: normal numbers;
# * `uniform(size, low=0.0, high=1.0)`: uniform numbers;
# * `binomial(size, n=1, p=0.5)`: binomial draws (0/1 by default);
# * `multinomial(size, n=1, pvals)`: one-hot draws from given probabilities.
#
# A fixed seed makes the draws repeatable.

# %%
import numpy as np

import theanox as theano
import theanox.tensor as T
from theanox.sandbox.rng_mrg import MRG_RandomStreams

srng = MRG_RandomStreams(seed=12345)

# %% [markdown]
# The size here is the shape of an input vector, known only when the function is
# called:

# %%
rand_size = T.vector(dtype="int64")

rand_normal = srng.normal(rand_size.shape)
rand_uniform = srng.uniform(rand_size.shape)
rand_binomial = srng.binomial(rand_size.shape)

f_rand = theano.function(inputs=[rand_size], outputs=[rand_normal, rand_uniform, rand_binomial])

print(f_rand(range(5))[0])
print(f_rand(range(5))[1])
print(f_rand(range(5))[2])

# %% [markdown]
# Every call advances the stream, so two calls differ:

# %%
print(f_rand(range(3))[1])
print(f_rand(range(3))[1])

# %% [markdown]
# Draws have the expected statistics:

# %%
u = srng.uniform((100000,))
n = srng.normal((100000,), avg=2.0, std=3.0)
stats = theano.function([], [u.mean(), n.mean(), n.std()])
print(np.round(stats(), 1))
