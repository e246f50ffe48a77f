"""MNIST, as the seed tutorial's ``load.py`` ``mnist()`` returns it.

Two on-disk formats are read:

* the deeplearning.net pickle ``mnist.pkl.gz`` (or ``mnist.pkl``):
  ``((trX, trY), (vaX, vaY), (teX, teY))`` with 50000/10000/10000 rows; train and
  valid, in that order, are the original 60000 training images;
* the four raw idx files of the MNIST distribution
  (``train-images-idx3-ubyte``, ``train-labels-idx1-ubyte``,
  ``t10k-images-idx3-ubyte``, ``t10k-labels-idx1-ubyte``, each optionally ``.gz``),
  pixels scaled by 1/255.

Where to look, in order: the ``path`` argument, the environment variable
``THEANOX_MNIST``, ``../shared/data`` next to the repository root, ``../shared/data``
relative to the current directory, ``~/.theanox/mnist``, and the seed's ``./mnist/``.
Each may be a file (the pickle) or a directory holding the pickle or the idx files.
"""
import gzip
import os
import pickle

import numpy as np

PICKLE_NAMES = ("mnist.pkl.gz", "mnist.pkl")
IDX_NAMES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}

_IDX_DTYPES = {
    0x08: np.uint8, 0x09: np.int8, 0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"), 0x0D: np.dtype(">f4"), 0x0E: np.dtype(">f8"),
}


def _repo_root():
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def mnist_search_paths(path=None):
    """Return the list of places load_mnist looks at, in order."""
    places = []
    if path is not None:
        places.append(os.path.expanduser(str(path)))
    env = os.environ.get("THEANOX_MNIST")
    if env:
        places.append(os.path.expanduser(env))
    places.append(os.path.normpath(os.path.join(_repo_root(), "..", "shared", "data")))
    places.append(os.path.normpath(os.path.join(os.getcwd(), "..", "shared", "data")))
    places.append(os.path.expanduser(os.path.join("~", ".theanox", "mnist")))
    places.append(os.path.normpath(os.path.join(os.getcwd(), "mnist")))
    unique = []
    for p in places:
        if p not in unique:
            unique.append(p)
    return unique


def _open(path):
    return gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb")


def read_idx(path):
    """Return the array stored in an idx file (``.gz`` allowed), e.g. MNIST's."""
    with _open(path) as f:
        data = f.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0:
        raise ValueError("%s is not an idx file (bad magic number)" % path)
    code, ndim = data[2], data[3]
    if code not in _IDX_DTYPES:
        raise ValueError("%s: unknown idx element type 0x%02x" % (path, code))
    header = 4 + 4 * ndim
    dims = tuple(int(d) for d in np.frombuffer(data[4:header], dtype=">u4"))
    dtype = np.dtype(_IDX_DTYPES[code])
    count = int(np.prod(dims)) if dims else 1
    if len(data) - header < count * dtype.itemsize:
        raise ValueError("%s is truncated: header says %s" % (path, dims))
    arr = np.frombuffer(data, dtype=dtype, count=count, offset=header)
    return arr.reshape(dims).astype(dtype.newbyteorder("="))


def one_hot(x, n):
    """Return float32 rows with a 1 at each label of ``x`` (n columns)."""
    x = np.asarray(x).flatten()
    o_h = np.zeros((len(x), n), dtype=np.float32)
    o_h[np.arange(len(x)), x] = 1
    return o_h


def _find_idx(directory):
    found = {}
    for key, name in IDX_NAMES.items():
        for candidate in (name, name + ".gz"):
            p = os.path.join(directory, candidate)
            if os.path.isfile(p):
                found[key] = p
                break
        else:
            return None
    return found


def _locate(path=None):
    """Return ('pickle', file) or ('idx', {key: file}) for the first MNIST found."""
    places = mnist_search_paths(path)
    for place in places:
        if os.path.isfile(place):
            return "pickle", place
        if os.path.isdir(place):
            for name in PICKLE_NAMES:
                p = os.path.join(place, name)
                if os.path.isfile(p):
                    return "pickle", p
            idx = _find_idx(place)
            if idx is not None:
                return "idx", idx
    raise FileNotFoundError(
        "MNIST not found. Looked for %s or the four idx files (%s, optionally .gz) in:\n  %s\n"
        "Put mnist.pkl.gz in one of these places or set THEANOX_MNIST to its path "
        "(a file or a directory)."
        % (" / ".join(PICKLE_NAMES), ", ".join(IDX_NAMES.values()), "\n  ".join(places)))


def _load_pickle(p):
    with _open(p) as f:
        (trX, trY), (vaX, vaY), (teX, teY) = pickle.load(f, encoding="latin1")
    trX = np.concatenate([trX, vaX]).astype(np.float32, copy=False)
    trY = np.concatenate([trY, vaY])
    return trX, np.asarray(teX, dtype=np.float32), trY, teY


def _load_idx(files):
    def images(p):
        a = read_idx(p)
        return (a.reshape(a.shape[0], -1).astype(np.float32) / np.float32(255.0))
    return (images(files["train_images"]), images(files["test_images"]),
            read_idx(files["train_labels"]).reshape(-1),
            read_idx(files["test_labels"]).reshape(-1))


def load_mnist(path=None, onehot=True, ntrain=60000, ntest=10000):
    """Return MNIST as ``(trX, teX, trY, teY)``, like the seed's ``load.mnist()``.

    trX: float32 [ntrain, 784], teX: float32 [ntest, 784], pixels in [0, 1];
    trY/teY: float32 one-hot rows [n, 10] if ``onehot`` else int64 labels [n].
    ``path`` may name the pickle file or a directory (see the module doc for the
    search order). Raises FileNotFoundError listing where it looked.
    """
    kind, where = _locate(path)
    trX, teX, trY, teY = _load_pickle(where) if kind == "pickle" else _load_idx(where)
    trX, trY = trX[:ntrain], np.asarray(trY[:ntrain], dtype=np.int64)
    teX, teY = teX[:ntest], np.asarray(teY[:ntest], dtype=np.int64)
    if onehot:
        trY, teY = one_hot(trY, 10), one_hot(teY, 10)
    return trX, teX, trY, teY
