"""Large buffers are reused, not mapped afresh per call (compile/program.py, _reuse_large_buffers).

The reference is glibc's own accounting (``mallinfo2().hblks``, the number of chunks
it serves with mmap), read in fresh processes.
"""
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PROBE = r"""
import ctypes
import theanox as theano
import theanox.tensor as T
x = T.dvector()
theano.function([x], x + 1)([1.0])          # the first compiled function tunes the allocator
libc = ctypes.CDLL(None)
class Info(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in
                "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost".split()]
libc.mallinfo2.restype = Info
libc.malloc.restype = ctypes.c_void_p
before = libc.mallinfo2().hblks
p = libc.malloc(40 << 20)
print(libc.mallinfo2().hblks - before)
libc.free(ctypes.c_void_p(p))
"""


def _glibc():
    try:
        return os.confstr("CS_GNU_LIBC_VERSION").startswith("glibc")
    except (AttributeError, ValueError, OSError):
        return False


def _probe(threshold):
    env = dict(os.environ, PYTHONPATH=ROOT)
    env.pop("THEANOX_MMAP_THRESHOLD", None)
    if threshold is not None:
        env["THEANOX_MMAP_THRESHOLD"] = threshold
    return subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.skipif(not _glibc(), reason="the mmap threshold is glibc's")
def test_a_40mb_buffer_comes_from_the_heap_not_a_fresh_mapping():
    tuned = _probe(None)
    assert tuned.returncode == 0, tuned.stderr
    assert tuned.stdout.split()[-1] == "0"      # no new mmapped chunk
    untouched = _probe("0")
    assert untouched.returncode == 0, untouched.stderr
    assert untouched.stdout.split()[-1] == "1"  # glibc's default: mapped afresh


def test_a_bad_threshold_is_refused_clearly():
    r = _probe("lots")
    assert r.returncode != 0
    assert "THEANOX_MMAP_THRESHOLD must be a number of bytes" in r.stderr
    assert "'lots'" in r.stderr
