"""The package as a user gets it.

* The wheel: built from a copy of the sources, installed into a scratch venv, and
  `import theano` plus the README example run from it outside the clone.
* The sdist: built from a copy of the sources without a warning, holding every file the
  repository tracks that a user needs (tests with their Theano 1.0.5 oracle data, examples,
  notebooks, docs), unpacked, and some of its own tests run from it.

The scratch venv borrows the test venv's installed dependencies (jax, numpy, ...)
through a .pth line, so nothing is downloaded; the editable install of this clone is
not visible there (its finder is registered by a .pth file that is not processed).
"""
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "MANIFEST.in", "theanox", "theano")
# What the repository holds but a source distribution leaves out: VCS and CI plumbing,
# and what builds, venvs and test runs leave behind.
NOT_IN_SDIST = (".git", ".ci", ".github", ".gitignore", ".venv", ".theano-venv", "build", "dist",
                "*.egg-info", ".pytest_cache", ".hypothesis", ".ruff_cache", ".ipynb_checkpoints",
                "__pycache__", "*.pyc", "results-latest.md", "*.png", "*.svg", "*.pdf")

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
    # No PYTHONPATH for pip: with a checkout on it, pip sees that checkout's
    # theanox.egg-info as an installed theanox and skips installing the wheel.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
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


def _copy_repo(dst):
    """The repository's files (as in a clean clone) copied to ``dst``."""
    shutil.copytree(REPO, str(dst), ignore=shutil.ignore_patterns(*NOT_IN_SDIST))


@pytest.mark.slow
def test_sdist_builds_without_warnings_and_its_tests_run(tmp_path):
    src = tmp_path / "src"
    _copy_repo(src)
    expected = sorted(os.path.relpath(os.path.join(d, f), str(src))
                      for d, _, files in os.walk(str(src)) for f in files)
    dist = tmp_path / "dist"
    dist.mkdir()
    # setuptools' PEP 517 hook, as `python -m build --sdist --no-isolation` calls it
    # (offline); any warning (deprecated metadata, a missing file) is an error.
    build = ("import sys; from setuptools import build_meta; "
             "print(build_meta.build_sdist(sys.argv[1]))")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out = subprocess.run([sys.executable, "-W", "error", "-c", build, str(dist)],
                         cwd=str(src), env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "warning" not in (out.stdout + out.stderr).lower(), out.stdout + out.stderr
    sdist = dist / out.stdout.strip().splitlines()[-1]

    with tarfile.open(str(sdist)) as t:
        t.extractall(str(tmp_path / "unpacked"), filter="data")
    (root,) = (tmp_path / "unpacked").iterdir()
    have = sorted(os.path.relpath(os.path.join(d, f), str(root))
                  for d, _, files in os.walk(str(root)) for f in files)
    generated = {"PKG-INFO", "setup.cfg"}
    have_sources = [f for f in have if f not in generated and ".egg-info" not in f]
    assert have_sources == expected, sorted(set(expected) ^ set(have_sources))
    assert "tests/oracle/dtypes.json" in have and "LICENSE" in have

    # The sdist's own tests, importing the sdist's theanox: the Theano 1.0.5 dtype tables
    # (tests/oracle/dtypes.json) and the dataset download path (a local HTTP server).
    run_env = {k: v for k, v in env.items() if not k.startswith(("THEANOX_", "THEANO_FLAGS"))}
    run_env["PYTHONPATH"] = str(root)
    check = subprocess.run([sys.executable, "-c", "import theanox; print(theanox.__file__)"],
                           cwd=str(root), env=run_env, capture_output=True, text=True)
    assert check.stdout.startswith(str(root)), check.stdout + check.stderr
    tests = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                            "tests/test_dtypes.py", "tests/test_datasets.py"],
                           cwd=str(root), env=run_env, capture_output=True, text=True,
                           timeout=600)
    assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-3000:]
    assert " passed" in tests.stdout and " failed" not in tests.stdout, tests.stdout[-500:]
