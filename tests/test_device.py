"""Devices as Theano users know them, on every device JAX sees.

Tests parametrised over DEVICES run on the CPU and on the first CUDA GPU; on a
machine without a GPU the 'cuda' parameters report themselves skipped with the
reason (CI's CUDA job runs them).  The no-GPU tests: config.device naming a GPU on
a machine without one raises when set (flag, .theanorc or assignment) with the
install hint, or, when the user set force_device=False (Theano's semantics), warns
and runs on the CPU.  Several devices (cpuN, data parallel): tests/test_sharding.py.
"""
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


no_gpu = pytest.mark.skipif(_has_gpu(), reason="this machine has a GPU: nothing to fail")
HINT = "pip install theanox[cuda]"
DEVICES = [pytest.param("cpu", id="cpu"),
           pytest.param("cuda", id="cuda", marks=pytest.mark.skipif(
               not _has_gpu(), reason="JAX sees no GPU on this machine; CI's CUDA job "
                                      "runs these (pip install theanox[cuda])"))]


@pytest.fixture(params=DEVICES)
def device(request):
    with theano.config.change_flags(device=request.param):
        yield theano.config.jax_device()


def _on(array):
    return set(array.devices())


def test_shared_variables_and_functions_live_on_config_device(device):
    import theanox.tensor as T
    s = theano.shared(np.arange(4.0), name="s")
    assert _on(s.get_value(return_internal_type=True)) == {device}
    x = T.vector("x")
    f = theano.function([x], x * 2 + s, updates=[(s, s + 1)])
    state = s.get_value(return_internal_type=True).copy()     # the call donates it
    out = f._program.executable([np.ones(4), state])(np.ones(4), state)
    assert {d for o in out for d in o.devices()} == {device}
    np.testing.assert_array_equal(f(np.ones(4)), 2 + np.arange(4.0))
    np.testing.assert_array_equal(s.get_value(), np.arange(4.0) + 1)
    assert _on(s.get_value(return_internal_type=True)) == {device}


@pytest.mark.parametrize("mode", ["DebugMode", "NanGuardMode", "profile"])
def test_op_by_op_modes_keep_state_on_the_device(device, mode):
    s = theano.shared(np.arange(3.0), name="s")
    kw = {"profile": True} if mode == "profile" else {"mode": mode}
    f = theano.function([], s * 2, updates=[(s, s + 1)], **kw)
    assert f().tolist() == [0.0, 2.0, 4.0]
    value = s.get_value(return_internal_type=True)
    assert not isinstance(value, np.ndarray) and _on(value) == {device}
    assert s.get_value().tolist() == [1.0, 2.0, 3.0]


def test_no_stale_copy_after_set_value_and_get_value(device):
    s = theano.shared(np.zeros(3), name="s")
    f = theano.function([], s * 1, updates=[(s, s + 1)])
    copy = s.get_value()                      # a copy: later updates do not reach it
    f()
    assert copy.tolist() == [0.0, 0.0, 0.0]
    new = np.array([5.0, 6.0, 7.0])
    s.set_value(new)                          # copied to the device ...
    new[0] = -1.0                             # ... so this does not reach it
    assert f().tolist() == [5.0, 6.0, 7.0]    # the function reads the new value
    assert s.get_value().tolist() == [6.0, 7.0, 8.0]
    view = s.get_value(borrow=True)
    assert not view.flags.writeable           # a view of the device buffer (on CPU)
    assert _on(s.get_value(return_internal_type=True)) == {device}


def test_float32_matmul_in_full_precision(device):
    # Theano computed float32 products in float32; TF32 (10-bit mantissa) would be
    # ~1e-3 off. config.matmul_precision='highest' (the default) keeps float32.
    import theanox.tensor as T
    assert theano.config.matmul_precision == "highest"
    r = np.random.RandomState(0)
    a, b = r.rand(256, 256).astype("float32"), r.rand(256, 256).astype("float32")
    x, y = T.fmatrix(), T.fmatrix()
    got = theano.function([x, y], T.dot(x, y))(a, b)
    want = a.astype("float64") @ b.astype("float64")
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, want, rtol=2e-5)


def test_float32_reductions_within_float32_tolerance(device):
    # A GPU sums in a different order than NumPy: compare to float64 with a float32
    # tolerance, never bit for bit.
    import theanox.tensor as T
    v = np.random.RandomState(1).rand(1_000_000).astype("float32")
    x = T.fvector()
    got = theano.function([x], [T.sum(x), T.mean(x), T.max(x)])(v)
    np.testing.assert_allclose(got[0], v.astype("float64").sum(), rtol=1e-5)
    np.testing.assert_allclose(got[1], v.astype("float64").mean(), rtol=1e-5)
    assert got[2] == v.max()


def test_float16_storage(device):
    import theanox.tensor as T
    w = theano.shared(np.linspace(-1, 1, 8).astype("float16"), name="w")
    assert w.get_value().dtype == np.float16
    x = T.vector(dtype="float16")
    f = theano.function([x], T.cast(x * w, "float32"), updates=[(w, w * np.float16(0.5))])
    xv = np.arange(8).astype("float16")
    got = f(xv)
    np.testing.assert_allclose(got, (xv * np.linspace(-1, 1, 8).astype("float16"))
                               .astype("float32"), rtol=1e-3)
    assert w.get_value().dtype == np.float16
    np.testing.assert_allclose(w.get_value(), np.linspace(-1, 1, 8) * 0.5, rtol=1e-3)


