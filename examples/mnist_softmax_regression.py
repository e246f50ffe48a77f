"""Seed tutorial, "Theano 实例：Softmax 回归": softmax regression on MNIST (Python 3).

Usage: python mnist_softmax_regression.py [EPOCHS]   (default 100, as in the tutorial;
`make mnist` runs 1).  Seed accuracy after one epoch: 0.8862.
"""
import sys

import numpy as np
from load import minibatches, mnist

import theanox as theano
from theanox import tensor as T

epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 100
np.random.seed(42)   # the initial weights


def floatX(X):
    return np.asarray(X, dtype=theano.config.floatX)


def init_weights(shape):
    return theano.shared(floatX(np.random.randn(*shape) * 0.01))


def model(X, w):
    return T.nnet.softmax(T.dot(X, w))


trX, teX, trY, teY = mnist(onehot=True)

X = T.fmatrix()
Y = T.fmatrix()

w = init_weights((784, 10))

py_x = model(X, w)
y_pred = T.argmax(py_x, axis=1)

cost = T.mean(T.nnet.categorical_crossentropy(py_x, Y))
gradient = T.grad(cost=cost, wrt=w)
update = [[w, w - gradient * 0.05]]

train = theano.function(inputs=[X, Y], outputs=cost, updates=update, allow_input_downcast=True)
predict = theano.function(inputs=[X], outputs=y_pred, allow_input_downcast=True)

for i in range(epochs):
    bar = minibatches(len(trX), 128, "epoch %d/%d" % (i + 1, epochs))
    for start, end in bar:
        cost = train(trX[start:end], trY[start:end])
        bar.set_postfix(cost="%.4f" % cost, refresh=False)
    print("softmax regression {0:03d}".format(i), np.mean(np.argmax(teY, axis=1) == predict(teX)))
