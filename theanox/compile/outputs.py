"""Writable NumPy outputs without a copy: an array over XLA's own output buffer (CPU).

Theano hands the caller arrays it owns and may edit in place, while ``np.asarray``
of a ``jax.Array`` is a read-only view; copying every output (``np.array``) was the
whole gap to hand-written JAX on workloads returning big arrays (benchmarks/
ANALYSIS.md, "Outputs are writable copies").  On the CPU the output buffer of a
call is host memory that nothing else refers to, so the returned array can view it
writable, its ``base`` holding the ``jax.Array`` (the buffer lives as long as the
array; JAX never sees the writes, since nothing else holds that ``jax.Array``).

That holds only for a buffer that is the call's alone.  An output keeps the copy
when it is (decided once per function) not computed by the program (an input, a
shared variable or a constant of the graph: JAX may hand back the argument or a
cached constant), or (checked per call, by buffer address) when its buffer is also
another result of the call (another output, the new value of a shared variable)
or one of the call's arguments (an input passed through, a caller's array that
JAX imported without a copy).  Small outputs are copied: below ``VIEW_MIN_SIZE``
elements a copy is cheaper than building the view.  Other devices, meshes and the
op-by-op modes (DebugMode, profiling) keep the copy.
"""
import ctypes
from math import prod

import numpy as np

# Elements from which a view beats np.array (the view costs ~3-5 us on this machine,
# a copy of 16384 float32 ~7 us).
VIEW_MIN_SIZE = 1 << 14


def view_positions(function):
    """Returns the output positions that may be returned as views, or () for none.

    Only for a function running its jitted program on one CPU device: outputs of
    dimension >= 1 that an Apply node of the graph computes.
    """
    import jax

    from theanox.compile.mode import Mode
    program = function._program
    if function.profile is not None or type(function.mode).runner is not Mode.runner \
            or function._host_outputs:
        return ()
    sharding = program.placement.outputs
    if not isinstance(sharding, jax.sharding.SingleDeviceSharding) \
            or next(iter(sharding.device_set)).platform != "cpu":
        return ()
    return tuple(k for k, v in enumerate(function.fgraph.outputs[:function.n_out])
                 if v.owner is not None and getattr(v.type, "ndim", 0) >= 1)


def results(outs, n_out, borrow, positions, values):
    """Returns the NumPy outputs of a call: views where safe, else copies.

    ``outs``: the program's results (outputs, then new state, maybe check flags);
    ``borrow``: ``Out(v, borrow=True)`` per output (a read-only view, as before);
    ``positions``: ``view_positions``; ``values``: the call's arguments.
    """
    array = _TYPE[0] if _TYPE else _array_type()
    res = []
    big = []
    for k in range(n_out):
        o = outs[k]
        if borrow[k]:
            res.append(np.asarray(o))
            continue
        if k in positions and type(o) is array:
            shape = o.shape
            size = prod(shape)
            if size >= VIEW_MIN_SIZE:
                res.append(o)
                big.append((k, shape, size))
                continue
        res.append(np.array(o))
    if not big:
        return res
    for k, _, _ in big:
        outs[k].block_until_ready()        # a view is read only once the call is done
    # Buffer addresses of every result and argument: a view only of a buffer used once.
    addresses = [o.unsafe_buffer_pointer() if type(o) is array else None for o in outs]
    seen = set()
    shared = set()
    for a in addresses:
        if a is not None:
            (shared if a in seen else seen).add(a)
    for v in values:
        if type(v) is np.ndarray:
            shared.add(v.__array_interface__["data"][0])
        elif type(v) is array and not v.is_deleted():     # a donated state is deleted
            shared.add(v.unsafe_buffer_pointer())
    for k, shape, size in big:
        a = addresses[k]
        res[k] = np.array(outs[k]) if a in shared else _writable_view(outs[k], a, shape, size)
    return res


def _writable_view(o, address, shape, size):
    """Returns a writable NumPy array over ``o``'s buffer; its base keeps ``o`` alive."""
    dtype = o.dtype
    nbytes = size * dtype.itemsize
    kind = _BUFFER_TYPES.get(nbytes)
    if kind is None:
        # ctypes keeps its array types weakly: each call would build the type anew
        # once the previous output is gone; a few sizes are kept here.
        if len(_BUFFER_TYPES) >= 64:
            _BUFFER_TYPES.clear()
        kind = _BUFFER_TYPES[nbytes] = ctypes.c_char * nbytes
    buffer = kind.from_address(address)
    buffer.array = o
    flat = np.frombuffer(buffer, dtype)          # (faster than np.ndarray(buffer=))
    return flat if len(shape) == 1 else flat.reshape(shape)


_TYPE = []
_BUFFER_TYPES = {}


def _array_type():
    """Returns JAX's concrete array class (what a jitted call returns)."""
    import jax.numpy as jnp
    _TYPE.append(type(jnp.zeros(())))
    return _TYPE[0]
