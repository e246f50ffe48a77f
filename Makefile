# theanox developer commands.  On a fresh machine:
#   make test    create .venv, install theanox with its test extras, run the tests
#   make lint    ruff: pyflakes, pycodestyle, import order, pyupgrade ([tool.ruff] in pyproject.toml)
#   make demo    run the seed tutorial's example scripts (examples/)
#   make bench   run the benchmarks (python -m benchmarks)
#   make bench-theano  the benchmarks side by side with real Theano 1.0.5 (builds its venv
#                once in .theano-venv; writes benchmarks/RESULTS.md; QUICK=1 for a smoke run)
#   make notebooks  re-execute notebooks/*.ipynb (full settings) and store their outputs

PYTHON ?= python3
VENV   := .venv
VPY    := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: venv test lint demo bench bench-theano theano-venv clean dot chromium mnist notebooks

venv: $(STAMP) dot chromium

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

# Headless Chromium checks theanox.d3viz's page (tests/test_d3viz.py); install it if missing.
chromium:
	@if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  echo "installing chromium with apt-get"; \
	  { $$SUDO apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; } \
	  || echo "warning: could not install chromium; the d3viz browser test will be skipped"; \
	fi

lint: venv
	$(VPY) -m ruff check .

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

# Real Theano 1.0.5 beside theanox and hand JAX, from one sitting (not run by CI).
# THEANO_VENV: an existing Theano 1.0.5 venv to use (created here when it has no
# Theano 1.0.5); BENCH_THEANO_FLAGS: extra THEANO_FLAGS for the Theano side (e.g. its
# base_compiledir; default $ORACLE_COMPILEDIR or ~/.theano-oracle-compiledir, the
# oracle recordings' cache).  A fresh compiledir costs several minutes of Theano C
# compilation once; later runs reuse it.  QUICK=1: a smoke run; BENCH_OUT: the report.
THEANO_VENV ?= .theano-venv
export BENCH_THEANO_FLAGS ORACLE_COMPILEDIR
THEANO_PY   := $(THEANO_VENV)/bin/python
BENCH_OUT   ?= benchmarks/RESULTS.md
SCAN_OP      = $(THEANO_VENV)/lib/python3*/site-packages/theano/scan_module/scan_op.py

theano-venv:
	@if ! $(THEANO_PY) -c 'import sys, theano; sys.exit(theano.__version__ != "1.0.5")' \
	    >/dev/null 2>&1; then \
	  if ! ldconfig -p 2>/dev/null | grep -q libopenblas; then \
	    if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	    $$SUDO apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libopenblas-dev; \
	  fi; \
	  test -x $(THEANO_PY) || $(PYTHON) -m venv $(THEANO_VENV); \
	  $(THEANO_PY) -m pip install -q numpy==1.23.5 scipy==1.10.1 theano==1.0.5 six; \
	fi
	@# Theano's C scan does not build on Python 3.11: fall back to its Python scan
	@# (tests/oracle/README.md, "Patched scan"); the original stays as scan_op.py.orig.
	@for F in $(SCAN_OP); do \
	  if ! grep -q 'oracle patch' $$F; then \
	    cp $$F $$F.orig; \
	    sed -i 's/^        except (ImportError, theano.gof.cmodule.MissingGXX):$$/        except Exception:  # oracle patch: C scan fails to build on py3.11 -> Python scan/' $$F; \
	    grep -q 'oracle patch' $$F || { echo "could not patch $$F"; exit 1; }; \
	    echo "patched $$F: Theano's scan runs in Python"; \
	  fi; \
	done

bench-theano: venv theano-venv
	$(VPY) -m benchmarks --theano $(THEANO_PY) --out $(BENCH_OUT) $(if $(QUICK),--quick)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
