"""Seed tutorial, "Theano 实例：更复杂的网络": relu + dropout + RMSprop, 784-625-625-10 (Python 3).

Usage: python mnist_dropout_net.py [EPOCHS]   (default 50; `make mnist` runs 1).
Seed accuracy after one epoch: 0.943.
"""
import sys

import numpy as np
from load import minibatches, mnist

import theanox as theano
import theanox.tensor as T
from theanox.sandbox.rng_mrg import MRG_RandomStreams as RandomStreams

epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 50
np.random.seed(42)                 # the initial weights
srng = RandomStreams(seed=12345)   # the dropout masks


def floatX(X):
    return np.asarray(X, dtype=theano.config.floatX)


def dropout(X, prob=0.):
    if prob > 0:
        X *= srng.binomial(X.shape, p=1 - prob, dtype=theano.config.floatX)
        X /= 1 - prob
    return X


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


def init_weights(shape):
    return theano.shared(floatX(np.random.randn(*shape) * 0.01))


w_h1 = init_weights((784, 625))
w_h2 = init_weights((625, 625))
w_o = init_weights((625, 10))

X = T.matrix()
Y = T.matrix()


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


noise_h1, noise_h2, noise_py_x = model(X, w_h1, w_h2, w_o, 0.2, 0.5)
cost = T.mean(T.nnet.categorical_crossentropy(noise_py_x, Y))
params = [w_h1, w_h2, w_o]
accs = [theano.shared(p.get_value() * 0.) for p in params]
updates = RMSprop(cost, params, accs, lr=0.001)
train = theano.function(inputs=[X, Y], outputs=cost, updates=updates, allow_input_downcast=True)

h1, h2, py_x = model(X, w_h1, w_h2, w_o, 0., 0.)
y_x = T.argmax(py_x, axis=1)
predict = theano.function(inputs=[X], outputs=y_x, allow_input_downcast=True)

trX, teX, trY, teY = mnist(onehot=True)

for i in range(epochs):
    bar = minibatches(len(trX), 128, "epoch %d/%d" % (i + 1, epochs))
    for start, end in bar:
        cost = train(trX[start:end], trY[start:end])
        bar.set_postfix(cost="%.4f" % cost, refresh=False)
    print("relu+dropout+RMSprop iter {:03d} accuracy:".format(i + 1),
          np.mean(np.argmax(teY, axis=1) == predict(teX)))
