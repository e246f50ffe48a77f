"""Slices whose bounds are run-time values: the start moves, the length keys the executable.

``x[i*k:(i+1)*k]`` is a slice of static length ``k`` (short only at the end of the
data) whose START changes every call.  The compiler (``theanox.compile.staging``)
rewrites a ``Subtensor``/``IncSubtensor`` with symbolic slice bounds into the ops of
this module: the raw bounds stay run-time inputs of the jitted program (the start is
normalised on the device with Python's slicing rules and fed to
``lax.dynamic_slice``), and one ``SliceLength`` per dynamic slice is the only value
computed on the host before dispatch.  Full minibatches therefore share one
executable; the short last batch gets its own.
"""
import numpy as np

from theanox.graph.basic import Apply, Op
from theanox.tensor.type import TensorType


def slice_length(n, start, stop, step):
    """Returns ``len(range(n)[start:stop:step])`` for Python ints (or None); step 0 raises.

    The host rule of every dynamic slice, called on each call of a compiled function:
    the unit-step case is plain integer arithmetic.
    """
    if step is None or step == 1:
        start = 0 if start is None else (max(start + n, 0) if start < 0 else min(start, n))
        stop = n if stop is None else (max(stop + n, 0) if stop < 0 else min(stop, n))
        return stop - start if stop > start else 0
    if step == 0:
        raise ValueError("slice step cannot be zero (a symbolic slice step evaluated to 0)")
    return len(range(*slice(start, stop, step).indices(n)))


class SliceLength(Op):
    """Returns the length of ``slice(start, stop, step)`` on an axis of size ``n``.

    ``parts`` says, for start, stop and step, whether it is None, a static int or
    "sym" (the next input after ``n``).  Step 0 gives -1 under jit (the host check
    turns it into Python's ValueError).
    """

    __props__ = ("parts",)

    def __init__(self, parts):
        self.parts = tuple(parts)

    def __str__(self):
        return "SliceLength{%s}" % ":".join("" if p is None else str(p) for p in self.parts)

    def make_node(self, n, *syms):
        return Apply(self, [n] + list(syms), [TensorType("int64", ())()])

    def host(self, n, *syms):
        """Returns the length as a Python int (the host rule of ``staging``)."""
        it = iter(syms)
        start, stop, step = (int(next(it)) if p == "sym" else p for p in self.parts)
        return slice_length(int(n), start, stop, step)

    def jax(self, n, *syms, node=None):
        import jax.numpy as jnp
        start, stop, step = _bounds(jnp, self.parts, syms)
        step = 1 if step is None else step
        step_ok = jnp.asarray(step) != 0
        safe = jnp.where(step_ok, step, 1)
        _, length = _normalise(jnp, start, stop, safe, jnp.asarray(n, "int64"))
        return jnp.where(step_ok, length, -1).astype("int64")


class DynamicSubtensor(Op):
    """Returns ``x[idx]`` where slice bounds are run-time values and lengths are static.

    Inputs: ``x``, the symbolic parts of ``idx_list`` (as ``Subtensor``), then one
    length per slice that has a symbolic part (host values: ``static_inputs``).
    """

    __props__ = ("idx_list",)

    def __init__(self, idx_list):
        _set_layout(self, idx_list, n_head=1)

    def __str__(self):
        from theanox.tensor.subtensor import _spec_str
        return "Subtensor{%s}" % _spec_str(self.idx_list)

    def make_node(self, x, *rest):
        from theanox.tensor.subtensor import _out_type
        syms = rest[:self.n_syms]
        return Apply(self, [x] + list(rest), [_out_type(x, self.idx_list, syms)()])

    def jax(self, x, *rest, node=None):
        import jax.numpy as jnp
        from jax import lax
        x = jnp.asarray(x)
        plan = _plan(self.idx_list, rest[:self.n_syms], rest[self.n_syms:], x.shape)
        drop = []
        for axis, kind, start, length, step in plan:
            if kind == "int":
                x = lax.dynamic_slice_in_dim(x, start, 1, axis)
                drop.append(axis)
            else:
                x = _take_slice(x, axis, start, length, step)
        return jnp.squeeze(x, tuple(drop)) if drop else x


class DynamicIncSubtensor(Op):
    """Returns ``x`` with ``x[idx]`` set to (or incremented by) ``y``; bounds as DynamicSubtensor."""

    __props__ = ("idx_list", "set_instead_of_inc")

    def __init__(self, idx_list, set_instead_of_inc):
        self.set_instead_of_inc = set_instead_of_inc
        _set_layout(self, idx_list, n_head=2)

    def __str__(self):
        from theanox.tensor.subtensor import _spec_str
        kind = "Set" if self.set_instead_of_inc else "Inc"
        return "IncSubtensor{%s;%s}" % (kind, _spec_str(self.idx_list))

    def make_node(self, x, y, *rest):
        return Apply(self, [x, y] + list(rest), [x.type()])

    def jax(self, x, y, *rest, node=None):
        import jax.numpy as jnp
        from jax import lax
        x = jnp.asarray(x)
        plan = _plan(self.idx_list, rest[:self.n_syms], rest[self.n_syms:], x.shape)
        window, starts, ints, unit = list(x.shape), [0] * x.ndim, [], True
        for axis, kind, start, length, step in plan:
            starts[axis] = start
            if kind == "int":
                window[axis] = 1
                ints.append(axis)
            elif kind in ("slice", "static"):
                window[axis] = length
                unit = unit and isinstance(step, int) and step == 1
        if not unit:
            return self._scatter(x, y, plan)
        kept = [w for a, w in enumerate(window) if a not in ints]
        y = jnp.broadcast_to(jnp.asarray(y, x.dtype), kept)
        y = y.reshape(window)
        starts = [jnp.asarray(s, "int64") for s in starts]
        if not self.set_instead_of_inc:
            y = lax.dynamic_slice(x, starts, window) + y
        return lax.dynamic_update_slice(x, y, starts)

    def _scatter(self, x, y, plan):
        import jax.numpy as jnp
        index, shape = [], []
        for axis, kind, start, length, step in plan:
            if kind == "int":
                index.append(start)
            else:
                index.append(start + step * jnp.arange(length))
                shape.append(length)
        arrays = [i for i in index if jnp.ndim(i) == 1]
        k = 0
        for pos, i in enumerate(index):
            if jnp.ndim(i) == 1:        # an open mesh: one axis per sliced dimension
                index[pos] = i.reshape([-1 if j == k else 1 for j in range(len(arrays))])
                k += 1
        shape += list(x.shape[len(plan):])
        y = jnp.broadcast_to(jnp.asarray(y, x.dtype), shape)
        ref = x.at[tuple(index)]
        return ref.set(y) if self.set_instead_of_inc else ref.add(y)


