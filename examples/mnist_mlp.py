"""Seed tutorial, "Theano 实例：人工神经网络": a 784-625-10 sigmoid MLP on MNIST (Python 3).

Usage: python mnist_mlp.py [EPOCHS]   (default 100; `make mnist` runs 1).
Seed accuracy after one epoch: 0.7028.
"""
import sys

import numpy as np
from load import minibatches, mnist

import theanox as theano
import theanox.tensor as T

epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 100
np.random.seed(42)   # the initial weights


def model(X, w_h, w_o):
    h = T.nnet.sigmoid(T.dot(X, w_h))
    pyx = T.nnet.softmax(T.dot(h, w_o))
    return pyx


def sgd(cost, params, lr=0.05):
    grads = T.grad(cost=cost, wrt=params)
    updates = []
    for p, g in zip(params, grads):
        updates.append([p, p - g * lr])
    return updates


def floatX(X):
    return np.asarray(X, dtype=theano.config.floatX)


def init_weights(shape):
    return theano.shared(floatX(np.random.randn(*shape) * 0.01))


X = T.matrix()
Y = T.matrix()

w_h = init_weights((784, 625))
w_o = init_weights((625, 10))

py_x = model(X, w_h, w_o)
y_x = T.argmax(py_x, axis=1)
cost = T.mean(T.nnet.categorical_crossentropy(py_x, Y))
updates = sgd(cost, [w_h, w_o])

train = theano.function(inputs=[X, Y], outputs=cost, updates=updates, allow_input_downcast=True)
predict = theano.function(inputs=[X], outputs=y_x, allow_input_downcast=True)

trX, teX, trY, teY = mnist(onehot=True)

for i in range(epochs):
    bar = minibatches(len(trX), 128, "epoch %d/%d" % (i + 1, epochs))
    for start, end in bar:
        cost = train(trX[start:end], trY[start:end])
        bar.set_postfix(cost="%.4f" % cost, refresh=False)
    print("sigmoid MLP {0:03d}".format(i), np.mean(np.argmax(teY, axis=1) == predict(teX)))
