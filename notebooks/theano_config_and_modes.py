# %% [markdown]
# # Configuration and compilation modes
#
# `theano.config` holds the settings that decide how graphs are built and run:
# the default float type, the device, the compilation mode, and many more.
# Printing it lists every setting with its documentation; here are the first few.

# %%
import os
import subprocess
import sys
import tempfile

import theanox as theano
import theanox.tensor as T

print(str(theano.config)[:900])

# %% [markdown]
# Single settings are attributes:

# %%
print(theano.config.floatX, theano.config.device, theano.config.mode)
print(theano.config.optimizer, theano.config.linker)

# %% [markdown]
# Settings come from three places, strongest first: assignments to
# `theano.config.<name>` in the program, the `THEANO_FLAGS` environment variable
# (`THEANO_FLAGS='floatX=float32,device=cpu' python script.py`), and the
# configuration file named by `THEANORC` (default `~/.theanorc`), whose
# `[global]` section holds top-level settings and `[section]` the dotted ones.
# Most settings are best left alone inside a program.
#
# A script run with `THEANO_FLAGS` sees them at import time:

# %%
script = """
import numpy, time
from theanox import config, function, shared
import theanox.tensor as T
print('using device:', config.device, 'floatX:', config.floatX)
rng = numpy.random.RandomState(22)
x = shared(numpy.asarray(rng.rand(10 * 30 * 768), config.floatX))
f = function([], T.exp(x))
r = f()
print('Result is %s' % (r,))
if numpy.any([isinstance(n.op, T.Elemwise) for n in f.maker.fgraph.toposort()]):
    print('Used the cpu')
else:
    print('Used the gpu')
"""
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, 'test_theano.py')
    with open(path, 'w') as f:
        f.write(script)
    env = dict(os.environ, THEANO_FLAGS='mode=FAST_RUN,device=cpu,floatX=float32')
    out = subprocess.run([sys.executable, path], env=env, capture_output=True, text=True)
print(out.stdout)

# %% [markdown]
# ## Modes
#
# Each call of `theano.function` optimizes and links the graph as the mode says:
#
# * `FAST_RUN` (the default): all optimizations, compiled code;
# * `FAST_COMPILE`: few optimizations, quick to build;
# * `DebugMode`: checks every intermediate value (slow; use it while debugging);
# * `NanGuardMode`, `MonitorMode`, profiling: more checking tools.
#
# In the default mode a division by zero gives `inf` silently:

# %%
x = T.dvector('x')
f_1 = theano.function([x], 10 / x)
print(f_1([5]))
print(f_1([0]))
print(f_1([7]))

# %% [markdown]
# `DebugMode` stops at the first non-finite value and says which node made it:

# %%
f_2 = theano.function([x], 10 / x, mode='DebugMode')
print(f_2([5]))
try:
    print(f_2([0]))
except Exception as e:
    print(type(e).__name__)
    print(e)
