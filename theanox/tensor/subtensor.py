"""Indexing: basic slicing (Subtensor), integer-array indexing (AdvancedSubtensor),
set/inc_subtensor, nonzero and take."""
import sys

import numpy as np

from theanox.graph.basic import Apply, Constant, Op, Variable, with_test_values
from theanox.graph.lowering import is_concrete, runtime_check
from theanox.tensor import basic as B
from theanox.tensor.reduction import sum as sum_
from theanox.tensor.type import TensorType, discrete_dtypes

# An index spec is a tuple with one entry per indexed dimension:
#   ("int", k | None)              k: a static int, None: the next symbolic input
#   ("slice", a, b, c)             each a static int, None, or "sym" (next input)
#   ("array",)                     an integer array from the next input (advanced)
#   ("newaxis",)

def _parse(x, args):
    if not isinstance(args, tuple):
        args = (args,)
    # Expand Ellipsis.
    n_real = sum(1 for a in args if a is not None and a is not Ellipsis)
    expanded = []
    for a in args:
        if a is Ellipsis:
            expanded.extend([slice(None)] * (x.ndim - n_real))
        else:
            expanded.append(a)
    spec, inputs, advanced = [], [], False
    for a in expanded:
        if a is None:
            spec.append(("newaxis",))
        elif isinstance(a, slice):
            parts = []
            for p in (a.start, a.stop, a.step):
                if p is None:
                    parts.append(None)
                elif isinstance(p, (int, np.integer)):
                    parts.append(int(p))
                else:
                    p = B.as_tensor_variable(p)
                    if isinstance(p, Constant) and p.ndim == 0:
                        parts.append(int(p.data))
                    else:
                        _check_int_scalar(p)
                        parts.append("sym")
                        inputs.append(p)
            spec.append(("slice",) + tuple(parts))
        elif isinstance(a, (int, np.integer)):
            spec.append(("int", int(a)))
        else:
            v = B.as_tensor_variable(a)
            if v.ndim == 0:
                _check_int_scalar(v)
                if isinstance(v, Constant):
                    spec.append(("int", int(v.data)))
                else:
                    spec.append(("int", None))
                    inputs.append(v)
            elif v.dtype == "bool":
                for part in nonzero(v):
                    spec.append(("array",))
                    inputs.append(part)
                advanced = True
            else:
                if v.dtype not in discrete_dtypes:
                    raise TypeError("index arrays must be integers, got %s (%s). Cast it with "
                                    "T.cast(idx, 'int64')." % (v, v.type))
                spec.append(("array",))
                inputs.append(v)
                advanced = True
    n_idx = sum(1 for s in spec if s[0] != "newaxis")
    if n_idx > x.ndim:
        raise IndexError("too many indices for a %d-d tensor: %d given" % (x.ndim, n_idx))
    return tuple(spec), inputs, advanced


def _check_int_scalar(v):
    if v.dtype not in discrete_dtypes:
        raise TypeError("Indices must be integers, got %s of type %s" % (v, v.type))


def _build_index(spec, syms):
    it = iter(syms)
    idx = []
    for s in spec:
        if s[0] == "newaxis":
            idx.append(None)
        elif s[0] == "int":
            idx.append(s[1] if s[1] is not None else next(it))
        elif s[0] == "slice":
            parts = [int(next(it)) if p == "sym" else p for p in s[1:]]
            idx.append(slice(*parts))
        else:
            idx.append(next(it))
    return tuple(idx)


def _indexable(x, idx):
    """``x`` as an array a traced index can index: a constant tensor arrives as a NumPy
    array, whose ``__getitem__`` would ask the tracer for its value."""
    if isinstance(x, np.ndarray) and not all(
            is_concrete(i) or isinstance(i, (int, np.integer, slice, type(None))) for i in idx):
        import jax.numpy as jnp
        return jnp.asarray(x)
    return x


