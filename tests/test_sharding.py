"""Data parallel over 4 host CPU devices: same parameters as one device, batch really split.

The main test process has one CPU device (JAX fixes the count when it starts), so
tests/sharding_worker.py runs once in a subprocess with
XLA_FLAGS=--xla_force_host_platform_device_count=4 and prints its results as JSON.
References: NumPy (the MLP's and the linear model's SGD written out by hand) and,
for the CNN with dropout (JAX's random bits), the one-device run.
"""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

import theanox as theano
import theanox.tensor as T
from theanox.sharding import DataParallel

HERE = os.path.dirname(os.path.abspath(__file__))
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def run():
    env = dict(os.environ, XLA_FLAGS="--xla_force_host_platform_device_count=4",
               PYTHONPATH=os.pathsep.join([os.path.dirname(HERE),
                                           os.environ.get("PYTHONPATH", "")]))
    env.pop("THEANO_FLAGS", None)
    out = subprocess.run([sys.executable, os.path.join(HERE, "sharding_worker.py")],
                         env=env, capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["n_devices"] == 4
    return result


def _mlp_numpy(dtype, steps=4, batch=32):
    """The worker's MLP and SGD, with the gradient of softmax-crossentropy by hand."""
    r = np.random.RandomState(42)
    w_h = (r.randn(20, 16) * 0.3).astype(dtype)
    w_o = (r.randn(16, 8) * 0.3).astype(dtype)
    d = np.random.RandomState(0)
    costs = []
    for _ in range(steps):
        x = d.randn(batch, 20).astype(dtype)
        y = np.eye(8, dtype=dtype)[d.randint(0, 8, batch)]
        h = 1 / (1 + np.exp(-x @ w_h))
        z = h @ w_o
        p = np.exp(z - z.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        costs.append(float(np.mean(-np.sum(y * np.log(p), 1))))
        dz = (p - y) / batch
        g_o = h.T @ dz
        g_h = x.T @ (dz @ w_o.T * h * (1 - h))
        w_h, w_o = w_h - 0.5 * g_h, w_o - 0.5 * g_o
    return costs, w_h, w_o


@pytest.mark.parametrize("dtype,tol", [("float64", 1e-12), ("float32", 2e-6)])
@pytest.mark.parametrize("n", [1, 2, 4])
def test_mlp_steps_match_numpy_on_1_2_4_devices(run, dtype, tol, n):
    costs, w_h, w_o = _mlp_numpy(dtype)
    got = run["mlp"]["%s_%d" % (dtype, n)]
    np.testing.assert_allclose(got["costs"], costs, rtol=tol * 10, atol=tol)
    np.testing.assert_allclose(got["w_h"], w_h, rtol=tol * 10, atol=tol)
    np.testing.assert_allclose(got["w_o"], w_o, rtol=tol * 10, atol=tol)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("n", [2, 4])
def test_batch_axis_is_split_and_gradients_all_reduced(run, dtype, n):
    got = run["mlp"]["%s_%d" % (dtype, n)]
    # The compiled executable's inputs: X and Y split on axis 0, parameters replicated.
    assert got["input_specs"] == ["('data',)", "('data',)", "()", "()"]
    assert got["per_device_x"]          # each device holds batch/n rows of X
    assert got["all_reduce"]            # XLA summed the partial gradients
    assert got["w_h_spec"] == got["w_o_spec"] == "()"     # state stays replicated
    one = run["mlp"]["%s_1" % dtype]
    assert one["input_specs"] == ["single"] * 4 and not one["all_reduce"]


def test_a_shared_variable_sharded_along_an_axis(run):
    got = run["mlp_sharded_param"]
    assert got["w_h_spec"] == "(None, 'data')"        # w_h (20, 16): 4 columns per device
    assert got["input_specs"] == ["('data',)", "('data',)", "(None, 'data')", "()"]
    _, w_h, w_o = _mlp_numpy("float64")
    np.testing.assert_allclose(got["w_h"], w_h, rtol=1e-11, atol=1e-12)
    np.testing.assert_allclose(got["w_o"], w_o, rtol=1e-11, atol=1e-12)


def test_cnn_with_dropout_and_rmsprop_same_on_4_devices_as_on_1(run):
    one, four = run["cnn"]["1"], run["cnn"]["4"]
    assert np.isfinite(one["costs"]).all() and one["costs"][0] > 2.0      # ~ln(10) at start
    np.testing.assert_allclose(four["costs"], one["costs"], rtol=1e-5)
    for a, b in zip(one["params"], four["params"]):
        np.testing.assert_allclose(b, a, rtol=1e-4, atol=1e-6)
    assert four["w_spec"] == "()"


def test_givens_minibatch_of_a_shared_dataset(run):
    d = np.random.RandomState(3)
    data, target = d.randn(42, 12), d.randn(42, 3)
    w = np.zeros((12, 3))
    costs = []
    for i in range(6):            # the last minibatch: 2 rows (4 devices: XLA pads it)
        x, y = data[i * 8:(i + 1) * 8], target[i * 8:(i + 1) * 8]
        err = x @ w - y
        costs.append(np.mean(err ** 2))
        w = w - 0.1 * 2 * x.T @ err / err.size
    for n in ("1", "4"):
        got = run["givens"][n]
        np.testing.assert_allclose(got["costs"], costs, rtol=1e-12)
        np.testing.assert_allclose(got["w"], w, rtol=1e-12, atol=1e-14)
        assert got["compiles"] == 2          # full batches share one; the short one
    four = run["givens"]["4"]
    assert four["data_spec"] == "()"         # the dataset stays replicated ...
    assert four["per_device_slice"] and four["all_reduce"]   # ... its slice is split


def test_indivisible_batch_is_a_clear_error_and_changes_nothing(run):
    got = run["indivisible"]
    assert "6 rows" in got["message"] and "multiple of 4" in got["message"]
    assert "input X" in got["message"]
    assert got["w"] == [[1.0, 1.0]] * 3
    assert got["after_good_call"] == [48.0, [[2.0, 2.0]] * 3]   # sum(ones(8,3) @ ones(3,2))
    assert got["plain_reads_replicated"] == [[2.0, 2.0]] * 3    # eye(3) @ w
    assert got["w_spec_after_plain"] == "()"


def test_copy_and_pickle_keep_the_sharding(run):
    got = run["copy_and_pickle"]
    rows = np.arange(64.0).reshape(16, 4)
    assert got["f"] == rows[:8].sum() * 2                # w = ones, then halved
    assert got["copy"] == [rows[8:].sum() * 2 * 0.5, 4, [[0.25, 0.25]] * 4]
    # The pickle holds w = 0.25 (its own copy of the shared variable).
    assert got["pickle"][:2] == [rows[8:].sum() * 2 * 0.25, 4]
    assert got["pickle"][2] == "()"
    import pickle
    with pytest.raises(RuntimeError, match="pickled on 4 cpu devices"):
        pickle.loads(bytes.fromhex(got["blob"]))      # this process has one device


def test_device_flag_places_state_and_execution(run):
    got = run["devices"]
    assert got["created_on"] == ["cpu:2"] and got["after_update_on"] == ["cpu:2"]
    assert got["f_output"] == [2.0, 3.0, 4.0, 5.0]       # 2*1 + arange(4)
    assert got["g_runs_on"] == ["cpu:2"]                 # no state: still config.device
    assert got["set_value_on"] == ["cpu:1"]              # set under device=cpu1
    # f was compiled for cpu2: it reads the moved value (no stale copy), 2*1 + 10
    assert got["f_after_move"] == [12.0] * 4
    assert got["s_after_f"] == [[11.0] * 4, ["cpu:2"]]
    assert "XLA_FLAGS=--xla_force_host_platform_device_count=8" in got["cpu7"]
    assert got["device_after_error"] == "cpu"
    assert got["target_dev3"] == ["cpu:3"]        # shared(target=) with config.contexts


# ---------------------------------------------------------------- in this process

def test_bad_arguments_are_refused_at_function_time():
    x = T.matrix("x")
    w = theano.shared(np.ones((3, 2)), name="w")
    with pytest.raises(TypeError, match="DataParallel"):
        theano.function([x], T.dot(x, w), sharding="data")
    import jax
    platform = theano.config.jax_device().platform
    n = len(jax.devices(platform))
    with pytest.raises(ValueError, match="JAX has %d %s device" % (n, platform)):
        DataParallel([x], devices=n + 1)
    with pytest.raises(ValueError, match="neither an input of this function"):
        theano.function([x], T.dot(x, w), sharding=DataParallel([T.matrix("z")], devices=1))
    with pytest.raises(ValueError, match="scalar"):
        s = T.scalar("s")
        theano.function([x, s], T.dot(x, w) * s, sharding=DataParallel([x, s], devices=1))
    with pytest.raises(ValueError, match="not an axis"):
        DataParallel([x], devices=1, shard={w: 2})
    with pytest.raises(ValueError, match="not used by this function"):
        theano.function([x], x * 2, sharding=DataParallel([x], devices=1, shard={w: 0}))


def test_one_device_data_parallel_gives_numpy_values():
    x = T.matrix("x")
    w = theano.shared(np.arange(6.0).reshape(3, 2), name="w")
    f = theano.function([x], T.dot(x, w), updates=[(w, w + 1)],
                        sharding=DataParallel([x], devices=1))
    xv = np.arange(12.0).reshape(4, 3)
    np.testing.assert_array_equal(f(xv), xv @ np.arange(6.0).reshape(3, 2))
    np.testing.assert_array_equal(w.get_value(), np.arange(6.0).reshape(3, 2) + 1)
