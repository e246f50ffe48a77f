"""Theano's ``theano.compile.ops``: ``as_op``, which wraps a NumPy function into an Op.

The op computes with its Python function on the host (``perform``), inside the
jitted program through ``jax.pure_callback`` (see ``theanox.customop``); its
output shapes come from ``infer_shape`` when given, else from one evaluation of
the function.  It has no gradient unless one is given with ``grad``-defining
subclasses: ``T.grad`` through it raises ``NullTypeGradError``, as in Theano.
"""
from theanox.graph.basic import Apply, Op
from theanox.tensor.conversion import as_tensor_variable


class FromFunctionOp(Op):
    """Returns an Op that computes ``fn`` (NumPy in, NumPy out) on inputs of ``itypes``."""

    __props__ = ("fn", "itypes", "otypes", "infer_shape_fn")

    def __init__(self, fn, itypes, otypes, infer_shape):
        self.fn = fn
        self.itypes = tuple(itypes)
        self.otypes = tuple(otypes)
        self.infer_shape_fn = infer_shape
        self.__name__ = getattr(fn, "__name__", "FromFunctionOp")
        self.__doc__ = getattr(fn, "__doc__", None)

    def __str__(self):
        return "FromFunctionOp{%s}" % self.__name__

    def make_node(self, *inputs):
        if len(inputs) != len(self.itypes):
            raise TypeError("%s takes %d inputs (itypes), got %d"
                            % (self, len(self.itypes), len(inputs)))
        inputs = [as_tensor_variable(i) for i in inputs]
        for k, (i, t) in enumerate(zip(inputs, self.itypes)):
            if i.type != t:
                raise TypeError("%s: input %d has type %s, expected %s (itypes)"
                                % (self, k, i.type, t))
        return Apply(self, inputs, [t() for t in self.otypes])

    def perform(self, node, inputs, outputs):
        outs = self.fn(*inputs)
        if not isinstance(outs, (list, tuple)):
            outs = (outs,)
        if len(outs) != len(outputs):
            raise ValueError("%s returned %d values for %d otypes"
                             % (self, len(outs), len(outputs)))
        for cell, o in zip(outputs, outs):
            cell[0] = o

    def __getattr__(self, name):
        if name == "infer_shape" and self.__dict__.get("infer_shape_fn") is not None:
            fn = self.__dict__["infer_shape_fn"]
            return lambda node, shapes: fn(node, shapes)
        raise AttributeError(name)


def as_op(itypes, otypes, infer_shape=None):
    """Returns a decorator making a NumPy function into an Op of types ``itypes`` -> ``otypes``.

    ``infer_shape(node, input_shapes)`` gives the output shapes; without it the
    shapes come from one evaluation of the function on inputs of the same shapes.
    """
    if not isinstance(itypes, (list, tuple)):
        itypes = [itypes]
    if not isinstance(otypes, (list, tuple)):
        otypes = [otypes]
    if infer_shape is not None and not callable(infer_shape):
        raise TypeError("infer_shape must be a callable (node, input_shapes) -> shapes")

    def make_op(fn):
        return FromFunctionOp(fn, itypes, otypes, infer_shape)
    return make_op


__all__ = ["as_op", "FromFunctionOp"]
