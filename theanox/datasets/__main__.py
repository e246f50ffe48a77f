"""``python -m theanox.datasets``: download MNIST into the cache now (or say where it is)."""
import sys

from theanox.datasets.mnist import DatasetDownloadError, _locate


def main():
    """Return 0 after printing where MNIST is read from, 1 if it cannot be had."""
    try:
        kind, where = _locate()
    except (DatasetDownloadError, FileNotFoundError) as e:
        print(e, file=sys.stderr)
        return 1
    files = [where] if kind == "pickle" else list(where.values())
    print("MNIST (%s):\n  %s" % (kind, "\n  ".join(files)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
