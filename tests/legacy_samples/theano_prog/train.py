# A small Python 2 Theano program (old style, as tutorials wrote them).
import cPickle
import numpy
import theano
import theano.tensor as T
from mathutil import batches

n = 6
batch = 2
w = theano.shared(numpy.arange(n, dtype=theano.config.floatX), name='w')
x = T.vector('x')
f = theano.function([x], T.dot(w, x))
print f(numpy.ones(n, dtype=theano.config.floatX))
print w.get_value()[n / 2:]
i = T.lscalar('i')
g = theano.function([i], w[i * batch:(i + 1) * batch].sum())
for k in xrange(batches(n, batch)):
    print k, g(k)
step = theano.function([], w, updates={w: w * numpy.cast[theano.config.floatX](0.5)})
step()
s = cPickle.dumps(w.get_value(), protocol=cPickle.HIGHEST_PROTOCOL)
print cPickle.loads(s)
w2 = cPickle.loads(cPickle.dumps(w))
print w2.get_value().sum()
print type(n / batch).__name__, 7 / 2.0, numpy.float(n) / 4
