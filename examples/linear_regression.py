"""Seed tutorial, "Theano 实例：线性回归" (linear regression), in Python 3.

The plots are replaced by printed numbers; the random data has a fixed seed.
"""
import numpy as np

import theanox as theano
from theanox import tensor as T

np.random.seed(42)

# A simple example: y = a * b
a = T.scalar()
b = T.scalar()

y = a * b

multiply = theano.function(inputs=[a, b], outputs=y)

print(multiply(3, 2))  # 6
print(multiply(4, 5))  # 20

# Linear regression: data around y = 2x + 1
train_X = np.linspace(-1, 1, 101)
train_Y = 2 * train_X + 1 + np.random.randn(train_X.size) * 0.33

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

print(theano.pp(Y_bar))

cost = T.mean(T.sqr(Y_bar - Y))
grads = T.grad(cost=cost, wrt=[w, b])

lr = 0.01
updates = [[w, w - grads[0] * lr],
           [b, b - grads[1] * lr]]

train_model = theano.function(inputs=[X, Y],
                              outputs=cost,
                              updates=updates,
                              allow_input_downcast=True)

for i in range(100):
    for x, y in zip(train_X, train_Y):
        train_model(x, y)

print(w.get_value())  # close to 2
print(b.get_value())  # close to 1

# Instead of the plot: the fitted line at a few points.
for x in (-1.0, 0.0, 1.0):
    print('x = %+.1f  fit = %.6f' % (x, w.get_value() * x + b.get_value()))
