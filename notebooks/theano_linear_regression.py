# %% [markdown]
# # Example: linear regression
#
# A Theano program has three steps: define symbolic variables, compile functions
# of them, apply the functions to data. First a product $y = ab$:

# %%
# %matplotlib inline
import os

import matplotlib.pyplot as plt
import numpy as np

import theanox as theano
from theanox import tensor as T

# passes over the data (the tutorial's value; the test may lower it)
EPOCHS = int(os.environ.get("THEANOX_NB_EPOCHS_LINREG", 100))
np.random.seed(0)

# %%
a = T.scalar()
b = T.scalar()
y = a * b
multiply = theano.function(inputs=[a, b], outputs=y)
print(multiply(3, 2))
print(multiply(4, 5))

# %% [markdown]
# ## Fitting a line
#
# Data: $y = 2x + 1$ plus noise.

# %%
train_X = np.linspace(-1, 1, 101)
train_Y = 2 * train_X + 1 + np.random.randn(train_X.size) * 0.33
plt.scatter(train_X, train_Y)
plt.show()

# %% [markdown]
# The model is $\bar y = wx + b$. Its parameters are shared variables, so the
# training function can update them; the loss is the squared error.

# %%
X = T.scalar()
Y = T.scalar()
X.name = 'x'
Y.name = 'y'


def model(X, w, b):
    return X * w + b


w = theano.shared(np.asarray(0., dtype=theano.config.floatX))
w.name = 'w'
b = theano.shared(np.asarray(0., dtype=theano.config.floatX))
b.name = 'b'

Y_bar = model(X, w, b)
theano.pp(Y_bar)

# %% [markdown]
# Gradient descent: each call moves $w$ and $b$ against their gradients.

# %%
cost = T.mean(T.sqr(Y_bar - Y))
grads = T.grad(cost=cost, wrt=[w, b])
lr = 0.01
updates = [[w, w - grads[0] * lr],
           [b, b - grads[1] * lr]]
train_model = theano.function(inputs=[X, Y], outputs=cost, updates=updates,
                              allow_input_downcast=True)

# %% [markdown]
# Train: one call per point, `EPOCHS` passes. $w$ should end near 2 and $b$ near 1.

# %% tags=["reduced"]
for i in range(EPOCHS):
    for x, y in zip(train_X, train_Y):
        train_model(x, y)

print(w.get_value())
print(b.get_value())

plt.scatter(train_X, train_Y)
plt.plot(train_X, w.get_value() * train_X + b.get_value(), 'r')
plt.show()
