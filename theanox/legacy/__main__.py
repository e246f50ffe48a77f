"""``python -m theanox.legacy script.py [args]``: run a Python 2 program (see the package)."""

import sys

from theanox.legacy import main

if __name__ == "__main__":
    sys.exit(main())