def _check_indices(spec, idx, shape, node):
    """Raises IndexError (Theano's) for an integer index outside its axis.

    XLA clamps a gather index and drops a scatter one; an index known while tracing
    is checked now, a traced one by a run-time check of the compiled program.
    """
    d = 0
    for s, i in zip(spec, idx):
        if s[0] == "newaxis":
            continue
        if s[0] in ("int", "array") and d < len(shape):
            size = shape[d]
            if is_concrete(i) or isinstance(i, (int, np.integer)):
                a = np.asarray(i)
                if a.dtype.kind in "iu":
                    bad = a[(a < -size) | (a >= size)]
                    if bad.size:        # raises now, or when a lazy branch is taken
                        runtime_check(False, IndexError,
                                      "index %d is out of bounds for axis %d with size %d"
                                      % (bad.ravel()[0], d, size), node)
            elif np.dtype(i.dtype).kind in "iu":
                import jax.numpy as jnp
                runtime_check(jnp.all((i >= -size) & (i < size)), IndexError,
                              "index out of bounds: at run time an index of axis %d (size "
                              "%d) was outside [-%d, %d)" % (d, size, size, size),
                              node)
        d += 1


def _spec_str(spec):
    out = []
    for s in spec:
        if s[0] == "int":
            out.append("int64")
        elif s[0] == "slice":
            out.append(":".join("" if p is None else "int64" for p in s[1:]))
        else:
            out.append(s[0])
    return ", ".join(out)


def _out_type(x, spec, syms):
    """Returns the output TensorType by indexing a small NumPy stand-in."""
    dummy = np.zeros(tuple(1 if b else 3 for b in x.broadcastable), dtype="int8")
    it = iter(syms)
    idx = []
    for s in spec:
        if s[0] == "newaxis":
            idx.append(None)
        elif s[0] == "int":
            if s[1] is not None:
                idx.append(0)
            else:
                next(it)
                idx.append(0)
        elif s[0] == "slice":
            parts = []
            for p in s[1:]:
                if p == "sym":
                    next(it)
                parts.append(None)
            idx.append(slice(*parts))
        else:
            v = next(it)
            idx.append(np.zeros((2,) * v.ndim, dtype="int64"))
    out = dummy[tuple(idx)]
    bcast = []
    # Broadcastable dims survive only from basic slicing of a broadcastable input
    # dim with no start/stop, or from newaxis.
    dim_in = 0
    basic = all(s[0] != "array" for s in spec)
    for s in spec:
        if s[0] == "newaxis":
            bcast.append(True)
        elif s[0] == "int":
            dim_in += 1
        elif s[0] == "slice":
            bcast.append(x.broadcastable[dim_in] and s[1] is None and s[2] is None)
            dim_in += 1
        else:
            dim_in += 1
    bcast += list(x.broadcastable[dim_in:])
    if not basic or len(bcast) != out.ndim:
        bcast = [False] * out.ndim
    return TensorType(x.dtype, bcast)


class Subtensor(Op):
    """Returns ``x[idx]`` for basic indexing (ints and slices)."""

    __props__ = ("idx_list",)

    def __init__(self, idx_list):
        self.idx_list = tuple(idx_list)
        pos, static = 1, []
        for s in self.idx_list:
            if s[0] == "int" and s[1] is None:
                pos += 1
            elif s[0] == "slice":
                for p in s[1:]:
                    if p == "sym":
                        static.append(pos)
                        pos += 1
        self.static_inputs = tuple(static)

    def __str__(self):
        return "Subtensor{%s}" % _spec_str(self.idx_list)

    def make_node(self, x, *syms):
        x = B.as_tensor_variable(x)
        return Apply(self, [x] + list(syms), [_out_type(x, self.idx_list, syms)()])

    def jax(self, x, *syms, node=None):
        idx = _build_index(self.idx_list, syms)
        _check_indices(self.idx_list, idx, np.shape(x), node)
        return _indexable(x, idx)[idx]


