"""Neural-network functions: activations, softmax ops, cross-entropies (Theano's ``tensor.nnet.nnet``).

Activations that Theano built from elementwise pieces (relu, elu, hard_sigmoid,
binary_crossentropy) are built the same way here, so graphs and printed forms match.
Softmax and the one-hot cross-entropies are small ops; FAST_RUN rewrites
(``theanox.tensor.rewrites``) turn ``log(softmax(x))`` and the cross-entropy of a
softmax into log-softmax forms that never give inf or NaN.
"""
import warnings

from theanox.graph.basic import Apply, Op
from theanox.tensor import basic as B
from theanox.tensor.dtypes import upgrade_to_float
from theanox.tensor.linalg import batched_dot, dot, tensordot
from theanox.tensor.reduction import max_and_argmax, sum as _sum
from theanox.tensor.type import TensorType, float_dtypes, int_dtypes, uint_dtypes

# Elementwise rows of theanox.tensor.elemwise (Theano's scalar op names).
sigmoid = B.sigmoid
scalar_sigmoid = B.scalar_sigmoid
ultra_fast_sigmoid = B.ultra_fast_sigmoid
softplus = B.softplus
softsign = B.softsign


def hard_sigmoid(x):
    """Returns clip(0.2 * x + 0.5, 0, 1), Theano's piecewise-linear sigmoid."""
    x = B.as_tensor_variable(x)
    out_dtype = upgrade_to_float(x.dtype)
    slope = B.constant(0.2, dtype=out_dtype)
    shift = B.constant(0.5, dtype=out_dtype)
    return B.clip(x * slope + shift, 0, 1)


def relu(x, alpha=0):
    """Returns max(x, 0) (``alpha`` > 0: the leaky slope for x < 0), built as Theano did."""
    x = B.as_tensor_variable(x)
    if alpha == 0:
        return 0.5 * (x + abs(x))
    alpha = B.as_tensor_variable(alpha)
    f1 = 0.5 * (1 + alpha)
    f2 = 0.5 * (1 - alpha)
    return f1 * x + f2 * abs(x)


def elu(x, alpha=1):
    """Returns x for x > 0 and alpha * (exp(x) - 1) otherwise."""
    x = B.as_tensor_variable(x)
    return B.switch(B.gt(x, 0), x, alpha * B.expm1(x))


def selu(x):
    """Returns the scaled ELU of Klambauer et al. (scale 1.0507..., alpha 1.6732...)."""
    alpha = 1.6732632423543772848170429916717
    scale = 1.0507009873554804934193349852946
    return scale * elu(x, alpha)


# ------------------------------------------------------------------ softmax

def _check_matrix(x, what):
    if x.ndim not in (1, 2) or x.dtype not in float_dtypes:
        raise ValueError("x must be 1-d or 2-d tensor of floats. Got %s" % (x.type,))
    if x.ndim == 1:
        warnings.warn("DEPRECATION: If x is a vector, %s will not automatically pad x "
                      "anymore in next releases. If you need it, please do it manually. "
                      "The vector case is gonna be supported soon and the output will be "
                      "a vector." % what, stacklevel=4)
        x = B.shape_padleft(x, n_ones=1)
    return x


class Softmax(Op):
    """Returns the row-wise softmax of a matrix (a vector is taken as one row)."""

    nin, nout = 1, 1

    def make_node(self, x):
        x = _check_matrix(B.as_tensor_variable(x), "Softmax")
        return Apply(self, [x], [x.type()])

    def jax(self, x, node=None):
        import jax
        return jax.nn.softmax(x, axis=-1)


class LogSoftmax(Op):
    """Returns log(softmax(x)) row-wise, computed stably as x - logsumexp(x)."""

    nin, nout = 1, 1

    def make_node(self, x):
        x = _check_matrix(B.as_tensor_variable(x), "LogSoftmax")
        return Apply(self, [x], [x.type()])

    def jax(self, x, node=None):
        import jax
        return jax.nn.log_softmax(x, axis=-1)


class SoftmaxWithBias(Op):
    """Returns softmax(x + b) row-wise for a matrix x and a bias vector b."""

    nin, nout = 2, 1

    def make_node(self, x, b):
        x, b = B.as_tensor_variable(x), B.as_tensor_variable(b)
        if x.ndim != 2 or x.dtype not in float_dtypes:
            raise ValueError("x must be 2-d tensor of floats, got %s" % (x.type,))
        if b.ndim != 1 or b.dtype not in float_dtypes:
            raise ValueError("b must be 1-d tensor of floats, got %s" % (b.type,))
        return Apply(self, [x, b], [x.type()])

    def jax(self, x, b, node=None):
        import jax
        return jax.nn.softmax(x + b, axis=-1).astype(node.outputs[0].dtype)


