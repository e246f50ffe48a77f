"""theanox.tensor.nnet: activations, softmax, cross-entropies, convolutions (Theano's ``T.nnet``)."""
from theanox.tensor.nnet.nnet import (  # noqa: F401
    sigmoid, scalar_sigmoid, ultra_fast_sigmoid, hard_sigmoid, softplus, softsign,
    relu, elu, selu, Softmax, LogSoftmax, SoftmaxWithBias, softmax, logsoftmax, softmax_op,
    logsoftmax_op, softmax_with_bias, softmax_graph, categorical_crossentropy,
    binary_crossentropy, sigmoid_binary_crossentropy, CrossentropyCategorical1Hot,
    CrossentropySoftmaxArgmax1HotWithBias, crossentropy_categorical_1hot,
    crossentropy_softmax_1hot, crossentropy_softmax_1hot_with_bias,
    crossentropy_softmax_argmax_1hot_with_bias, crossentropy_softmax_max_and_argmax_1hot,
    h_softmax)
from theanox.tensor.nnet.abstract_conv import (  # noqa: F401
    conv2d, conv3d, conv2d_transpose, conv3d_transpose, AbstractConv)
from theanox.tensor.nnet import bn, conv, neighbours  # noqa: F401
from theanox.tensor.nnet.neighbours import images2neibs, neibs2images  # noqa: F401

from theanox.tensor.nnet.nnet_extra import (  # noqa: F401
    SoftmaxGrad, softmax_grad, CrossentropyCategorical1HotGrad,
    crossentropy_categorical_1hot_grad, CrossentropySoftmax1HotWithBiasDx,
    crossentropy_softmax_1hot_with_bias_dx, crossentropy_softmax_max_and_argmax_1hot_with_bias,
    Prepend_scalar_constant_to_each_row, Prepend_scalar_to_each_row, prepend_0_to_each_row,
    prepend_1_to_each_row, prepend_scalar_to_each_row, confusion_matrix, separable_conv2d,
    conv2d_grad_wrt_inputs, sigmoid_inplace)
from theanox.tensor.nnet.bn import batch_normalization  # noqa: F401
from theanox.tensor.nnet import blocksparse, sigm  # noqa: F401
from theanox.tensor.nnet.conv import ConvOp  # noqa: F401

ultra_sigmoid = ultra_fast_sigmoid
abstract_conv2d = conv2d     # Theano: nnet.abstract_conv2d is abstract_conv.conv2d