def is_dynamic_spec(idx_list):
    """Returns True when some slice of ``idx_list`` has a symbolic start, stop or step."""
    return any(_is_dynamic(s) for s in idx_list)


def length_parts(idx_list, syms):
    """Returns [(parts, axis, its symbolic inputs)] for each dynamic slice of ``idx_list``."""
    out, it, axis = [], iter(syms), 0
    for s in idx_list:
        if s[0] == "int":
            if s[1] is None:
                next(it)
        elif s[0] == "slice":
            mine = [next(it) for p in s[1:] if p == "sym"]
            if _is_dynamic(s):
                out.append((s[1:], axis, mine))
        axis += 1
    return out


# ---------------------------------------------------------------- private rules

def _is_dynamic(s):
    return s[0] == "slice" and "sym" in s[1:]


def _set_layout(op, idx_list, n_head):
    """Sets ``op``'s index spec, symbolic-part count and the positions of its lengths.

    Inputs are ``n_head`` tensors (x, or x and y), the symbolic parts, then one
    length per dynamic slice: those are the op's ``static_inputs``.
    """
    op.idx_list = tuple(idx_list)
    op.n_syms = _count_syms(op.idx_list)
    op.n_dyn = sum(1 for s in op.idx_list if _is_dynamic(s))
    first = n_head + op.n_syms
    op.static_inputs = tuple(range(first, first + op.n_dyn))


def _count_syms(idx_list):
    n = 0
    for s in idx_list:
        if s[0] == "int" and s[1] is None:
            n += 1
        elif s[0] == "slice":
            n += sum(1 for p in s[1:] if p == "sym")
    return n


def _bounds(xp, parts, syms):
    it = iter(syms)
    return [xp.asarray(next(it)).astype("int64") if p == "sym" else p for p in parts]


def _normalise(xp, start, stop, step, n):
    """Returns (first index, length) of slice(start, stop, step) on size n (Python's rules).

    ``start``/``stop`` may be None; ``step`` is nonzero (a value or traced scalar).
    """
    fwd = step > 0

    def bound(v, default_fwd, default_back):
        if v is None:
            return xp.where(fwd, default_fwd, default_back)
        v = xp.where(v < 0, v + n, v)
        return xp.where(fwd, xp.clip(v, 0, n), xp.clip(v, -1, n - 1))

    first = bound(start, 0, n - 1)
    last = bound(stop, n, -1)
    span = xp.where(fwd, last - first, first - last)
    mag = xp.where(fwd, step, -step)
    length = xp.maximum(0, (span + mag - 1) // mag)
    return first, length


def _plan(idx_list, syms, lengths, shape):
    """Returns [(axis, kind, first, length, step)] for the indexed axes of ``shape``.

    kind is "int" (first = the index, made non-negative), "slice" (a dynamic slice:
    first computed on the device, length from the host) or "static".
    """
    import jax.numpy as jnp
    it, lens, plan = iter(syms), iter(lengths), []
    for axis, s in enumerate(idx_list):
        n = shape[axis]
        if s[0] == "int":
            if s[1] is None:
                i = jnp.asarray(next(it)).astype("int64")
                plan.append((axis, "int", jnp.where(i < 0, i + n, i), 1, 1))
            else:
                plan.append((axis, "int", s[1] + n if s[1] < 0 else s[1], 1, 1))
        elif not _is_dynamic(s):
            start, stop, step = slice(*s[1:]).indices(n)
            plan.append((axis, "static", start, len(range(start, stop, step)), step))
        else:
            start, stop, step = _bounds(jnp, s[1:], [next(it) for p in s[1:] if p == "sym"])
            step = 1 if step is None else step
            first, _ = _normalise(jnp, start, stop, step, jnp.asarray(n, "int64"))
            plan.append((axis, "slice", first, int(np.asarray(next(lens))), step))
    return plan


def _take_slice(x, axis, first, length, step):
    import jax.numpy as jnp
    from jax import lax
    if isinstance(step, int) and isinstance(first, int):
        if step > 0:
            return lax.slice_in_dim(x, first, first + (length - 1) * step + 1 if length else first,
                                    step, axis)
        return jnp.take(x, np.arange(length) * step + first, axis=axis)
    if isinstance(step, int) and step == 1:
        return lax.dynamic_slice_in_dim(x, first, length, axis)
    return jnp.take(x, first + step * jnp.arange(length), axis=axis, mode="clip")
