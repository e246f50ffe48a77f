# %% [markdown]
# # Example: logistic regression
#
# ## The sigmoid
#
# $s(x) = \frac{1}{1+e^{-x}}$ squashes any number into $(0, 1)$.
# `allow_input_downcast=True` lets the function accept Python integers (and
# float64 arrays) for its float input.

# %%
# %matplotlib inline
import os

import matplotlib.pyplot as plt
import numpy as np

import theanox as theano
import theanox.tensor as T

# training steps (the tutorial's value; the test may lower it)
STEPS = int(os.environ.get("THEANOX_NB_STEPS_LOGREG", 10001))

# %%
x = T.matrix('x')
s = 1 / (1 + T.exp(-x))
sigmoid = theano.function([x], s, allow_input_downcast=True)
sigmoid([[0, 1],
         [-1, -2]])

# %%
X = np.linspace(-6, 6, 100)
X = X[np.newaxis, :]

plt.figure(figsize=(12, 5))
plt.plot(X.flatten(), sigmoid(X).flatten(), linewidth=2)
plt.grid(True)
plt.yticks([0, 0.5, 1])
ax = plt.gca()
ax.spines['right'].set_color('none')
ax.spines['top'].set_color('none')
ax.yaxis.set_ticks_position('left')
ax.spines['left'].set_position(('data', 0))
plt.legend([r'$s(x)=\frac{1}{1+e^{-x}}$'], loc=0, fontsize=20)
plt.show()

# %% [markdown]
# The sigmoid is a shifted and scaled tanh: $s(x) = \frac{1 + \tanh(x/2)}{2}$.

# %%
s2 = (1 + T.tanh(x / 2)) / 2
sigmoid2 = theano.function([x], s2)
sigmoid2([[0, 1],
          [-1, -2]])

# %% [markdown]
# ## The model
#
# For a point $x$ and weights $w, b$, the model says
# $P(y=1 \mid x) = h(x) = s(w^T x + b)$. Training minimises the mean
# cross-entropy $-y \log h - (1-y)\log(1-h)$, plus a small penalty on $w$, by
# gradient descent.
#
# Random data: 400 points with 784 features, random 0/1 labels.

# %%
rng = np.random.RandomState(0)
N = 400
feats = 784
D = (rng.randn(N, feats), rng.randint(size=N, low=0, high=2))

x = T.matrix('x')
y = T.vector('y')
w = theano.shared(rng.randn(feats), name='w')
b = theano.shared(0., name='b')

h = 1 / (1 + T.exp(-T.dot(x, w) - b))
prediction = h > 0.5

cost = - T.mean(y * T.log(h) + (1 - y) * T.log(1 - h)) + 0.01 * T.sum(w ** 2)
gw, gb = T.grad(cost, [w, b])

train = theano.function(inputs=[x, y], outputs=cost,
                        updates=[[w, w - 0.1 * gw], [b, b - 0.1 * gb]],
                        allow_input_downcast=True)
predict = theano.function(inputs=[x], outputs=prediction, allow_input_downcast=True)

# %% tags=["reduced"]
for i in range(STEPS):
    err = train(D[0], D[1])
    if i % 1000 == 0:
        print('iter %5d, error %f' % (i, err))

# %% [markdown]
# With 784 features for 400 points the model can fit even random labels:

# %% tags=["reduced"]
print(D[1][:40])
print(predict(D[0])[:40].astype(int))
print('training accuracy:', np.mean(predict(D[0]) == D[1]))