softmax_op = Softmax()
logsoftmax_op = LogSoftmax()
softmax_with_bias = SoftmaxWithBias()


def softmax(c):
    """Returns the row-wise softmax of matrix ``c`` (a vector gives one row, as in Theano 1.0)."""
    c = B.as_tensor_variable(c)
    if c.broadcastable[-1]:
        warnings.warn("The softmax is applied on a dimension of shape 1, which does not "
                      "have a semantic meaning.", stacklevel=2)
    return softmax_op(c)


def logsoftmax(c):
    """Returns log(softmax(c)) row-wise, stable for large values."""
    return logsoftmax_op(B.as_tensor_variable(c))


def softmax_graph(c):
    """Returns exp(c) / sum(exp(c), axis=-1) built from elementwise ops (unstabilised)."""
    c = B.as_tensor_variable(c)
    e = B.exp(c)
    return e / _sum(e, axis=-1, keepdims=True)


# ---------------------------------------------------------- cross-entropies

def _check_labels(y):
    if y.ndim != 1 or y.dtype not in int_dtypes + uint_dtypes:
        raise TypeError("The one-hot targets must be a vector of integer class indices, got "
                        "%s. Cast it (T.cast(y, 'int32')) or pass a one-hot matrix to "
                        "categorical_crossentropy." % (y.type,))


class CrossentropyCategorical1Hot(Op):
    """Returns -log(coding_dist[i, y[i]]) for each row i (y: integer class indices)."""

    nin, nout = 2, 1

    def make_node(self, coding_dist, true_one_of_n):
        p = B.as_tensor_variable(coding_dist)
        y = B.as_tensor_variable(true_one_of_n)
        if p.ndim != 2:
            raise TypeError("coding_dist must be a matrix of probabilities, got %s" % (p.type,))
        _check_labels(y)
        return Apply(self, [p, y], [TensorType(p.dtype, (p.broadcastable[0],))()])

    def jax(self, p, y, node=None):
        import jax.numpy as jnp
        return -jnp.log(jnp.take_along_axis(p, y[:, None].astype("int64"), axis=1)[:, 0])


class CrossentropyLogSoftmax1Hot(Op):
    """Returns -log_softmax(x)[i, y[i]] per row: the stable form of the one-hot cross-entropy."""

    nin, nout = 2, 1

    def make_node(self, x, y):
        x, y = B.as_tensor_variable(x), B.as_tensor_variable(y)
        _check_labels(y)
        return Apply(self, [x, y], [TensorType(x.dtype, (x.broadcastable[0],))()])

    def jax(self, x, y, node=None):
        import jax
        import jax.numpy as jnp
        logp = jax.nn.log_softmax(x, axis=-1)
        return -jnp.take_along_axis(logp, y[:, None].astype("int64"), axis=1)[:, 0]


class CrossentropySoftmaxArgmax1HotWithBias(Op):
    """Returns (nll, softmax(x + b), argmax(x + b)) for integer targets y_idx."""

    nin, nout = 3, 3

    def make_node(self, x, b, y_idx):
        x, b, y = (B.as_tensor_variable(v) for v in (x, b, y_idx))
        if x.ndim != 2 or b.ndim != 1:
            raise TypeError("x must be a matrix and b a vector, got %s and %s"
                            % (x.type, b.type))
        _check_labels(y)
        return Apply(self, [x, b, y], [TensorType(x.dtype, (x.broadcastable[0],))(), x.type(),
                                       TensorType(y.dtype, (x.broadcastable[0],))()])

    def jax(self, x, b, y, node=None):
        import jax
        import jax.numpy as jnp
        z = x + b
        logp = jax.nn.log_softmax(z, axis=-1)
        nll = -jnp.take_along_axis(logp, y[:, None].astype("int64"), axis=1)[:, 0]
        out = node.outputs
        return (nll.astype(out[0].dtype), jnp.exp(logp).astype(out[1].dtype),
                jnp.argmax(z, axis=-1).astype(out[2].dtype))


