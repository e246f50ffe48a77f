# %% [markdown]
# # The tensor module: convolution and pooling
#
# ## Convolution
#
# `T.nnet.conv2d(input, filters, input_shape=None, filter_shape=None,
# border_mode='valid', subsample=(1, 1), filter_flip=True)` convolves a batch of
# images with a bank of filters:
#
# * `input`: shape `[b, ic, i0, i1]` (batch, input channels, height, width);
# * `filters`: shape `[oc, ic, f0, f1]` (output channels, input channels, height, width).
#
# `border_mode='valid'` gives `[b, oc, i0 - f0 + 1, i1 - f1 + 1]` and
# `'full'` gives `[b, oc, i0 + f0 - 1, i1 + f1 - 1]`.

# %%
import numpy as np

import theanox as theano
import theanox.tensor as T
from theanox.tensor.signal.pool import pool_2d

rng = np.random.RandomState(0)
images = rng.rand(2, 3, 5, 5)
filters = rng.rand(4, 3, 2, 2)

X = T.dtensor4('X')
Wt = T.dtensor4('W')
for mode in ['valid', 'full']:
    out = T.nnet.conv2d(X, Wt, border_mode=mode)
    print(mode, out.eval({X: images, Wt: filters}).shape)

# %% [markdown]
# With `filter_flip=True` (the default) this is a true convolution: the filter
# is flipped, as in `scipy.signal.convolve2d`. One channel against SciPy:

# %%
from scipy.signal import convolve2d

out = T.nnet.conv2d(X, Wt).eval({X: images[:1, :1], Wt: filters[:1, :1]})
print(np.allclose(out[0, 0], convolve2d(images[0, 0], filters[0, 0], mode='valid')))

# %% [markdown]
# ## Pooling
#
# `max_pool_2d` (in `theano.tensor.signal.downsample`; `pool_2d` in
# `theano.tensor.signal.pool` in Theano 1.0) pools over the last two dimensions
# with windows of size `ws`. With `ignore_border=True` a 5 × 5 input pooled by
# 2 × 2 gives 2 × 2 (the leftover row and column are dropped); with `False`, 3 × 3.

# %%
x = T.dmatrix('x')
xv = np.arange(25.).reshape(5, 5)
print(pool_2d(x, ws=(2, 2), ignore_border=True).eval({x: xv}))
print(pool_2d(x, ws=(2, 2), ignore_border=False).eval({x: xv}))
print(pool_2d(x, ws=(2, 2), ignore_border=True, mode='average_exc_pad').eval({x: xv}))

# %% [markdown]
# The shapes through the MNIST convolutional net of the CNN notebook, for a batch
# of 128, computed by Theano itself:

# %%
from theanox.tensor.signal.downsample import max_pool_2d

X = T.ftensor4()
w, w2, w3 = T.ftensor4(), T.ftensor4(), T.ftensor4()
l1a = T.nnet.conv2d(X, w, border_mode='full')
l1 = max_pool_2d(l1a, (2, 2), ignore_border=False)
l2a = T.nnet.conv2d(l1, w2)
l2 = max_pool_2d(l2a, (2, 2), ignore_border=False)
l3a = T.nnet.conv2d(l2, w3)
l3b = max_pool_2d(l3a, (2, 2), ignore_border=False)
l3 = T.flatten(l3b, outdim=2)
f = theano.function([X, w, w2, w3], [v.shape for v in (l1a, l1, l2a, l2, l3a, l3b, l3)])
shapes = f(np.zeros((128, 1, 28, 28), 'float32'), np.zeros((32, 1, 3, 3), 'float32'),
           np.zeros((64, 32, 3, 3), 'float32'), np.zeros((128, 64, 3, 3), 'float32'))
for name, s in zip(['l1a', 'l1', 'l2a', 'l2', 'l3a', 'l3b', 'l3'], shapes):
    print(name, s)
