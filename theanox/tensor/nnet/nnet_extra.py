"""Theano 1.0.5's other ``theano.tensor.nnet`` names: gradient ops of softmax and the
1-hot cross-entropies, prepend-to-each-row ops, confusion_matrix, separable_conv2d,
conv2d_grad_wrt_inputs, sigmoid_inplace.

The gradient ops compute what Theano's did when called directly (legacy code and
Theano's own tests build them); theanox's T.grad differentiates the forward ops itself.
"""
from theanox.graph.basic import Apply, Op
from theanox.tensor import basic as B
from theanox.tensor.extra_ops import unique
from theanox.tensor.linalg import dot
from theanox.tensor.nnet.abstract_conv import conv2d, conv2d_transpose
from theanox.tensor.nnet.nnet import crossentropy_softmax_1hot_with_bias, sigmoid
from theanox.tensor.reduction import max_and_argmax
from theanox.tensor.type import TensorType

# Theano's in-place sigmoid wrote into its input's buffer; JAX arrays are immutable
# and XLA reuses buffers itself, so it is the sigmoid.
sigmoid_inplace = sigmoid


def _matrix(x, what):
    x = B.as_tensor_variable(x)
    if x.ndim != 2:
        raise ValueError("%s: expected a matrix, got %s" % (what, x.type))
    return x


class SoftmaxGrad(Op):
    """Returns the gradient of softmax: (dy - sum(dy * sm, axis=1)) * sm."""

    def make_node(self, dy, sm):
        dy, sm = B.as_tensor_variable(dy), _matrix(sm, "SoftmaxGrad")
        return Apply(self, [dy, sm], [sm.type()])

    def jax(self, dy, sm, node=None):
        import jax.numpy as jnp
        return (dy - jnp.sum(dy * sm, axis=1, keepdims=True)) * sm


class CrossentropyCategorical1HotGrad(Op):
    """Returns d(-log(coding[i, t[i]]))/d coding scaled by g_y: -g_y[i] / coding[i, t[i]]
    at (i, t[i]), zero elsewhere."""

    def make_node(self, g_y, coding_dist, true_one_of_n):
        coding = _matrix(coding_dist, "CrossentropyCategorical1HotGrad")
        return Apply(self, [B.as_tensor_variable(g_y), coding,
                            B.as_tensor_variable(true_one_of_n)], [coding.type()])

    def jax(self, g_y, coding, t, node=None):
        import jax.numpy as jnp
        rows = jnp.arange(coding.shape[0])
        return jnp.zeros_like(coding).at[rows, t].set(-g_y / coding[rows, t])


class CrossentropySoftmax1HotWithBiasDx(Op):
    """Returns the gradient wrt the pre-softmax x of the 1-hot cross-entropy:
    dy[:, None] * sm with dy subtracted at (i, y_idx[i])."""

    def make_node(self, dy, sm, y_idx):
        sm = _matrix(sm, "CrossentropySoftmax1HotWithBiasDx")
        return Apply(self, [B.as_tensor_variable(dy), sm, B.as_tensor_variable(y_idx)],
                     [sm.type()])

    def jax(self, dy, sm, y_idx, node=None):
        import jax.numpy as jnp
        dx = sm * dy[:, None]
        return dx.at[jnp.arange(sm.shape[0]), y_idx].add(-dy).astype(sm.dtype)


softmax_grad = SoftmaxGrad()
crossentropy_categorical_1hot_grad = CrossentropyCategorical1HotGrad()
crossentropy_softmax_1hot_with_bias_dx = CrossentropySoftmax1HotWithBiasDx()


def crossentropy_softmax_max_and_argmax_1hot_with_bias(x, b, y_idx):
    """Returns (cross-entropy, softmax(x + b), max probability, its index) per row."""
    xent, softmax = crossentropy_softmax_1hot_with_bias(x, b, y_idx)
    max_pr, argmax = max_and_argmax(softmax, axis=-1)
    return xent, softmax, max_pr, argmax