class AdvancedSubtensor(Op):
    """Returns ``x[idx]`` with integer-array indices (NumPy's advanced indexing)."""

    __props__ = ("idx_list",)

    def __init__(self, idx_list):
        self.idx_list = tuple(idx_list)
        Subtensor.__init__(self, idx_list)

    def __str__(self):
        arrays = [s for s in self.idx_list if s[0] == "array"]
        if len(arrays) == 1 and self.idx_list[0][0] == "array" and \
                all(s == ("slice", None, None, None) for s in self.idx_list[1:]):
            return "AdvancedSubtensor1"
        return "AdvancedSubtensor"

    def make_node(self, x, *syms):
        x = B.as_tensor_variable(x)
        return Apply(self, [x] + list(syms), [_out_type(x, self.idx_list, syms)()])

    def jax(self, x, *syms, node=None):
        idx = _build_index(self.idx_list, syms)
        _check_indices(self.idx_list, idx, np.shape(x), node)
        return _indexable(x, idx)[idx]


class IncSubtensor(Op):
    """Returns ``x`` with ``x[idx]`` set to (or incremented by) ``y``."""

    __props__ = ("idx_list", "set_instead_of_inc", "advanced")

    def __init__(self, idx_list, set_instead_of_inc=False, advanced=False):
        self.idx_list = tuple(idx_list)
        self.set_instead_of_inc = set_instead_of_inc
        self.advanced = advanced
        Subtensor.__init__(self, idx_list)
        # inputs are (x, y, *syms): the static positions shift by one.
        self.static_inputs = tuple(p + 1 for p in self.static_inputs)
        self.idx_list = tuple(idx_list)

    def __str__(self):
        kind = "Set" if self.set_instead_of_inc else "Inc"
        if self.advanced:
            return "AdvancedIncSubtensor{no_inplace,%s}" % kind.lower()
        return "IncSubtensor{%s;%s}" % (kind, _spec_str(self.idx_list))

    def make_node(self, x, y, *syms):
        x, y = B.as_tensor_variable(x), B.as_tensor_variable(y)
        if y.ndim > x.ndim:
            raise TypeError("set/inc_subtensor: the value %s has more dimensions than %s"
                            % (y.type, x.type))
        return Apply(self, [x, y] + list(syms), [x.type()])

    def jax(self, x, y, *syms, node=None):
        import jax.numpy as jnp
        idx = _build_index(self.idx_list, syms)
        _check_indices(self.idx_list, idx, np.shape(x), node)
        y = jnp.asarray(y, dtype=x.dtype)
        ref = jnp.asarray(x).at[idx]
        return ref.set(y) if self.set_instead_of_inc else ref.add(y)


def getitem(x, args):
    """Returns ``x[args]`` as a Subtensor or AdvancedSubtensor node."""
    spec, syms, advanced = _parse(x, args)
    # x[:] and x[:, :] stay Subtensor nodes, as in Theano: set_subtensor(x[:], y) needs one.
    if not advanced and any(s[0] == "newaxis" for s in spec):
        # newaxis: index without them, then dimshuffle the new axes in.
        plain = tuple(s for s in spec if s[0] != "newaxis")
        out = Subtensor(plain)(x, *syms) if plain else x
        pattern, j = [], 0
        kept_dims = [s for s in spec if s[0] != "int"]
        for s in kept_dims:
            if s[0] == "newaxis":
                pattern.append("x")
            else:
                pattern.append(j)
                j += 1
        pattern += list(range(j, out.ndim))
        return out.dimshuffle(pattern)
    op = AdvancedSubtensor(spec) if advanced else Subtensor(spec)
    return op(x, *syms)


