"""theanox.datasets: the idx and pickle readers on generated files, the download path
against a local HTTP server (python -m http.server on 127.0.0.1), and the real MNIST
where it is present ($THEANOX_MNIST or an already filled cache; never downloaded here).
"""
import gzip
import hashlib
import os
import pickle
import socket
import struct
import subprocess
import sys
import time
import urllib.request

import numpy as np
import pytest

import theanox.datasets.mnist as M
from theanox.datasets import DatasetDownloadError, load_mnist, mnist_search_paths, read_idx
from theanox.datasets.mnist import IDX_NAMES

# --------------------------------------------------------------------- generated data

def _idx(dims, payload, code=0x08):
    return struct.pack(">BBBB", 0, 0, code, len(dims)) + \
        b"".join(struct.pack(">I", d) for d in dims) + bytes(payload)


TRAIN_PX = [0, 255, 51, 102, 10, 20, 30, 40, 255, 255, 0, 0]
TEST_PX = [1, 2, 3, 4, 5, 6, 7, 8]
TRAIN_LABELS = [7, 0, 9]
TEST_LABELS = [3, 1]


def _tiny_idx_bytes():
    """3 train and 2 test 2x2 'images' with known pixels and labels, as idx bytes."""
    return {
        "train_images": _idx([3, 2, 2], TRAIN_PX),
        "train_labels": _idx([3], TRAIN_LABELS),
        "test_images": _idx([2, 2, 2], TEST_PX),
        "test_labels": _idx([2], TEST_LABELS),
    }


def _expected_pixels():
    return (np.array(TRAIN_PX, dtype=np.float64).reshape(3, 4) / 255,
            np.array(TEST_PX, dtype=np.float64).reshape(2, 4) / 255)


def _write_tiny_idx(directory, compress=False):
    """Write the tiny idx files; return {file name: sha256 of the written bytes}."""
    hashes = {}
    for key, data in _tiny_idx_bytes().items():
        name = IDX_NAMES[key] + (".gz" if compress else "")
        path = os.path.join(str(directory), name)
        if compress:
            with gzip.GzipFile(path, "wb", mtime=0) as f:
                f.write(data)
        else:
            with open(path, "wb") as f:
                f.write(data)
        with open(path, "rb") as f:
            hashes[name] = hashlib.sha256(f.read()).hexdigest()
    return hashes


def _check_tiny(result, onehot=True):
    trX, teX, trY, teY = result
    exp_tr, exp_te = _expected_pixels()
    assert trX.dtype == teX.dtype == np.float32
    np.testing.assert_allclose(trX, exp_tr, rtol=1e-6)
    np.testing.assert_allclose(teX, exp_te, rtol=1e-6)
    if onehot:
        assert trY.shape == (3, 10) and trY.dtype == np.float32
        assert trY.argmax(1).tolist() == TRAIN_LABELS and teY.argmax(1).tolist() == TEST_LABELS
    else:
        assert trY.tolist() == TRAIN_LABELS and teY.tolist() == TEST_LABELS
        assert trY.dtype.kind == "i"


# --------------------------------------------------------------------- parsers

def test_read_idx_hand_built(tmp_path):
    p = tmp_path / "x-idx3-ubyte"
    p.write_bytes(_idx([2, 3, 1], [1, 2, 3, 4, 5, 6]))
    a = read_idx(str(p))
    assert a.shape == (2, 3, 1) and a.dtype == np.uint8
    assert a.ravel().tolist() == [1, 2, 3, 4, 5, 6]
    # big-endian int32 elements (type 0x0C)
    q = tmp_path / "i32"
    q.write_bytes(_idx([2], struct.pack(">ii", -3, 70000), code=0x0C))
    assert read_idx(str(q)).tolist() == [-3, 70000]
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
    _write_tiny_idx(tmp_path, compress)
    _check_tiny(load_mnist(str(tmp_path)))
    _check_tiny(load_mnist(str(tmp_path), onehot=False), onehot=False)


def _write_tiny_pickle(path):
    rng = np.random.RandomState(0)
    tr = (rng.rand(5, 784).astype(np.float32), np.array([0, 1, 2, 3, 4]))
    va = (rng.rand(2, 784).astype(np.float32), np.array([5, 6]))
    te = (rng.rand(3, 784).astype(np.float32), np.array([7, 8, 9]))
    with gzip.open(str(path), "wb") as f:
        pickle.dump((tr, va, te), f, protocol=2)
    return tr, va, te


def test_load_mnist_from_pickle(tmp_path):
    tr, va, te = _write_tiny_pickle(tmp_path / "mnist.pkl.gz")
    for where in (tmp_path / "mnist.pkl.gz", tmp_path):   # the file, or its directory
        trX, teX, trY, teY = load_mnist(str(where), onehot=False)
        np.testing.assert_array_equal(trX, np.concatenate([tr[0], va[0]]))
        np.testing.assert_array_equal(teX, te[0])
        assert trY.tolist() == [0, 1, 2, 3, 4, 5, 6] and teY.tolist() == [7, 8, 9]
    trX, teX, trY, teY = load_mnist(str(tmp_path), ntrain=6, ntest=2)
    assert trX.shape == (6, 784) and teX.shape == (2, 784)
    assert trY.shape == (6, 10) and trY.argmax(1).tolist() == [0, 1, 2, 3, 4, 5]


