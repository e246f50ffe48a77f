# %% [markdown]
# # Example: softmax regression on MNIST
#
# Softmax regression generalises logistic regression from two classes to $N$: the
# model outputs one probability per class, $\mathrm{softmax}(xW)$, and is trained
# on the cross-entropy between those and the one-hot labels.

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

# %% [markdown]
# `T.nnet.softmax` normalises each row of a matrix into probabilities:

# %%
def floatX(X):
    return np.asarray(X, dtype=theano.config.floatX)


def init_weights(shape):
    return theano.shared(floatX(np.random.randn(*shape) * 0.01))


A = T.matrix()
B = T.nnet.softmax(A)
test_softmax = theano.function([A], B)
b = test_softmax(floatX(np.random.rand(3, 4)))
print(b.shape)
print(b.sum(1))

# %% [markdown]
# MNIST: 60000 training and 10000 test images of 28 × 28 pixels, as rows of 784
# values in [0, 1], with one-hot labels. `load_mnist()` downloads it on first use
# (11 MB, into `~/.theanox/datasets`) or reads `$THEANOX_MNIST`.

# %% tags=["reduced"]
trX, teX, trY, teY = load_mnist(onehot=True)
teX, teY = teX[:N_TEST], teY[:N_TEST]
batches = list(zip(range(0, len(trX), 128), range(128, len(trX), 128)))[:MAX_BATCHES]
print(trX.shape, teX.shape, trY.shape, teY.shape, len(batches), 'batches')

# %% [markdown]
# The model, its prediction (the most probable class), the cost and one
# gradient-descent step per batch:

# %%
def model(X, w):
    return T.nnet.softmax(T.dot(X, w))


X = T.fmatrix()
Y = T.fmatrix()
np.random.seed(42)   # the initial weights, as examples/mnist_softmax_regression.py draws them
w = init_weights((784, 10))

py_x = model(X, w)
y_pred = T.argmax(py_x, axis=1)

cost = T.mean(T.nnet.categorical_crossentropy(py_x, Y))
gradient = T.grad(cost=cost, wrt=w)
update = [[w, w - gradient * 0.05]]

train = theano.function(inputs=[X, Y], outputs=cost, updates=update, allow_input_downcast=True)
predict = theano.function(inputs=[X], outputs=y_pred, allow_input_downcast=True)

# %% [markdown]
# Train, printing the test accuracy after each epoch:

# %% tags=["reduced"]
costs = []
for i in range(EPOCHS):
    for start, end in batches:
        costs.append(float(train(trX[start:end], trY[start:end])))
    print("{0:03d}".format(i), np.mean(np.argmax(teY, axis=1) == predict(teX)))

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