def _inc_or_set(x, y, set_instead_of_inc, inplace=False, tolerate_inplace_aliasing=False):
    if x.owner is None or not isinstance(x.owner.op, (Subtensor, AdvancedSubtensor)):
        if x.owner is not None and isinstance(x.owner.op, B.E.DimShuffle):
            raise TypeError("set_subtensor/inc_subtensor need an indexed tensor like "
                            "x[1:] as first argument; got a dimshuffle (%s)" % x)
        raise TypeError("set_subtensor/inc_subtensor need an indexed tensor like x[1:] or "
                        "x[idx] as first argument, got %s" % x)
    node = x.owner
    base, syms = node.inputs[0], node.inputs[1:]
    advanced = isinstance(node.op, AdvancedSubtensor)
    y = B.as_tensor_variable(y)
    if not set_instead_of_inc and base.dtype[0] in "biu" and y.dtype[0] in "fc":
        # Theano (NumPy's same_kind rule) raises: x[idx] += 0.5 cannot stay integer.
        raise TypeError("inc_subtensor: cannot add %s values (%s) into %s (of dtype %s): "
                        "the sum would be truncated. Cast one side: inc_subtensor(x[...], "
                        "T.cast(y, %r)) or T.cast(x, %r)."
                        % (y.dtype, y, base, base.dtype, base.dtype, y.dtype))
    if y.dtype != base.dtype:
        y = B.cast(y, base.dtype)
    op = IncSubtensor(node.op.idx_list, set_instead_of_inc, advanced)
    return op(base, y, *syms)


def set_subtensor(x, y, inplace=False, tolerate_inplace_aliasing=False):
    """Returns the tensor under ``x`` (an indexed tensor) with ``x``'s part set to ``y``."""
    return _inc_or_set(x, y, True)


def inc_subtensor(x, y, inplace=False, set_instead_of_inc=False,
                  tolerate_inplace_aliasing=False):
    """Returns the tensor under ``x`` with ``y`` added to the indexed part."""
    return _inc_or_set(x, y, set_instead_of_inc)


class NonZero(Op):
    """Returns the indices of nonzero elements, one int64 vector per dimension.

    The count decides the output length; it is a second input the compiler
    computes on the host before dispatch (a staged program).
    """

    static_inputs = (1,)

    def make_node(self, a, count):
        a = B.as_tensor_variable(a)
        return Apply(self, [a, count],
                     [TensorType("int64", (False,))() for _ in range(max(a.ndim, 1))])

    def jax(self, a, count, node=None):
        import jax.numpy as jnp
        out = jnp.nonzero(jnp.atleast_1d(a), size=int(count))
        return tuple(o.astype("int64") for o in out)


def nonzero(a, return_matrix=False):
    """Returns a tuple of index vectors of the nonzero elements of ``a`` (numpy.nonzero)."""
    a = B.as_tensor_variable(a)
    count = sum_(B.neq(a, 0), dtype="int64")
    outs = with_test_values(NonZero().make_node(a, count)).outputs
    if return_matrix:
        return B.stack(outs)
    return tuple(outs)


def flatnonzero(a):
    """Returns the indices of nonzero elements of ``a`` flattened."""
    return nonzero(B.flatten(a))[0]


def nonzero_values(a):
    """Returns the nonzero elements of ``a`` (flattened)."""
    return B.flatten(a)[flatnonzero(a)]


def take(a, indices, axis=None, mode="raise"):
    """Returns elements of ``a`` at ``indices`` along ``axis`` (numpy.take)."""
    a = B.as_tensor_variable(a)
    indices = B.as_tensor_variable(indices)
    if axis is None:
        return B.flatten(a)[indices]
    if axis < 0:
        axis += a.ndim
    if mode == "clip":
        indices = B.clip(indices, 0, a.shape[axis] - 1)
    elif mode == "wrap":
        indices = B.mod(indices, a.shape[axis])
    return a[(slice(None),) * axis + (indices,)]


def _known(x):
    """(the number ``x`` holds, True), or (``x`` itself, False) when it is symbolic."""
    try:
        return B.get_scalar_constant_value(x), True
    except B.NotScalarConstantError:
        return x, False


def _is_number(x, *values):
    # Identity for variables (as Theano's ``in``/``==`` on them); value for numbers.
    if isinstance(x, Variable):
        return any(x is v for v in values)
    return any(v is not None and not isinstance(v, Variable) and x == v for v in values)


