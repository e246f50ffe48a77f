# %% [markdown]
# # Example: a deeper net with ReLU, dropout and RMSprop
#
# Two hidden layers of 625 rectified linear units, $h_1 = \mathrm{relu}(XW_1)$,
# $h_2 = \mathrm{relu}(h_1W_2)$, $o = \mathrm{softmax}(h_2W_o)$. While training,
# *dropout* zeroes each input with probability 0.2 and each hidden unit with
# probability 0.5 (and scales the rest up), which fights overfitting; predictions
# use the net without dropout. The weights are updated by RMSprop, which divides
# each gradient by a running average of its magnitude.

# %% [markdown]
# ## Settings
#
# One epoch over all of MNIST at batch 128 (the tutorial trained longer; one epoch
# gives the figures quoted in the README). The test suite runs this notebook with a
# few batches only, through these environment variables.

# %%
# %matplotlib inline
import os

import matplotlib.pyplot as plt
import numpy as np

import theanox as theano
import theanox.tensor as T
from theanox.datasets import load_mnist

EPOCHS = int(os.environ.get("THEANOX_NB_EPOCHS", 1))
MAX_BATCHES = int(os.environ.get("THEANOX_NB_BATCHES", 0)) or None  # None: every batch
N_TEST = int(os.environ.get("THEANOX_NB_TEST", 10000))              # test images scored

theano.config.floatX = 'float32'   # as the tutorial ran (on a GPU)
np.random.seed(42)                 # the initial weights
from theanox.sandbox.rng_mrg import MRG_RandomStreams as RandomStreams

srng = RandomStreams(seed=12345)   # the dropout masks

# %%
def floatX(X):
    return np.asarray(X, dtype=theano.config.floatX)


def init_weights(shape):
    return theano.shared(floatX(np.random.randn(*shape) * 0.01))


def dropout(X, prob=0.):
    if prob > 0:
        X *= srng.binomial(X.shape, p=1 - prob, dtype=theano.config.floatX)
        X /= 1 - prob
    return X


# the tutorial's own softmax: subtracting the row maximum keeps exp() finite
def softmax(X):
    e_x = T.exp(X - X.max(axis=1).dimshuffle(0, 'x'))
    return e_x / e_x.sum(axis=1).dimshuffle(0, 'x')


def model(X, w_h1, w_h2, w_o, p_drop_input, p_drop_hidden):
    X = dropout(X, p_drop_input)
    h1 = T.nnet.relu(T.dot(X, w_h1))
    h1 = dropout(h1, p_drop_hidden)
    h2 = T.nnet.relu(T.dot(h1, w_h2))
    h2 = dropout(h2, p_drop_hidden)
    py_x = softmax(T.dot(h2, w_o))
    return h1, h2, py_x


# %% [markdown]
# RMSprop: $MS_t = \rho MS_{t-1} + (1-\rho) g_t^2$, then
# $w_t = w_{t-1} - \alpha\, g_t / \sqrt{MS_t + \epsilon}$. The running averages
# are shared variables too.

# %%
def RMSprop(cost, params, accs, lr=0.001, rho=0.9, epsilon=1e-6):
    grads = T.grad(cost=cost, wrt=params)
    updates = []
    for p, g, acc in zip(params, grads, accs):
        acc_new = rho * acc + (1 - rho) * g ** 2
        gradient_scaling = T.sqrt(acc_new + epsilon)
        g = g / gradient_scaling
        updates.append((acc, acc_new))
        updates.append((p, p - lr * g))
    return updates


w_h1 = init_weights((784, 625))
w_h2 = init_weights((625, 625))
w_o = init_weights((625, 10))

X = T.matrix()
Y = T.matrix()

# with dropout, for training
noise_h1, noise_h2, noise_py_x = model(X, w_h1, w_h2, w_o, 0.2, 0.5)
cost = T.mean(T.nnet.categorical_crossentropy(noise_py_x, Y))
params = [w_h1, w_h2, w_o]
accs = [theano.shared(p.get_value() * 0.) for p in params]
updates = RMSprop(cost, params, accs, lr=0.001)
train = theano.function(inputs=[X, Y], outputs=cost, updates=updates, allow_input_downcast=True)

# without dropout, for predicting
h1, h2, py_x = model(X, w_h1, w_h2, w_o, 0., 0.)
y_x = T.argmax(py_x, axis=1)
predict = theano.function(inputs=[X], outputs=y_x, allow_input_downcast=True)

# %% [markdown]
# MNIST: 60000 training and 10000 test images of 28 × 28 pixels, as rows of 784
# values in [0, 1], with one-hot labels. `load_mnist()` downloads it on first use
# (11 MB, into `~/.theanox/datasets`) or reads `$THEANOX_MNIST`.

# %% tags=["reduced"]
trX, teX, trY, teY = load_mnist(onehot=True)
teX, teY = teX[:N_TEST], teY[:N_TEST]
batches = list(zip(range(0, len(trX), 128), range(128, len(trX), 128)))[:MAX_BATCHES]
print(trX.shape, teX.shape, trY.shape, teY.shape, len(batches), 'batches')

# %% tags=["reduced"]
costs = []
for i in range(EPOCHS):
    for start, end in batches:
        costs.append(float(train(trX[start:end], trY[start:end])))
    print("iter {:03d} accuracy:".format(i + 1), np.mean(np.argmax(teY, axis=1) == predict(teX)))

# %% [markdown]
# The learning curve (the cost of each training batch) and the first test digits
# with the model's predictions (red: wrong).

# %% tags=["reduced"]
plt.figure(figsize=(8, 3))
plt.plot(costs, linewidth=0.5)
plt.xlabel('batch')
plt.ylabel('cost')
plt.show()

# %% tags=["reduced"]
pred = predict(teX[:32])
fig, axes = plt.subplots(4, 8, figsize=(8, 4.5))
for ax, img, p, t in zip(axes.flat, teX[:32], pred, np.argmax(teY[:32], axis=1)):
    ax.imshow(img.reshape(28, 28), cmap='gray_r')
    ax.set_title(str(p), color='black' if p == t else 'red')
    ax.axis('off')
plt.show()
