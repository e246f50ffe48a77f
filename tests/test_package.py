"""The wheel: built from a copy of the sources, installed into a scratch venv, and
`import theano` plus the README example run from it outside the clone.

The scratch venv borrows the test venv's installed dependencies (jax, numpy, ...)
through a .pth line, so nothing is downloaded; the editable install of this clone is
not visible there (its finder is registered by a .pth file that is not processed).
"""
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "MANIFEST.in", "theanox", "theano")

README_EXAMPLE = r'''
import os, sys
import numpy as np
import theano
import theanox as th
import theano.tensor as T
assert theano is th
here = os.path.realpath(sys.argv[1])
assert os.path.realpath(th.__file__).startswith(here), th.__file__
x, y = T.matrix('x'), T.vector('y')
w = theano.shared(np.zeros(784), name='w')
b = theano.shared(0., name='b')
p = T.nnet.sigmoid(T.dot(x, w) + b)
cost = T.nnet.binary_crossentropy(p, y).mean()
gw, gb = T.grad(cost, [w, b])
train = theano.function([x, y], cost, updates=[(w, w - 0.1 * gw), (b, b - 0.1 * gb)])
rng = np.random.RandomState(0)
c = train(rng.randn(400, 784), rng.randint(0, 2, 400))
assert abs(float(c) - np.log(2)) < 1e-12, c      # w = 0, b = 0: p = 1/2 everywhere
print("ok", th.__file__)
'''


def _setuptools_version():
    try:
        import setuptools
    except ImportError:
        return (0,)
    return tuple(int(p) for p in setuptools.__version__.split(".")[:2] if p.isdigit())


@pytest.mark.slow
def test_wheel_installs_and_imports_theano_outside_the_clone(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name in SOURCES:
        p = os.path.join(REPO, name)
        if os.path.isdir(p):
            shutil.copytree(p, str(src / name),
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy(p, str(src / name))
    wheels = tmp_path / "wheels"
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(src)]
    if _setuptools_version() >= (77,):
        cmd.insert(4, "--no-build-isolation")      # offline: use the installed setuptools
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1")
    subprocess.run(cmd, check=True, env=env, cwd=str(tmp_path))
    (whl,) = [str(wheels / n) for n in os.listdir(str(wheels)) if n.endswith(".whl")]

    with zipfile.ZipFile(whl) as z:
        names = z.namelist()
        meta = z.read([n for n in names if n.endswith(".dist-info/METADATA")][0]).decode()
    assert "theano/__init__.py" in names and "theanox/__init__.py" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "License-Expression: BSD-3-Clause" in meta
    assert not any(n.startswith("tests/") for n in names)

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = str(venv / "bin" / "python")
    subprocess.run([sys.executable, "-m", "pip", "--python", py, "install", "--no-deps",
                    "-q", whl], check=True, env=env, cwd=str(tmp_path))
    site = subprocess.run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    with open(os.path.join(site, "_deps_from_test_venv.pth"), "w") as f:
        f.write(sysconfig.get_paths()["purelib"] + "\n")

    run_env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    out = subprocess.run([py, "-c", README_EXAMPLE, site], cwd=str(tmp_path),
                         env=run_env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.startswith("ok " + site), out.stdout
