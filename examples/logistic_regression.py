"""Seed tutorial, "Theano 实例：Logistic 回归" (logistic regression), in Python 3.

The plots are replaced by printed numbers; the random data has a fixed seed.
"""
import numpy as np

import theanox as theano
import theanox.tensor as T

np.random.seed(42)

# The sigmoid function
x = T.matrix('x')
s = 1 / (1 + T.exp(-x))
sigmoid = theano.function([x], s, allow_input_downcast=True)

print(repr(sigmoid([[0, 1],
                    [-1, -2]])))

# Instead of the plot: the curve at a few points.
X = np.linspace(-6, 6, 100)
X = X[np.newaxis, :]
print(sigmoid(X).flatten()[::11])

# sigmoid and tanh: s(x) = (1 + tanh(x / 2)) / 2
s2 = (1 + T.tanh(x / 2)) / 2

sigmoid2 = theano.function([x], s2)

print(repr(sigmoid2([[0, 1],
                     [-1, -2]])))

# Logistic regression on random data
rng = np.random

# size of the data
N = 400
feats = 784

# D = (X, Y)
D = (rng.randn(N, feats), rng.randint(size=N, low=0, high=2))

x = T.matrix('x')
y = T.vector('y')

# the variables to update
w = theano.shared(rng.randn(feats), name='w')
b = theano.shared(0., name='b')

h = 1 / (1 + T.exp(-T.dot(x, w) - b))

prediction = h > 0.5

cost = - T.mean(y * T.log(h) + (1 - y) * T.log(1 - h)) + 0.01 * T.sum(w ** 2)  # regularisation
gw, gb = T.grad(cost, [w, b])

train = theano.function(inputs=[x, y],
                        outputs=cost,
                        updates=[[w, w - 0.1 * gw], [b, b - 0.1 * gb]],
                        allow_input_downcast=True)

predict = theano.function(inputs=[x],
                          outputs=prediction,
                          allow_input_downcast=True)

for i in range(10001):
    err = train(D[0], D[1])
    if i % 1000 == 0:
        print('iter %5d, error %f' % (i, err))

# The tutorial prints all 400 targets and predictions; a summary instead.
pred = predict(D[0])
print('targets     (first 20):', ''.join(str(int(v)) for v in D[1][:20]),
      '  ones: %d of %d' % (D[1].sum(), N))
print('predictions (first 20):', ''.join(str(int(v)) for v in pred[:20]),
      '  ones: %d of %d' % (pred.sum(), N))
print('misclassified: %d of %d' % (np.sum(pred != D[1]), N))
print('training accuracy:', np.mean(pred == D[1]))