def test_env_var_and_explicit_path_do_not_download(tmp_path, monkeypatch):
    _write_tiny_idx(tmp_path)
    monkeypatch.setenv("THEANOX_MNIST", str(tmp_path))
    assert mnist_search_paths() == [str(tmp_path)]
    _check_tiny(load_mnist(onehot=False), onehot=False)

    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("THEANOX_MNIST", str(empty))
    monkeypatch.setattr(M, "fetch_mnist", lambda *a, **k: pytest.fail("downloaded"))
    with pytest.raises(FileNotFoundError) as info:
        load_mnist()
    assert str(empty) in str(info.value) and "THEANOX_MNIST" in str(info.value)
    with pytest.raises(FileNotFoundError) as info:
        load_mnist(str(empty / "explicit.pkl.gz"))
    assert str(empty / "explicit.pkl.gz") in str(info.value)


# --------------------------------------------------------------------- downloads

def _free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@pytest.fixture
def http_server(tmp_path):
    """A `python -m http.server` on 127.0.0.1 serving tmp_path/www; yields (url, log)."""
    root = tmp_path / "www"
    root.mkdir()
    log = tmp_path / "server.log"
    port = _free_port()
    with open(str(log), "wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "http.server", str(port),
                                 "--bind", "127.0.0.1", "--directory", str(root)],
                                stdout=subprocess.DEVNULL, stderr=err)
    url = "http://127.0.0.1:%d/" % port
    try:
        deadline = time.time() + 10
        while True:
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    raise RuntimeError("http.server did not start")
                time.sleep(0.05)

        def gets(name, folder="mnist"):
            """Return how many times the server answered GET /folder/name with 200."""
            want = "GET /%s/%s HTTP" % (folder, name)
            with open(str(log)) as f:
                return sum(1 for line in f if want in line and '" 200 ' in line)
        yield root, url, gets
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty MNIST cache ($THEANOX_DATA) and no $THEANOX_MNIST."""
    monkeypatch.delenv("THEANOX_MNIST", raising=False)
    monkeypatch.setenv("THEANOX_DATA", str(tmp_path / "data"))
    return tmp_path / "data" / "mnist"


def _closed_port_url():
    return "http://127.0.0.1:%d/mnist/" % _free_port()


def test_download_verifies_caches_and_never_refetches(http_server, cache, monkeypatch):
    root, url, gets = http_server
    (root / "empty").mkdir()
    (root / "mnist").mkdir()
    hashes = _write_tiny_idx(root / "mnist", compress=True)
    dead = _closed_port_url()
    # A mirror that refuses connections, one without the files (404), then the good one.
    monkeypatch.setattr(M, "MNIST_MIRRORS", (dead, url + "empty/", url + "mnist/"))
    monkeypatch.setattr(M, "MNIST_SHA256", hashes)

    _check_tiny(load_mnist())
    for name, digest in hashes.items():
        assert gets(name) == 1
        with open(str(cache / name), "rb") as f:
            assert hashlib.sha256(f.read()).hexdigest() == digest
    # Second load: from the cache, no request at all.
    _check_tiny(load_mnist(onehot=False), onehot=False)
    assert all(gets(name) == 1 for name in hashes)
    # A damaged cached file is detected by its hash and fetched again.
    (cache / "t10k-labels-idx1-ubyte.gz").write_bytes(b"garbage")
    _check_tiny(load_mnist())
    assert gets("t10k-labels-idx1-ubyte.gz") == 2 and gets("train-images-idx3-ubyte.gz") == 1


def test_download_with_wrong_checksum_is_rejected(http_server, cache, monkeypatch):
    root, url, gets = http_server
    (root / "mnist").mkdir()
    hashes = _write_tiny_idx(root / "mnist", compress=True)
    hashes["train-labels-idx1-ubyte.gz"] = "0" * 64
    monkeypatch.setattr(M, "MNIST_MIRRORS", (url + "mnist/",))
    monkeypatch.setattr(M, "MNIST_SHA256", hashes)
    with pytest.raises(DatasetDownloadError) as info:
        load_mnist()
    msg = str(info.value)
    assert "train-labels-idx1-ubyte.gz" in msg and "0" * 64 in msg
    assert url + "mnist/train-labels-idx1-ubyte.gz" in msg
    assert gets("train-labels-idx1-ubyte.gz") == 1
    assert not (cache / "train-labels-idx1-ubyte.gz").exists()   # nothing unverified kept


def test_offline_fails_fast_with_instructions(cache, monkeypatch):
    mirrors = (_closed_port_url(), _closed_port_url().replace("/mnist/", "/other/"))
    monkeypatch.setattr(M, "MNIST_MIRRORS", mirrors)
    t0 = time.time()
    with pytest.raises(DatasetDownloadError) as info:
        load_mnist()
    elapsed = time.time() - t0
    assert elapsed < 5, elapsed
    msg = str(info.value)
    for m in mirrors:
        assert m + "train-images-idx3-ubyte.gz" in msg
    assert str(cache) in msg
    assert "THEANOX_MNIST" in msg and "THEANOX_DATA" in msg
    assert all(n + ".gz" in msg for n in IDX_NAMES.values())
    assert isinstance(info.value, FileNotFoundError)


def test_pickle_or_raw_idx_placed_in_cache_by_hand(cache, monkeypatch):
    monkeypatch.setattr(M, "fetch_mnist", lambda *a, **k: pytest.fail("downloaded"))
    cache.mkdir(parents=True)
    hashes = _write_tiny_idx(cache, compress=False)
    monkeypatch.setattr(M, "MNIST_SHA256", hashes)
    _check_tiny(load_mnist())
    # Raw idx files whose hash is wrong are not trusted (here: would download).
    monkeypatch.setattr(M, "MNIST_SHA256", {k: "0" * 64 for k in hashes})
    with pytest.raises(FileNotFoundError, match="download=False"):
        load_mnist(download=False)
    tr, va, te = _write_tiny_pickle(cache / "mnist.pkl.gz")
    assert load_mnist(onehot=False)[2].tolist() == [0, 1, 2, 3, 4, 5, 6]


# --------------------------------------------------------------------- real MNIST

def _real_source():
    """Return (kind, where) for the real MNIST if present, else skip saying why."""
    env = os.environ.get("THEANOX_MNIST")
    try:
        return M._locate(download=False)
    except FileNotFoundError as e:
        pytest.skip("real MNIST not present (%s); set THEANOX_MNIST to mnist.pkl.gz or run "
                    "`python -m theanox.datasets` to download it: %s"
                    % ("THEANOX_MNIST=%s" % env if env else "THEANOX_MNIST unset, cache empty",
                       str(e).splitlines()[0]))


@pytest.fixture(scope="module")
def real_mnist():
    _real_source()
    return load_mnist(download=False)


def test_real_shapes_dtypes_ranges(real_mnist):
    trX, teX, trY, teY = real_mnist
    assert trX.shape == (60000, 784) and teX.shape == (10000, 784)
    assert trY.shape == (60000, 10) and teY.shape == (10000, 10)
    for a in (trX, teX, trY, teY):
        assert a.dtype == np.float32
    assert trX.min() >= 0 and trX.max() <= 1
    assert teX.min() >= 0 and teX.max() <= 1
    np.testing.assert_array_equal(trY.sum(1), 1)
    np.testing.assert_array_equal(teY.sum(1), 1)
    # The first labels of MNIST's training and test sets.
    assert list(trY[:10].argmax(1)) == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert list(teY[:10].argmax(1)) == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]


def test_real_data_is_the_published_mnist():
    """The bytes behind the data hash to MNIST's published raw idx SHA-256s."""
    kind, where = _real_source()
    if kind == "pickle":
        with gzip.open(where, "rb") if where.endswith(".gz") else open(where, "rb") as f:
            (a, ay), (b, by), (c, cy) = pickle.load(f, encoding="latin1")
        images = {"train-images-idx3-ubyte": np.concatenate([a, b]) * 256,
                  "t10k-images-idx3-ubyte": c * 256}
        for name, x in images.items():         # the pickle stores byte / 256 exactly
            assert np.array_equal(x, np.round(x))
            raw = _idx([len(x), 28, 28], np.round(x).astype(np.uint8).tobytes())
            assert hashlib.sha256(raw).hexdigest() == M.MNIST_SHA256[name], name
        for name, y in (("train-labels-idx1-ubyte", np.concatenate([ay, by])),
                        ("t10k-labels-idx1-ubyte", cy)):
            raw = _idx([len(y)], np.asarray(y).astype(np.uint8).tobytes())
            assert hashlib.sha256(raw).hexdigest() == M.MNIST_SHA256[name], name
    else:
        for path in where.values():
            with gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb") as f:
                raw = f.read()
            name = os.path.basename(path).replace(".gz", "")
            assert hashlib.sha256(raw).hexdigest() == M.MNIST_SHA256[name], name


def test_real_int_labels_and_limits():
    _real_source()
    trX, teX, trY, teY = load_mnist(onehot=False, ntrain=1000, ntest=100, download=False)
    assert trX.shape == (1000, 784) and teX.shape == (100, 784)
    assert trY.shape == (1000,) and teY.shape == (100,)
    assert trY.dtype.kind == "i" and teY.dtype.kind == "i"
    assert trY.min() == 0 and trY.max() == 9
