"""``theano.tests``: the helpers legacy code imports from it (``breakpoint.PdbBreakpoint``).

theanox's own test suite is the repository's top-level ``tests/`` directory.
"""