class Prepend_scalar_constant_to_each_row(Op):
    """Returns the matrix with a first column of the constant ``val``."""

    __props__ = ("val",)

    def __init__(self, val=0):
        self.val = float(val)

    def __str__(self):
        return "%s{%s}" % (type(self).__name__, self.val)

    def make_node(self, mat):
        mat = _matrix(mat, type(self).__name__)
        return Apply(self, [mat], [TensorType(mat.dtype, (False, False))()])

    def jax(self, mat, node=None):
        import jax.numpy as jnp
        col = jnp.full((mat.shape[0], 1), self.val, dtype=mat.dtype)
        return jnp.concatenate([col, mat], axis=1)


class Prepend_scalar_to_each_row(Op):
    """Returns the matrix with a first column of the scalar ``val`` (an input)."""

    def make_node(self, val, mat):
        val, mat = B.as_tensor_variable(val), _matrix(mat, "Prepend_scalar_to_each_row")
        if val.ndim != 0:
            raise TypeError("Prepend_scalar_to_each_row: val must be a scalar, got %s"
                            % val.type)
        return Apply(self, [val, mat], [TensorType(mat.dtype, (False, False))()])

    def jax(self, val, mat, node=None):
        import jax.numpy as jnp
        col = jnp.full((mat.shape[0], 1), val, dtype=mat.dtype)
        return jnp.concatenate([col, mat], axis=1)


prepend_scalar_to_each_row = Prepend_scalar_to_each_row()
prepend_0_to_each_row = Prepend_scalar_constant_to_each_row(0.0)
prepend_1_to_each_row = Prepend_scalar_constant_to_each_row(1.0)


def confusion_matrix(actual, pred):
    """Returns [confusion matrix, the sorted labels]: entry (i, j) counts the examples of
    label order[i] predicted as order[j]."""
    actual, pred = B.as_tensor_variable(actual), B.as_tensor_variable(pred)
    if actual.ndim != 1 or pred.ndim != 1:
        raise ValueError("confusion_matrix: actual and pred must be vectors, got %s and %s"
                         % (actual.type, pred.type))
    order = unique(B.concatenate([actual, pred]))
    one_hot_a = B.cast(B.eq(actual.dimshuffle(0, "x"), order), "int64")
    one_hot_p = B.cast(B.eq(pred.dimshuffle(0, "x"), order), "int64")
    return [dot(one_hot_a.T, one_hot_p), order]


def separable_conv2d(input, depthwise_filters, pointwise_filters, num_channels,
                     input_shape=None, depthwise_filter_shape=None,
                     pointwise_filter_shape=None, border_mode="valid", subsample=(1, 1),
                     filter_flip=True, filter_dilation=(1, 1)):
    """Returns the depthwise convolution (one group per input channel) followed by a 1x1
    pointwise convolution, as Theano's separable_conv2d."""
    depthwise = conv2d(input, depthwise_filters, input_shape=input_shape,
                       filter_shape=depthwise_filter_shape, border_mode=border_mode,
                       subsample=subsample, filter_flip=filter_flip,
                       filter_dilation=filter_dilation, num_groups=num_channels)
    return conv2d(depthwise, pointwise_filters, filter_shape=pointwise_filter_shape,
                  border_mode="valid", subsample=(1, 1), filter_flip=filter_flip,
                  filter_dilation=(1, 1), num_groups=1)


def conv2d_grad_wrt_inputs(output_grad, filters, input_shape, filter_shape=None,
                           border_mode="valid", subsample=(1, 1), filter_flip=True,
                           filter_dilation=(1, 1), num_groups=1):
    """Returns the gradient of conv2d with respect to its input, for ``output_grad``."""
    return conv2d_transpose(output_grad, filters, output_shape=input_shape,
                            filter_shape=filter_shape, border_mode=border_mode,
                            input_dilation=subsample, filter_flip=filter_flip,
                            filter_dilation=filter_dilation, num_groups=num_groups)

