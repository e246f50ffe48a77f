# theanox developer commands.  On a fresh machine:
#   make test    create .venv, install theanox with its test extras, run the tests
#   make demo    run the seed tutorial's example scripts (examples/)
#   make bench   run the benchmarks (python -m benchmarks)
#   make notebooks  re-execute notebooks/*.ipynb (full settings) and store their outputs

PYTHON ?= python3
VENV   := .venv
VPY    := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: venv test demo bench clean dot mnist notebooks

venv: $(STAMP) dot

# (Re)install when pyproject.toml changes; the stamp marks a finished install.
$(STAMP): pyproject.toml
	test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install -e '.[test]'
	touch $@

# Graphviz's `dot` renders pydotprint's pictures; install it if it is missing.
dot:
	@if ! command -v dot >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  echo "installing graphviz (dot) with apt-get"; \
	  { $$SUDO apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq graphviz; } \
	  || echo "warning: could not install graphviz's dot; picture tests may be skipped"; \
	fi

test: venv
	$(VPY) -m pytest -q -rs --durations=15 tests

demo: venv
	cd examples && ../$(VPY) linear_regression.py
	cd examples && ../$(VPY) logistic_regression.py
	cd examples && ../$(VPY) mnist_softmax_regression.py 3

# The seed's four MNIST models (softmax regression, sigmoid MLP, relu+dropout+RMSprop,
# CNN), one epoch each at batch 128, in float32 as the seed ran, printing test accuracies.
mnist: venv
	cd examples && THEANO_FLAGS=floatX=float32 ../$(VPY) mnist_softmax_regression.py 1
	cd examples && THEANO_FLAGS=floatX=float32 ../$(VPY) mnist_mlp.py 1
	cd examples && THEANO_FLAGS=floatX=float32 ../$(VPY) mnist_dropout_net.py 1
	cd examples && THEANO_FLAGS=floatX=float32 ../$(VPY) mnist_cnn.py 1

# Re-execute every notebook in notebooks/ with its full settings (the MNIST ones: one
# epoch over all of MNIST) and store it with its outputs; NAME.py twins are rewritten.
notebooks: venv
	$(VPY) notebooks/build.py

bench: venv
	$(VPY) -m benchmarks

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
