# %% [markdown]
# # Example: a convolutional network on MNIST
#
# Three convolution + max-pooling layers, a fully connected layer of 625 units and
# a softmax output, with dropout and RMSprop as in the previous notebook. Images
# are used as 28 × 28 pictures with one channel: a 4-d input of shape
# (batch, channels, height, width).

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
from theanox.tensor.nnet.conv import conv2d
from theanox.tensor.signal.downsample import max_pool_2d

srng = RandomStreams(seed=12345)   # the dropout masks

# %% [markdown]
# The helpers of the previous notebook; here RMSprop makes its own accumulators.

# %%
def floatX(X):
    return np.asarray(X, dtype=theano.config.floatX)


def init_weights(shape):
    return theano.shared(floatX(np.random.randn(*shape) * 0.01))


def rectify(X):
    return T.maximum(X, 0.)


def softmax(X):
    e_x = T.exp(X - X.max(axis=1).dimshuffle(0, 'x'))
    return e_x / e_x.sum(axis=1).dimshuffle(0, 'x')


def dropout(X, p=0.):
    if p > 0:
        retain_prob = 1 - p
        X *= srng.binomial(X.shape, p=retain_prob, dtype=theano.config.floatX)
        X /= retain_prob
    return X


def RMSprop(cost, params, lr=0.001, rho=0.9, epsilon=1e-6):
    grads = T.grad(cost=cost, wrt=params)
    updates = []
    for p, g in zip(params, grads):
        acc = theano.shared(p.get_value() * 0.)
        acc_new = rho * acc + (1 - rho) * g ** 2
        gradient_scaling = T.sqrt(acc_new + epsilon)
        g = g / gradient_scaling
        updates.append((acc, acc_new))
        updates.append((p, p - lr * g))
    return updates


# %% [markdown]
# MNIST: 60000 training and 10000 test images of 28 × 28 pixels, as rows of 784
# values in [0, 1], with one-hot labels. `load_mnist()` downloads it on first use
# (11 MB, into `~/.theanox/datasets`) or reads `$THEANOX_MNIST`.

# %% tags=["reduced"]
trX, teX, trY, teY = load_mnist(onehot=True)
teX, teY = teX[:N_TEST], teY[:N_TEST]
batches = list(zip(range(0, len(trX), 128), range(128, len(trX), 128)))[:MAX_BATCHES]
print(trX.shape, teX.shape, trY.shape, teY.shape, len(batches), 'batches')

# %%
trX = trX.reshape(-1, 1, 28, 28)   # -1: computed from the other sizes
teX = teX.reshape(-1, 1, 28, 28)

# %% [markdown]
# The shapes through the net for a batch of 128 (`conv2d` 'full' grows the
# picture by filter size - 1, 'valid' shrinks it by as much; pooling with
# `ignore_border=False` rounds up):
#
# | layer | shape |
# |---|---|
# | input | 128 × 1 × 28 × 28 |
# | conv 32 × 1 × 3 × 3, full; pool | 128 × 32 × 30 × 30 → 128 × 32 × 15 × 15 |
# | conv 64 × 32 × 3 × 3, valid; pool | 128 × 64 × 13 × 13 → 128 × 64 × 7 × 7 |
# | conv 128 × 64 × 3 × 3, valid; pool | 128 × 128 × 5 × 5 → 128 × 128 × 3 × 3 |
# | flatten; dense 1152 × 625 | 128 × 1152 → 128 × 625 |
# | dense 625 × 10; softmax | 128 × 10 |

# %%
def model(X, w, w2, w3, w4, p_drop_conv, p_drop_hidden):
    l1a = rectify(conv2d(X, w, border_mode='full'))
    l1 = max_pool_2d(l1a, (2, 2), ignore_border=False)
    l1 = dropout(l1, p_drop_conv)

    l2a = rectify(conv2d(l1, w2))
    l2 = max_pool_2d(l2a, (2, 2), ignore_border=False)
    l2 = dropout(l2, p_drop_conv)

    l3a = rectify(conv2d(l2, w3))
    l3b = max_pool_2d(l3a, (2, 2), ignore_border=False)
    l3 = T.flatten(l3b, outdim=2)
    l3 = dropout(l3, p_drop_conv)

    l4 = rectify(T.dot(l3, w4))
    l4 = dropout(l4, p_drop_hidden)

    pyx = softmax(T.dot(l4, w_o))
    return l1, l2, l3, l4, pyx


X = T.ftensor4()
Y = T.fmatrix()

w = init_weights((32, 1, 3, 3))
w2 = init_weights((64, 32, 3, 3))
w3 = init_weights((128, 64, 3, 3))
w4 = init_weights((128 * 3 * 3, 625))
w_o = init_weights((625, 10))

noise_l1, noise_l2, noise_l3, noise_l4, noise_py_x = model(X, w, w2, w3, w4, 0.2, 0.5)
l1, l2, l3, l4, py_x = model(X, w, w2, w3, w4, 0., 0.)
y_x = T.argmax(py_x, axis=1)

cost = T.mean(T.nnet.categorical_crossentropy(noise_py_x, Y))
params = [w, w2, w3, w4, w_o]
updates = RMSprop(cost, params, lr=0.001)

train = theano.function(inputs=[X, Y], outputs=cost, updates=updates, allow_input_downcast=True)
predict = theano.function(inputs=[X], outputs=y_x, allow_input_downcast=True)

# %% [markdown]
# The shapes, checked on two images:

# %%
f_shapes = theano.function([X], [l1.shape, l2.shape, l3.shape, l4.shape, py_x.shape])
for s in f_shapes(teX[:2]):
    print(s)

# %% tags=["reduced"]
costs = []
for i in range(EPOCHS):
    for start, end in batches:
        costs.append(float(train(trX[start:end], trY[start:end])))
    print("iter {:03d}, {:.3f}".format(i + 1, np.mean(np.argmax(teY, axis=1) == predict(teX))))

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
    ax.imshow(img[0], cmap='gray_r')
    ax.set_title(str(p), color='black' if p == t else 'red')
    ax.axis('off')
plt.show()
