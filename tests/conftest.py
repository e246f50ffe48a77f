"""Session setup: JAX's persistent compilation cache in a fresh temporary directory.

theanox keeps compiled programs in ~/.theanox/jax_cache by default; the tests, and the
interpreters they start (which inherit the environment), use a directory of their own
so that no result depends on an earlier run.  theanox leaves a cache directory set
through JAX's own JAX_COMPILATION_CACHE_DIR alone (theanox/compile/cache.py).
"""
import atexit
import os
import shutil
import sys
import tempfile

_CACHE = tempfile.mkdtemp(prefix="theanox-tests-jax-cache-")
os.environ["JAX_COMPILATION_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, True)
if "jax" in sys.modules:            # imported before this file: tell it directly
    sys.modules["jax"].config.update("jax_compilation_cache_dir", _CACHE)
