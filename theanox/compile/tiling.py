"""Evaluating a function call in tiles along the batch axis, to bound its memory.

Theano's C ops ran one after the other over the whole batch, and so does an XLA
program, but XLA keeps more intermediates alive at once (and a layout change of a
convolution's output is one more full copy): the seed's CNN ``predict`` on the 10,000
MNIST test images at once peaked at 4.4 GB against Theano's 1.56 GB.  When

* every row of the outputs depends only on the same row of the inputs (a classifier's
  ``predict``: convolutions, pooling, element-wise ops, ``dot`` with weights,
  reductions and softmax over other axes; checked op by op below, so anything else,
  updates included, keeps the whole batch), and
* the largest intermediate of the call would exceed ``config.tiling.budget`` MB,

the program runs ``lax.map`` over tiles of rows (the same program on each) and the
rest of the rows once more, so the intermediates hold one tile at a time.
"""
import numpy as np

from theanox import config
from theanox.graph.basic import io_toposort


def separable_inputs(inputs, outputs):
    """Returns the set of ``inputs`` positions that are batched when every output's row i
    depends only on row i of those inputs (an empty set when that does not hold)."""
    batched = {v for v in inputs if getattr(getattr(v, "type", None), "ndim", 0) >= 1
               and not hasattr(v, "get_value")}          # shared variables are weights
    if not batched:
        return set()
    for node in io_toposort(list(inputs), list(outputs)):
        flags = [i in batched for i in node.inputs]
        if not any(flags):
            continue
        if not _row_wise(node, flags):
            return set()
        batched.update(node.outputs)
    if not all(o in batched for o in outputs):
        return set()
    return {i for i, v in enumerate(inputs) if v in batched}


def _row_wise(node, flags):
    """Returns True when ``node``'s outputs keep axis 0 as the batch axis of its inputs'."""
    from theanox.tensor.elemwise import DimShuffle, Elemwise
    from theanox.tensor.linalg import Dot
    from theanox.tensor.nnet.abstract_conv import AbstractConv
    from theanox.tensor.nnet.nnet import LogSoftmax, Softmax, SoftmaxWithBias
    from theanox.tensor.reduction import Reduce
    from theanox.tensor.shapes import Flatten
    from theanox.tensor.signal.pool import Pool
    op, ins = node.op, node.inputs
    if any(getattr(o.type, "ndim", 0) < 1 for o in node.outputs):
        return False
    if isinstance(op, Elemwise):
        # a batch-independent operand must broadcast along axis 0
        return all(f and not v.broadcastable[0] or (not f and v.broadcastable[:1] in ((), (True,)))
                   for v, f in zip(ins, flags))
    if isinstance(op, DimShuffle):
        return bool(op.new_order) and op.new_order[0] == 0
    if isinstance(op, Flatten):
        return op.outdim >= 2              # outdim=1 would run rows together
    if isinstance(op, Dot):
        return flags == [True, False] and ins[0].ndim == 2
    if isinstance(op, Reduce):
        return op.axis is not None and 0 not in op.axis and flags[0]
    if isinstance(op, (Softmax, LogSoftmax)):
        return ins[0].ndim == 2
    if isinstance(op, SoftmaxWithBias):
        return flags == [True, False]
    if isinstance(op, AbstractConv):
        return flags == [True, False]
    if isinstance(op, Pool):
        return flags == [True] and ins[0].ndim > op.ndim
    return False


def tile_rows(run, vals, batched, n_out):
    """Returns run(*vals), computed over tiles of rows when its largest intermediate would
    exceed the budget (``run`` returns n_out outputs then run-time check flags)."""
    import jax
    import jax.numpy as jnp
    budget = float(config.get_config("tiling.budget")) * 2 ** 20
    rows = {np.shape(vals[i])[0] for i in batched}
    if budget <= 0 or len(rows) != 1:
        return run(*vals)
    n = rows.pop()
    try:
        per_row = _largest_per_row(run, vals, batched)
    except Exception:
        # the probe (2 rows) failed: trace the real call, whose error names real shapes
        return run(*vals)
    tile = max(1, int(budget // per_row)) if per_row else n
    if tile >= n:
        return run(*vals)
    k = n // tile

    def on_rows(sub):
        full = list(vals)
        for i, v in zip(batched, sub):
            full[i] = v
        return run(*full)
    heads = [jnp.reshape(vals[i][:k * tile], (k, tile) + np.shape(vals[i])[1:])
             for i in batched]
    outs = jax.lax.map(on_rows, heads)
    result = [jnp.reshape(o, (k * tile,) + o.shape[2:]) for o in outs[:n_out]]
    flags = [jnp.all(f, axis=0) for f in outs[n_out:]]      # every tile's checks held
    if k * tile < n:
        tail = on_rows([vals[i][k * tile:] for i in batched])
        result = [jnp.concatenate([a, b]) for a, b in zip(result, tail[:n_out])]
        flags = [jnp.logical_and(a, b) for a, b in zip(flags, tail[n_out:])]
    return tuple(result) + tuple(flags)


def _largest_per_row(run, vals, batched):
    """Returns the bytes per row of the largest intermediate (traced with 2 rows)."""
    import jax
    args = [jax.ShapeDtypeStruct((2,) + np.shape(v)[1:] if i in batched else np.shape(v),
                                 v.dtype) for i, v in enumerate(vals)]
    jaxpr = jax.make_jaxpr(run)(*args)
    largest = 0

    def visit(jx):
        nonlocal largest
        for eqn in jx.eqns:
            for v in eqn.outvars:
                aval = v.aval
                if hasattr(aval, "shape"):
                    largest = max(largest, int(np.prod(aval.shape)) * aval.dtype.itemsize)
            for p in eqn.params.values():
                sub = getattr(p, "jaxpr", None)
                if sub is not None:
                    visit(getattr(sub, "jaxpr", sub))
    visit(jaxpr.jaxpr)
    return largest / 2.0
