"""theanox.datasets.load_mnist: the real pickle, and the idx reader on tiny files."""
import gzip
import os
import pickle
import struct

import numpy as np
import pytest

from theanox.datasets import load_mnist, mnist_search_paths, read_idx
from theanox.datasets.mnist import IDX_NAMES

REAL = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                     "..", "..", "shared", "data", "mnist.pkl.gz"))
if not os.path.exists(REAL):
    REAL = "/work/shared/data/mnist.pkl.gz"


@pytest.fixture(scope="module")
def real_mnist():
    if not os.path.exists(REAL):
        pytest.skip("mnist.pkl.gz not present")
    return load_mnist(REAL)


def test_real_pickle_shapes_dtypes_ranges(real_mnist):
    trX, teX, trY, teY = real_mnist
    assert trX.shape == (60000, 784) and teX.shape == (10000, 784)
    assert trY.shape == (60000, 10) and teY.shape == (10000, 10)
    for a in (trX, teX, trY, teY):
        assert a.dtype == np.float32
    assert trX.min() >= 0 and trX.max() < 1
    assert teX.min() >= 0 and teX.max() < 1
    np.testing.assert_array_equal(trY.sum(1), 1)
    np.testing.assert_array_equal(teY.sum(1), 1)
    # The first labels of MNIST's training and test sets.
    assert list(trY[:10].argmax(1)) == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert list(teY[:10].argmax(1)) == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]


def test_real_pickle_train_is_train_then_valid(real_mnist):
    trX, _, trY, _ = real_mnist
    with gzip.open(REAL, "rb") as f:
        (a, ay), (b, by), _ = pickle.load(f, encoding="latin1")
    np.testing.assert_array_equal(trX[:50000], a)
    np.testing.assert_array_equal(trX[50000:], b)
    np.testing.assert_array_equal(trY[50000:].argmax(1), by)


def test_real_pickle_int_labels_and_limits():
    if not os.path.exists(REAL):
        pytest.skip("mnist.pkl.gz not present")
    trX, teX, trY, teY = load_mnist(os.path.dirname(REAL), onehot=False,
                                    ntrain=1000, ntest=100)
    assert trX.shape == (1000, 784) and teX.shape == (100, 784)
    assert trY.shape == (1000,) and teY.shape == (100,)
    assert trY.dtype.kind == "i" and teY.dtype.kind == "i"
    assert trY.min() == 0 and trY.max() == 9


def _idx(dims, payload):
    return struct.pack(">BBBB", 0, 0, 0x08, len(dims)) + \
        b"".join(struct.pack(">I", d) for d in dims) + bytes(payload)


def _write_tiny_idx(directory, compress=False):
    """Write 3 train and 2 test 2x2 'images' with known pixels and labels."""
    train_px = [0, 255, 51, 102, 10, 20, 30, 40, 255, 255, 0, 0]
    test_px = [1, 2, 3, 4, 5, 6, 7, 8]
    files = {
        "train_images": _idx([3, 2, 2], train_px),
        "train_labels": _idx([3], [7, 0, 9]),
        "test_images": _idx([2, 2, 2], test_px),
        "test_labels": _idx([2], [3, 1]),
    }
    for key, data in files.items():
        name = IDX_NAMES[key]
        if compress:
            with gzip.open(os.path.join(directory, name + ".gz"), "wb") as f:
                f.write(data)
        else:
            with open(os.path.join(directory, name), "wb") as f:
                f.write(data)
    return np.array(train_px, dtype=np.float32).reshape(3, 4) / 255, \
        np.array(test_px, dtype=np.float32).reshape(2, 4) / 255


def test_read_idx_hand_built(tmp_path):
    p = tmp_path / "x-idx3-ubyte"
    p.write_bytes(_idx([2, 3, 1], [1, 2, 3, 4, 5, 6]))
    a = read_idx(str(p))
    assert a.shape == (2, 3, 1) and a.dtype == np.uint8
    assert a.ravel().tolist() == [1, 2, 3, 4, 5, 6]
    bad = tmp_path / "bad"
    bad.write_bytes(b"\x01\x02\x08\x01\x00\x00\x00\x01\x05")
    with pytest.raises(ValueError, match="magic"):
        read_idx(str(bad))
    short = tmp_path / "short"
    short.write_bytes(_idx([10], [1, 2]))
    with pytest.raises(ValueError, match="truncated"):
        read_idx(str(short))


@pytest.mark.parametrize("compress", [False, True])
def test_load_mnist_from_idx_directory(tmp_path, compress):
    trX_exp, teX_exp = _write_tiny_idx(str(tmp_path), compress)
    trX, teX, trY, teY = load_mnist(str(tmp_path))
    assert trX.dtype == teX.dtype == np.float32
    np.testing.assert_allclose(trX, trX_exp, rtol=1e-6)
    np.testing.assert_allclose(teX, teX_exp, rtol=1e-6)
    assert trY.shape == (3, 10) and trY.dtype == np.float32
    assert trY.argmax(1).tolist() == [7, 0, 9]
    assert teY.argmax(1).tolist() == [3, 1]
    _, _, trY, teY = load_mnist(str(tmp_path), onehot=False)
    assert trY.tolist() == [7, 0, 9] and teY.tolist() == [3, 1]
    assert trY.dtype.kind == "i"


def test_env_var_and_missing_data_error(tmp_path, monkeypatch):
    _write_tiny_idx(str(tmp_path))
    monkeypatch.setenv("THEANOX_MNIST", str(tmp_path))
    assert mnist_search_paths()[0] == str(tmp_path)
    assert load_mnist(onehot=False)[2].tolist() == [7, 0, 9]

    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("THEANOX_MNIST", str(empty))
    monkeypatch.setenv("HOME", str(empty))
    monkeypatch.chdir(empty)
    import theanox.datasets.mnist as m
    monkeypatch.setattr(m, "_repo_root", lambda: str(empty / "nowhere" / "repo"))
    with pytest.raises(FileNotFoundError) as info:
        load_mnist(str(empty / "explicit.pkl.gz"))
    msg = str(info.value)
    assert str(empty / "explicit.pkl.gz") in msg
    assert str(empty) in msg and "THEANOX_MNIST" in msg
    assert os.path.join(str(empty), ".theanox", "mnist") in msg
