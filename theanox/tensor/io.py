"""Theano's ``theano.tensor.io``: ``load`` / ``LoadFromDisk``, an array read from a .npy
file each time the function runs.  (Its MPI send/recv ops are listed as not applicable:
multi-host transfers are jax.distributed and sharding.)

The read happens on the host inside the program (a custom op); the array's shape is
taken from the file's header when the function is compiled.
"""
import numpy as np

from theanox.graph.basic import Apply, Op
from theanox.tensor.type import TensorType


class LoadFromDisk(Op):
    """Returns the array stored at ``path`` (a .npy file), of ``dtype`` and
    ``broadcastable``; ``mmap_mode`` None or 'c' (copy-on-write memory map), as Theano."""

    __props__ = ("dtype", "broadcastable", "mmap_mode", "path")
    foldable = False          # the file is read at each call, never at compile time

    def __init__(self, dtype, broadcastable, mmap_mode=None, path=None):
        self.dtype = np.dtype(dtype).name
        self.broadcastable = tuple(bool(b) for b in broadcastable)
        if mmap_mode not in (None, "c"):
            raise ValueError("The only supported values for mmap_mode are None and 'c', got %s"
                             % (mmap_mode,))
        self.mmap_mode = mmap_mode
        self.path = path

    def make_node(self, path):
        path = getattr(path, "data", path)          # a constant holding the path
        if not isinstance(path, str):
            raise TypeError("load: the path must be a string (known when the graph is "
                            "built), got %r" % (path,))
        op = LoadFromDisk(self.dtype, self.broadcastable, self.mmap_mode, path)
        return Apply(op, [], [TensorType(self.dtype, self.broadcastable)()])

    def infer_shape(self, node, shapes):
        return [np.load(self.path, mmap_mode="r").shape]

    def perform(self, node, inputs, outputs):
        data = np.load(self.path, mmap_mode=self.mmap_mode)
        if data.dtype != self.dtype:
            raise TypeError("Expected an array of type %s, got %s instead"
                            % (self.dtype, data.dtype))
        outputs[0][0] = np.asarray(data)

    def jax(self, node=None):
        # A callback with no inputs: run at each call (a perform on no traced values
        # would be evaluated once, when the program is traced).
        import jax
        header = np.load(self.path, mmap_mode="r")
        if header.dtype != self.dtype:
            raise TypeError("Expected an array of type %s, got %s instead"
                            % (self.dtype, header.dtype))
        shape = header.shape

        def read():
            cell = [[None]]
            self.perform(node, [], cell)
            if cell[0][0].shape != shape:
                raise ValueError("load: %s now holds an array of shape %s; the function was "
                                 "compiled for %s" % (self.path, cell[0][0].shape, shape))
            return cell[0][0]
        return jax.pure_callback(read, jax.ShapeDtypeStruct(shape, self.dtype))

    def __str__(self):
        return "Load{dtype: %s, broadcastable: %s, mmep: %s}" % (
            self.dtype, self.broadcastable, self.mmap_mode)


def load(path, dtype, broadcastable, mmap_mode=None):
    """Returns a variable whose value is read from the .npy file ``path`` at each call."""
    return LoadFromDisk(dtype, broadcastable, mmap_mode)(path)