def _clip_bound(b, length):
    """A bound of a step-1 slice moved into [0, length], as Python indexing does."""
    if not isinstance(b, Variable) and b >= 0:
        return B.switch(B.lt(b, length), b, length)
    wrapped = b + length
    return B.switch(B.lt(b, 0), B.switch(B.lt(wrapped, 0), 0, wrapped),
                    B.switch(B.lt(b, length), b, length))


def get_canonical_form_slice(theslice, length):
    """Theano's canonical slice: ``(slice(start, stop, step), direction)`` where
    ``0 <= start <= stop <= length``, ``step > 0`` and ``direction`` is 1, or -1 when the
    elements of the canonical slice are to be read in reverse to give ``x[theslice]``.
    An integer index gives ``(index wrapped into [0, length), 1)``.  Parts known at build
    time stay Python/NumPy numbers; the others are symbolic scalars."""
    if not isinstance(theslice, slice):
        i, _ = _known(theslice)
        return B.switch(B.lt(i, 0), i + length, i), 1
    start, start_known = _known(theslice.start)
    stop, stop_known = _known(theslice.stop)
    step, step_known = _known(theslice.step)
    length, length_known = _known(length)
    if step is None:
        step, step_known = 1, True
    if step_known and step == 1:
        # The common cases: a smaller graph when one end is the end of the axis.
        starts_at_0 = start is None or _is_number(start, 0) or (
            start_known and length_known and start < 0 and start + length <= 0)
        ends_at_len = stop is None or _is_number(stop, length, sys.maxsize) or (
            stop_known and length_known and stop >= length)
        if starts_at_0 and ends_at_len:
            return slice(0, length, 1), 1
        if starts_at_0:
            return slice(0, _clip_bound(stop, length), 1), 1
        if ends_at_len:
            return slice(_clip_bound(start, length), length, 1), 1
    if step_known:
        if step == 0:   # Theano's assert; Python's slicing says the same
            raise AssertionError("get_canonical_form_slice: slice step cannot be zero")
        negative = step < 0

        def pick(if_neg, if_pos):
            return if_neg if negative else if_pos
        abs_step, sign = abs(step), (-1 if negative else 1)
    else:
        negative = B.lt(step, 0)

        def pick(if_neg, if_pos):
            return B.switch(negative, if_neg, if_pos)
        abs_step, sign = abs(step), B.sgn(step)
    # First, the first and one-past-last indices visited, in [-1, length].
    if start is None:
        first = pick(length - 1, 0)
    else:
        first = B.switch(B.lt(start, 0), start + length, start)
        first = B.switch(B.lt(first, 0), pick(-1, 0), first)
        first = B.switch(B.ge(first, length), pick(length - 1, length), first)
    if stop is None or _is_number(stop, sys.maxsize):
        end = pick(-1, length)
    else:
        end = B.switch(B.lt(stop, 0), stop + length, stop)
        end = B.switch(B.lt(end, 0), -1, end)
        end = B.switch(B.ge(end, length), length, end)
    # Then the increasing range holding the same elements: for a negative step it ends
    # after ``first`` and starts at the last element the step reaches.
    hi = pick(first + 1, end)
    count = (first - end - 1) // abs_step + 1
    count = B.switch(B.lt(count, 0), 0, count)
    lowest = hi - (count - 1) * abs_step - 1
    lowest = B.switch(B.lt(lowest, 0), hi - 1, lowest)
    lo = pick(lowest, first)
    lo = B.switch(B.lt(lo, 0), 0, lo)
    hi = B.switch(B.lt(hi, 0), 0, hi)
    lo = B.switch(B.lt(lo, hi), lo, hi)
    return slice(lo, hi, abs_step), (1 if _is_number(step, 1) else sign)


def is_subtensor(v):
    return v.owner is not None and isinstance(v.owner.op, (Subtensor, AdvancedSubtensor))


Variable  # re-exported names used by other modules
