"""config.device names a GPU on a machine without one: it raises when set (flag,
.theanorc or assignment) with the install hint, or, when the user set
force_device=False (Theano's semantics), warns and runs on the CPU."""
import os
import subprocess
import sys
import time
import warnings

import numpy as np
import pytest

import theanox as theano


def _has_gpu():
    import jax
    try:
        return bool(jax.devices("gpu"))
    except RuntimeError:
        return False


pytestmark = pytest.mark.skipif(_has_gpu(), reason="this machine has a GPU: nothing to fail")
HINT = "pip install theanox[cuda]"


def test_assignment_raises_at_once_and_keeps_the_old_value():
    assert theano.config.device == "cpu"
    for name in ("cuda", "cuda0", "gpu", "gpu1"):
        with pytest.raises(RuntimeError, match=r"theanox\[cuda\]"):
            theano.config.device = name
        assert theano.config.device == "cpu"
    with pytest.raises(RuntimeError, match=r"theanox\[cuda\]"):
        with theano.config.change_flags(device="cuda"):
            pass
    assert theano.config.device == "cpu"
    assert theano.shared(np.ones(2)).get_value().tolist() == [1.0, 1.0]


def test_force_device_false_falls_back_with_a_warning():
    import sys
    # The fallback warns once per device name and process: forget earlier warnings
    # (tests/test_config.py sets GPU names with force_device=False too).
    getattr(sys.modules["theanox.config"], "_state", {}).pop("device_fallback_warned", None)
    try:
        with theano.config.change_flags(force_device=False):
            with warnings.catch_warnings(record=True) as w:
                warnings.simplefilter("always")
                theano.config.device = "cuda"
                s = theano.shared(np.arange(3.0))
            assert theano.config.device == "cuda"
            assert any("running on the CPU" in str(x.message) for x in w)
            assert str(theano.config.jax_device()).startswith("cpu")
            f = theano.function([], s * 2)
            assert f().tolist() == [0.0, 2.0, 4.0]
    finally:
        theano.config.device = "cpu"


def _run(flags):
    env = dict(os.environ, THEANO_FLAGS=flags)
    env.pop("THEANORC", None)
    code = ("import numpy as np, theanox as th\n"
            "print('device', th.config.device, th.shared(np.ones(2)).get_value().sum())")
    t0 = time.time()
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, timeout=120)
    return out, time.time() - t0


def test_flag_raises_at_import_with_the_hint():
    out, _ = _run("device=cuda")
    assert out.returncode != 0
    assert "RuntimeError" in out.stderr and HINT in out.stderr
    assert "device cuda" not in out.stdout


def test_flag_with_force_device_false_warns_and_runs():
    out, _ = _run("device=cuda0,force_device=False")
    assert out.returncode == 0, out.stderr
    assert "device cuda0 2.0" in out.stdout
    assert "running on the CPU" in out.stderr and HINT in out.stderr
