# %% [markdown]
# # The Theano tutorial on theanox
#
# A Theano tutorial in notebooks, one per chapter, in Python 3 on theanox (the
# Theano 1.0 API on JAX). Each notebook is stored with its outputs; a plain-text
# twin (`NAME.py`, jupytext percent format) holds the same cells.
#
# 1. [Theano basics](theano_basics.ipynb): symbols, functions, shared variables, derivatives
# 2. [Graph structure](theano_graph_structure.ipynb): variables, ops, apply nodes, `pydotprint`, `debugprint`
# 3. [Configuration and modes](theano_config_and_modes.ipynb): `theano.config`, `THEANO_FLAGS`, `DebugMode`
# 4. [Conditions](theano_conditions.ipynb): `ifelse` and `switch`
# 5. [Loops: scan](theano_scan.ipynb): `scan`, `map`, `reduce`, taps, `until`
# 6. [Linear regression](theano_linear_regression.ipynb)
# 7. [Logistic regression](theano_logistic_regression.ipynb)
# 8. [Softmax regression on MNIST](theano_softmax_regression_mnist.ipynb)
# 9. [A neural network (MLP) on MNIST](theano_mlp_mnist.ipynb)
# 10. [Random streams](theano_random_streams.ipynb)
# 11. [ReLU, dropout and RMSprop on MNIST](theano_dropout_net_mnist.ipynb)
# 12. [A convolutional network on MNIST](theano_cnn_mnist.ipynb)
# 13. [The tensor module: basics](theano_tensor_basics.ipynb)
# 14. [The tensor module: indexing](theano_tensor_indexing.ipynb)
# 15. [The tensor module: operators and elementwise operations](theano_tensor_operators.ipynb)
# 16. [The tensor module: nnet](theano_nnet.ipynb)
# 17. [The tensor module: convolution and pooling](theano_conv.ipynb)
#
# The MNIST notebooks (8, 9, 11, 12) train for one epoch; MNIST is downloaded on
# first use (see the README). `make notebooks` re-executes all of them and stores
# the outputs; `make test` runs them with fewer training steps and compares.
#
# Python 2 code from older tutorials can run as written: `%load_ext theanox.legacy`
# in a notebook, or `python -m theanox.legacy script.py` (see `docs/LEGACY.md`).
#
# Installing: `pip install theanox`; the version and device in use:

# %%
import theanox as theano

print(theano.__version__)
print(theano.config.device)
