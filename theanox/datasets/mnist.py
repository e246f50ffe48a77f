"""MNIST, as the seed tutorial's ``load.py`` ``mnist()`` returns it, downloaded on first use.

Where the data comes from, in order:

1. the ``path`` argument of :func:`load_mnist` (a file or a directory);
2. the environment variable ``THEANOX_MNIST`` (a file or a directory);
3. the cache directory ``data_home()/mnist`` — ``~/.theanox/datasets/mnist``, or
   ``$THEANOX_DATA/mnist`` when ``THEANOX_DATA`` is set. A ``mnist.pkl.gz`` placed
   there by hand is used as it is; otherwise the four idx files are downloaded
   into it on first use from the public mirrors (``MNIST_MIRRORS``), each checked
   against its published SHA-256 (``MNIST_SHA256``), with a progress bar, and never
   downloaded again.

When ``path`` or ``THEANOX_MNIST`` is given, nothing is downloaded: the data must
be there (FileNotFoundError otherwise).

Two on-disk formats are read:

* the deeplearning.net pickle ``mnist.pkl.gz`` (or ``mnist.pkl``):
  ``((trX, trY), (vaX, vaY), (teX, teY))`` with 50000/10000/10000 rows; train and
  valid, in that order, are the original 60000 training images. Its pixels are the
  idx bytes / 256, kept as stored;
* the four idx files of the MNIST distribution (``train-images-idx3-ubyte``,
  ``train-labels-idx1-ubyte``, ``t10k-images-idx3-ubyte``,
  ``t10k-labels-idx1-ubyte``, each optionally ``.gz``), pixels / 255 as the seed's
  ``load.py`` scales them.
"""
import gzip
import hashlib
import os
import pickle
import re

import numpy as np

PICKLE_NAMES = ("mnist.pkl.gz", "mnist.pkl")
IDX_NAMES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}

#: Public mirrors of the MNIST idx files, tried in order (both serve the same bytes).
MNIST_MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)