crossentropy_categorical_1hot = CrossentropyCategorical1Hot()
crossentropy_softmax_argmax_1hot_with_bias = CrossentropySoftmaxArgmax1HotWithBias()


def crossentropy_softmax_1hot_with_bias(x, b, y_idx):
    """Returns [nll, softmax(x + b)] for integer targets ``y_idx``."""
    return crossentropy_softmax_argmax_1hot_with_bias(x, b, y_idx)[0:2]


def crossentropy_softmax_1hot(x, y_idx):
    """Returns [nll, softmax(x)] for integer targets ``y_idx`` (the bias is zero)."""
    x = B.as_tensor_variable(x)
    b = B.zeros_like(x[0])
    return crossentropy_softmax_argmax_1hot_with_bias(x, b, y_idx)[0:2]


def crossentropy_softmax_max_and_argmax_1hot(x, y_idx):
    """Returns [nll, softmax(x), max(softmax(x)), argmax(x)] for integer targets."""
    nll, sm = crossentropy_softmax_1hot(x, y_idx)
    mx, am = max_and_argmax(sm, axis=-1)
    return nll, sm, mx, am


def categorical_crossentropy(coding_dist, true_dist):
    """Returns -sum(true_dist * log(coding_dist)) per row; integer-vector targets pick one column.

    ``true_dist`` is a one-hot (or soft) matrix like ``coding_dist``, or a vector of
    class indices, in which case ``CrossentropyCategorical1Hot`` is used.
    """
    coding_dist = B.as_tensor_variable(coding_dist)
    true_dist = B.as_tensor_variable(true_dist)
    if true_dist.ndim == coding_dist.ndim:
        return -_sum(true_dist * B.log(coding_dist), axis=coding_dist.ndim - 1)
    if true_dist.ndim == coding_dist.ndim - 1:
        return crossentropy_categorical_1hot(coding_dist, true_dist)
    raise TypeError("rank mismatch between coding and true distributions: coding_dist is %s "
                    "and true_dist is %s; give a one-hot matrix like coding_dist or a vector "
                    "of class indices" % (coding_dist.type, true_dist.type))


def binary_crossentropy(output, target):
    """Returns -(target * log(output) + (1 - target) * log(1 - output)), elementwise."""
    output, target = B.as_tensor_variable(output), B.as_tensor_variable(target)
    one = B.constant(1.0)
    return -(target * B.log(output) + (one - target) * B.log(one - output))


def sigmoid_binary_crossentropy(output, target):
    """Returns binary_crossentropy(sigmoid(output), target), computed stably from the logits."""
    output, target = B.as_tensor_variable(output), B.as_tensor_variable(target)
    return softplus(-abs(output)) + output * (B.cast(B.gt(output, 0), output.dtype) - target)


def h_softmax(x, batch_size, n_outputs, n_classes, n_outputs_per_class, W1, b1, W2, b2,
              target=None):
    """Returns the two-level hierarchical softmax of ``x``: all outputs, or those of ``target``.

    Classes are split into ``n_classes`` groups of ``n_outputs_per_class`` outputs;
    p(output) = p(group) * p(output | group).
    """
    x, W1, b1, W2, b2 = (B.as_tensor_variable(v) for v in (x, W1, b1, W2, b2))
    class_probs = softmax(dot(x, W1) + b1)                           # (batch, n_classes)
    if target is None:
        # (batch, n_classes, n_per_class) activations for every group
        act = B.as_tensor_variable(_batched_group_dot(x, W2)) + b2.dimshuffle("x", 0, 1)
        flat = B.reshape(act, (batch_size * n_classes, n_outputs_per_class))
        out_probs = B.reshape(softmax(flat), (batch_size, n_classes, n_outputs_per_class))
        probs = class_probs.dimshuffle(0, 1, "x") * out_probs
        probs = B.reshape(probs, (batch_size, n_classes * n_outputs_per_class))
        return probs[:, :n_outputs]
    target = B.as_tensor_variable(target)
    cls = target // n_outputs_per_class
    pos = target % n_outputs_per_class
    w = W2[cls]                                                      # (batch, n_in, n_per)
    act = batched_dot(x, w) + b2[cls]
    out_probs = softmax(act)
    idx = B.arange(batch_size)
    return class_probs[idx, cls] * out_probs[idx, pos]


def _batched_group_dot(x, W2):
    return tensordot(x, W2, axes=[[1], [1]])
