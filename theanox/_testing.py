"""theanox.test(): run the test suite of a source checkout."""
import os
import sys


def test(verbose=False, extra_args=()):
    """Returns pytest's exit code after running the tests next to the package.

    The tests live in the repository (``tests/``), not in the installed package;
    from an installed copy without them this raises a clear error.
    """
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    tests = os.path.join(here, "tests")
    if not os.path.isdir(tests):
        raise RuntimeError("theanox.test() needs a source checkout: no tests/ folder next "
                           "to %s. Clone the repository and run `make test`." % here)
    try:
        import pytest
    except ImportError:
        raise RuntimeError("theanox.test() needs pytest: pip install 'theanox[test]'") from None
    args = [tests, "-q"] + (["-v"] if verbose else []) + list(extra_args)
    return pytest.main(args)


if __name__ == "__main__":
    sys.exit(test())