#: SHA-256 of the files the mirrors serve (gzipped) and of their contents (raw idx).
MNIST_SHA256 = {
    "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
    "train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
    "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
    "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}

#: Seconds to wait for a mirror to accept the connection / between bytes of a download.
CONNECT_TIMEOUT = 2.0
READ_TIMEOUT = 60.0

_IDX_DTYPES = {
    0x08: np.uint8, 0x09: np.int8, 0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"), 0x0D: np.dtype(">f4"), 0x0E: np.dtype(">f8"),
}


class DatasetDownloadError(FileNotFoundError):
    """MNIST is not on disk and could not be downloaded (the message says how to fix it)."""


def data_home():
    """Return the directory theanox caches data sets in (``$THEANOX_DATA`` or ~/.theanox/datasets)."""
    env = os.environ.get("THEANOX_DATA")
    if env:
        return os.path.abspath(os.path.expanduser(env))
    return os.path.join(os.path.expanduser("~"), ".theanox", "datasets")


def mnist_cache_dir():
    """Return the directory MNIST is downloaded into (``data_home()/mnist``)."""
    return os.path.join(data_home(), "mnist")


def mnist_search_paths(path=None):
    """Return the list of places load_mnist looks at, in order (the cache last)."""
    if path is not None:
        return [os.path.abspath(os.path.expanduser(str(path)))]
    env = os.environ.get("THEANOX_MNIST")
    if env:
        return [os.path.abspath(os.path.expanduser(env))]
    return [mnist_cache_dir()]


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


def sha256_file(path, chunk=1 << 20):
    """Return the hex SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(chunk), b""):
            h.update(block)
    return h.hexdigest()


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


def _find_in(place):
    """Return ('pickle', file), ('idx', {key: file}) or None for one place."""
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
    return None


def _manual_instructions(directory):
    names = "".join("      %s\n" % (n + ".gz") for n in IDX_NAMES.values())
    return ("To install MNIST by hand, either\n"
            "  * download these four files from one of the mirrors above (any MNIST copy\n"
            "    with the same SHA-256 will do):\n%s"
            "    into %s\n"
            "    (the cache directory: $THEANOX_DATA/mnist when THEANOX_DATA is set), or\n"
            "  * set THEANOX_MNIST to the deeplearning.net pickle mnist.pkl.gz, or to a\n"
            "    directory holding it or the four idx files (.gz or not)."
            % (names, directory))


def _short(exc):
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    if isinstance(reason, BaseException):      # requests -> urllib3: name the root cause
        exc = reason
    text = str(exc).splitlines()[0] if str(exc) else ""
    text = re.sub(r"^<[^>]*>: ", "", text)
    if len(text) > 160:
        text = text[:157] + "..."
    return "%s: %s" % (type(exc).__name__, text)


def fetch_mnist(directory=None, mirrors=None, sha256=None, progressbar=True):
    """Return ``{key: path}`` of the four gzipped MNIST idx files, downloading missing ones.

    Files already in ``directory`` (default ``mnist_cache_dir()``) whose SHA-256
    matches are used as they are; others are downloaded with pooch from the first
    mirror that answers, checked against ``sha256`` (default ``MNIST_SHA256``) and
    kept. A mirror that refuses the connection or times out is not tried again for
    the other files. Raises DatasetDownloadError naming the file, every URL tried
    and why it failed, and how to place the files by hand.
    """
    import pooch
    import requests

    directory = os.path.abspath(directory or mnist_cache_dir())
    mirrors = tuple(MNIST_MIRRORS if mirrors is None else mirrors)
    sha256 = dict(MNIST_SHA256 if sha256 is None else sha256)
    downloader = pooch.HTTPDownloader(progressbar=progressbar,
                                      timeout=(CONNECT_TIMEOUT, READ_TIMEOUT))
    dead = {}          # mirror -> why it was given up on
    found = {}
    for key, name in IDX_NAMES.items():
        fname = name + ".gz"
        tried = []
        for mirror in mirrors:
            url = mirror.rstrip("/") + "/" + fname
            if mirror in dead:
                tried.append("%s: not tried (%s)" % (url, dead[mirror]))
                continue
            try:
                found[key] = pooch.retrieve(url, known_hash="sha256:" + sha256[fname],
                                            fname=fname, path=directory,
                                            downloader=downloader)
                break
            except (requests.exceptions.ConnectionError,
                    requests.exceptions.Timeout) as e:
                dead[mirror] = "%s did not answer" % mirror
                tried.append("%s: %s" % (url, _short(e)))
            except (requests.exceptions.RequestException, ValueError, OSError) as e:
                tried.append("%s: %s" % (url, _short(e)))
        else:
            raise DatasetDownloadError(
                "MNIST: could not download %s (SHA-256 %s) into %s.\nTried:\n  %s\n%s"
                % (fname, sha256[fname], directory, "\n  ".join(tried),
                   _manual_instructions(directory)))
    return found


def _locate(path=None, download=True, progressbar=True):
    """Return ('pickle', file) or ('idx', {key: file}) for MNIST, downloading if allowed."""
    places = mnist_search_paths(path)
    explicit = path is not None or bool(os.environ.get("THEANOX_MNIST"))
    for place in places:
        hit = _find_in(place)
        if hit is not None and (explicit or hit[0] == "pickle"):
            return hit
    if explicit:
        source = "the path argument" if path is not None else "$THEANOX_MNIST"
        raise FileNotFoundError(
            "MNIST not found at %s (from %s). Looked for %s or the four idx files "
            "(%s, optionally .gz). Point THEANOX_MNIST at the pickle file or at a "
            "directory holding it or the idx files, or unset it to download MNIST into %s."
            % (places[0], source, " / ".join(PICKLE_NAMES),
               ", ".join(IDX_NAMES.values()), mnist_cache_dir()))
    cache = places[0]
    # Idx files in the cache (downloaded, or gunzipped/placed by hand) are used
    # when their SHA-256 is right.
    for suffix in (".gz", ""):
        files = {k: os.path.join(cache, n + suffix) for k, n in IDX_NAMES.items()}
        if all(os.path.isfile(p) and sha256_file(p) == MNIST_SHA256.get(os.path.basename(p))
               for p in files.values()):
            return "idx", files
    if not download:
        raise FileNotFoundError("MNIST is not in %s (with the right SHA-256) and "
                                "download=False.\n%s" % (cache, _manual_instructions(cache)))
    return "idx", fetch_mnist(cache, progressbar=progressbar)


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


def load_mnist(path=None, onehot=True, ntrain=60000, ntest=10000, download=True,
               progressbar=True):
    """Return MNIST as ``(trX, teX, trY, teY)``, like the seed's ``load.mnist()``.

    trX: float32 [ntrain, 784], teX: float32 [ntest, 784], pixels in [0, 1];
    trY/teY: float32 one-hot rows [n, 10] if ``onehot`` else int64 labels [n].
    ``path`` (or ``$THEANOX_MNIST``) may name the pickle file or a directory; without
    either, MNIST is read from the cache directory and downloaded there on first use
    (see the module doc). Raises FileNotFoundError (DatasetDownloadError when the
    download failed) saying where it looked, which URLs it tried, and what to do.
    """
    kind, where = _locate(path, download=download, progressbar=progressbar)
    trX, teX, trY, teY = _load_pickle(where) if kind == "pickle" else _load_idx(where)
    trX, trY = trX[:ntrain], np.asarray(trY[:ntrain], dtype=np.int64)
    teX, teY = teX[:ntest], np.asarray(teY[:ntest], dtype=np.int64)
    if onehot:
        trY, teY = one_hot(trY, 10), one_hot(teY, 10)
    return trX, teX, trY, teY
