"""Execute the tutorial notebooks and store them with their outputs.

    python notebooks/build.py [NAME ...]     # all notebooks, or the named ones

Each notebook's source is its plain-text twin ``notebooks/NAME.py`` (jupytext
percent format). This script reads it, executes it with nbclient in a scratch
directory (files the notebook writes go there), stores ``NAME.ipynb`` with its
outputs, and rewrites ``NAME.py`` from it so the pair is in sync. ``make notebooks``
runs it with the full settings (every ``THEANOX_NB_*`` variable unset, so each
notebook uses its own defaults: the tutorial's epochs and step counts; the MNIST
notebooks one epoch over all of MNIST). ``tests/test_notebooks.py`` uses
``execute`` with reduced settings and compares the outputs with the stored ones.
"""
import asyncio
import os
import sys
import tempfile
import threading
import time

import jupytext
import nbformat
from nbclient import NotebookClient

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}
# Order of the tutorial (index.ipynb links them in this order).
ORDER = [
    "theano_basics", "theano_graph_structure", "theano_config_and_modes",
    "theano_conditions", "theano_scan", "theano_linear_regression",
    "theano_logistic_regression", "theano_softmax_regression_mnist", "theano_mlp_mnist",
    "theano_random_streams", "theano_dropout_net_mnist", "theano_cnn_mnist",
    "theano_tensor_basics", "theano_tensor_indexing", "theano_tensor_operators",
    "theano_nnet", "theano_conv", "index",
]


def names():
    """The notebooks that have a .py twin, in tutorial order (index last)."""
    have = {f[:-3] for f in os.listdir(HERE) if f.endswith(".py") and f != "build.py"}
    return [n for n in ORDER if n in have] + sorted(have - set(ORDER))


def read_source(name):
    """The notebook (no outputs) from ``NAME.py``."""
    nb = jupytext.read(os.path.join(HERE, name + ".py"), fmt="py:percent")
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata.setdefault("language_info", {"name": "python"})
    return nb


def to_text(nb):
    """The jupytext percent text of ``nb`` (what ``NAME.py`` must hold)."""
    return jupytext.writes(nb, fmt="py:percent")


def kernel_env(extra=None):
    """Environment for the kernel: THEANOX_NB_* and THEANO_FLAGS cleared, ``extra`` set."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("THEANOX_NB_") and k != "THEANO_FLAGS"}
    env["PYTHONPATH"] = ROOT + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.setdefault("JAX_PLATFORMS", "cpu")
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    env.update(extra or {})
    return env


def execute(nb, extra_env=None, timeout=1800):
    """Execute ``nb`` in place in a scratch directory; return it."""
    with tempfile.TemporaryDirectory(prefix="theanox-nb-") as cwd:
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": cwd}})
        try:
            client.execute(env=kernel_env(extra_env), cwd=cwd)
        finally:
            _close_thread_event_loop()
    return nb


def _close_thread_event_loop():
    # nbclient talks to the kernel on an event loop it makes for the calling thread and
    # never closes. In a worker thread (the tests run two notebooks at a time) that loop
    # and its sockets would be left to the garbage collector, which reports them as
    # ResourceWarnings in whatever test happens to be running then.
    if threading.current_thread() is threading.main_thread():
        return
    try:
        loop = asyncio.get_event_loop_policy().get_event_loop()
    except RuntimeError:
        return
    if not loop.is_running():
        loop.close()
    asyncio.set_event_loop(None)


def build(name):
    nb = read_source(name)
    t0 = time.time()
    execute(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.metadata.pop("execution", None)
    nbformat.write(nb, os.path.join(HERE, name + ".ipynb"))
    with open(os.path.join(HERE, name + ".py"), "w") as f:
        f.write(to_text(nbformat.read(os.path.join(HERE, name + ".ipynb"), as_version=4)))
    print("%-40s %6.1f s" % (name + ".ipynb", time.time() - t0), flush=True)


if __name__ == "__main__":
    todo = sys.argv[1:] or names()
    for n in todo:
        build(n[:-6] if n.endswith(".ipynb") else n[:-3] if n.endswith(".py") else n)
