"""The notebooks in notebooks/ run top to bottom and print the seed's outputs."""
import os
import sys

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _run(name):
    nb = nbformat.read(os.path.join(ROOT, "notebooks", name), as_version=4)
    env_path = os.environ.get("PYTHONPATH", "")
    os.environ["PYTHONPATH"] = ROOT + (os.pathsep + env_path if env_path else "")
    try:
        NotebookClient(nb, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": ROOT}}).execute()
    finally:
        os.environ["PYTHONPATH"] = env_path
    return ["".join(o.get("text", "") for o in c.get("outputs", []))
            for c in nb.cells if c.cell_type == "code"]


def test_theano_basics_notebook_prints_the_seed_values():
    out = _run("theano_basics.ipynb")
    # Printed values from the seed chapter "Theano 基础" (float64, Theano 1.0.5's default floatX).
    assert out[1].split("\n")[:2] == ["x", "Elemwise{pow,no_inplace}.0"]
    assert "TensorType(float64, scalar)" in out[1]
    assert out[2].split() == ["9.0", "9.0"]
    assert "array([18., 37.])" in out[3] and "array(91.)" in out[3]
    assert "array([14., 32.])" in out[4]
    assert "[[3. 4.]\n [2. 1.]]" in out[5] and "[[ 1.  4.]\n [ 9. 16.]]" in out[5]
    assert out[6].strip().endswith("[[0. 1.]\n [2. 3.]]")
    assert out[7].startswith("20.0\n[[9. 8. 7.]\n [4. 5. 6.]]")