def test_programs_ask_xla_for_full_float32_products():
    # What keeps TF32 off on a GPU: each program's dots and convolutions carry
    # precision=HIGHEST (jax.default_matmul_precision while tracing), not a global.
    import theanox.tensor as T
    a = np.ones((4, 4), "float32")
    x, y = T.fmatrix(), T.fmatrix()

    def hlo():
        f = theano.function([x, y], T.dot(x, y))
        return f._program.executable([a, a]).lower(a, a).as_text()
    assert "precision = [HIGHEST, HIGHEST]" in hlo()
    with theano.config.change_flags(matmul_precision="default"):
        assert "HIGHEST" not in hlo()
    import jax
    assert jax.config.jax_default_matmul_precision is None     # nothing global changed


def test_shared_target_cpu_none_and_context_names():
    import jax
    cpu = jax.devices("cpu")[0]
    s = theano.shared(np.ones(2), target="cpu")          # the CPU whatever the device
    assert _on(s.get_value(return_internal_type=True)) == {cpu}
    s.set_value(np.zeros(2))                             # stays there
    assert _on(s.get_value(return_internal_type=True)) == {cpu}
    d = theano.shared(np.ones(2), target=None)           # Theano's default context
    assert _on(d.get_value(return_internal_type=True)) == {theano.config.jax_device()}
    with theano.config.change_flags(contexts="dev0->cpu0"):
        c = theano.shared(np.arange(3.0), target="dev0")
        assert _on(c.get_value(return_internal_type=True)) == {cpu}
        assert c.get_value().tolist() == [0.0, 1.0, 2.0]
        with pytest.raises(ValueError, match="no context of that name"):
            theano.shared(np.ones(2), target="dev1")


def test_matmul_precision_option_is_checked():
    with pytest.raises(ValueError):
        theano.config.matmul_precision = "tf32"
    assert theano.config.matmul_precision == "highest"


def test_cpu_device_numbers_beyond_jax_count_raise():
    import jax
    n = len(jax.devices("cpu"))
    before = theano.config.device          # 'cuda' in CI's CUDA job
    with pytest.raises(RuntimeError, match="xla_force_host_platform_device_count=%d" % (n + 1)):
        theano.config.device = "cpu%d" % n
    assert theano.config.device == before
    with theano.config.change_flags(device="cpu0"):
        assert theano.config.jax_device() == jax.devices("cpu")[0]


@no_gpu
def test_init_gpu_device_checks_the_gpu_and_needs_device_cpu():
    with pytest.raises(RuntimeError, match=r"theanox\[cuda\]"):
        theano.config.init_gpu_device = "cuda0"
    assert theano.config.init_gpu_device == ""
    with pytest.raises(ValueError, match="name a GPU"):
        theano.config.init_gpu_device = "cpu"
    assert theano.config.init_gpu_device == ""


@no_gpu
def test_assignment_raises_at_once_and_keeps_the_old_value():
    before = theano.config.device
    assert before.startswith("cpu")
    for name in ("cuda", "cuda0", "gpu", "gpu1"):
        with pytest.raises(RuntimeError, match=r"theanox\[cuda\]"):
            theano.config.device = name
        assert theano.config.device == before
    with pytest.raises(RuntimeError, match=r"theanox\[cuda\]"):
        with theano.config.change_flags(device="cuda"):
            pass
    assert theano.config.device == before
    assert theano.shared(np.ones(2)).get_value().tolist() == [1.0, 1.0]


@no_gpu
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


@no_gpu
def test_flag_raises_at_import_with_the_hint():
    out, _ = _run("device=cuda")
    assert out.returncode != 0
    assert "RuntimeError" in out.stderr and HINT in out.stderr
    assert "device cuda" not in out.stdout


@no_gpu
def test_flag_with_force_device_false_warns_and_runs():
    out, _ = _run("device=cuda0,force_device=False")
    assert out.returncode == 0, out.stderr
    assert "device cuda0 2.0" in out.stdout
    assert "running on the CPU" in out.stderr and HINT in out.stderr


@no_gpu
def test_print_active_device_names_the_gpu(monkeypatch, capsys):
    # No GPU here: a stand-in for JAX's GPU list shows what Theano's users see.
    import jax

    class FakeGpu:
        platform, device_kind, id = "gpu", "Tesla T4", 0

        def __str__(self):
            return "cuda:0"
    real = jax.devices
    monkeypatch.setattr(jax, "devices",
                        lambda backend=None: [FakeGpu()] if backend == "gpu" else real(backend))
    before = theano.config.device
    try:
        theano.config.device = "cuda0"
        assert capsys.readouterr().err == "Mapped name None to device cuda0: Tesla T4 (cuda:0)\n"
        with theano.config.change_flags(print_active_device=False):
            theano.config.device = "cuda"
        assert capsys.readouterr().err == ""
    finally:
        theano.config.device = before
