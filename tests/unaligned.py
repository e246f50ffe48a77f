"""A test helper: NumPy arrays whose data is not 64-byte aligned (as NumPy's often are)."""
import numpy as np


def unaligned(a):
    """Returns a copy of ``a`` whose data starts 16 bytes past a 64-byte boundary."""
    buf = np.empty(a.nbytes + 128, np.uint8)
    start = (-buf.ctypes.data % 64) + 16
    out = buf[start:start + a.nbytes].view(a.dtype).reshape(a.shape)
    out[...] = a
    return out
