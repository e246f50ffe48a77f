"""Theano's ``theano.tensor.nnet.blocksparse``: block-sparse matrix products.

``W`` holds (iBlocks, oBlocks, iSize, oSize) blocks; each example b uses the input
blocks ``inputIdx[b]`` and the output blocks ``outputIdx[b]``:
o[b, j] += sum_i h[b, i] @ W[inputIdx[b, i], outputIdx[b, j]] (SparseBlockGemv), and
SparseBlockOuter gives the matching outer products (the gradient wrt those blocks of W).
"""
from theanox.graph.basic import Apply, Op
from theanox.tensor import basic as B


class SparseBlockGemv(Op):
    """(o, W, h, inputIdx, outputIdx) -> o + the block products (Theano's op)."""

    __props__ = ("inplace",)

    def __init__(self, inplace=False):
        if inplace:
            raise ValueError("SparseBlockGemv(inplace=True): JAX arrays are immutable")
        self.inplace = False

    def make_node(self, o, W, h, inputIdx, outputIdx):
        o, W, h, ii, oi = [B.as_tensor_variable(v) for v in (o, W, h, inputIdx, outputIdx)]
        if (o.ndim, W.ndim, h.ndim, ii.ndim, oi.ndim) != (3, 4, 3, 2, 2):
            raise TypeError("SparseBlockGemv: expected o 3-d, W 4-d, h 3-d, inputIdx and "
                            "outputIdx matrices; got %s" % ([v.type for v in
                                                             (o, W, h, ii, oi)],))
        return Apply(self, [o, W, h, ii, oi], [o.type()])

    def jax(self, o, W, h, ii, oi, node=None):
        import jax.numpy as jnp
        blocks = W[ii[:, :, None], oi[:, None, :]]          # (batch, i, j, iSize, oSize)
        return o + jnp.einsum("bis,bijso->bjo", h, blocks).astype(o.dtype)


class SparseBlockOuter(Op):
    """(o, x, y, xIdx, yIdx, alpha) -> o with alpha * outer(x[b, i], y[b, j]) added at
    block (xIdx[b, i], yIdx[b, j]) (Theano's op)."""

    __props__ = ("inplace",)

    def __init__(self, inplace=False):
        if inplace:
            raise ValueError("SparseBlockOuter(inplace=True): JAX arrays are immutable")
        self.inplace = False

    def make_node(self, o, x, y, xIdx, yIdx, alpha=None):
        vals = [B.as_tensor_variable(v) for v in (o, x, y, xIdx, yIdx)]
        alpha = B.as_tensor_variable(1.0 if alpha is None else alpha)
        return Apply(self, vals + [alpha], [vals[0].type()])

    def jax(self, o, x, y, xi, yi, alpha, node=None):
        import jax.numpy as jnp
        outer = jnp.einsum("bis,bjo->bijso", x, y) * alpha
        return o.at[xi[:, :, None], yi[:, None, :]].add(outer.astype(o.dtype))


sparse_block_gemv = SparseBlockGemv()
sparse_block_outer = SparseBlockOuter()


def sparse_block_dot(W, h, inputIdx, b, outputIdx):
    """Returns b[outputIdx] + the block products of h with W (Theano's sparse_block_dot)."""
    W, h, b = B.as_tensor_variable(W), B.as_tensor_variable(h), B.as_tensor_variable(b)
    inputIdx, outputIdx = B.as_tensor_variable(inputIdx), B.as_tensor_variable(outputIdx)
    if h.ndim == 2:
        h = h.dimshuffle("x", 0, 1)
        inputIdx = inputIdx.dimshuffle("x", 0)
    if outputIdx.ndim == 1:
        outputIdx = outputIdx.dimshuffle("x", 0)
    return sparse_block_gemv(b.take(outputIdx, axis=0), W, h, inputIdx, outputIdx)
