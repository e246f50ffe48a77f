"""Theano's ``theano.compile.ops`` ops: ViewOp, DeepCopyOp, and the C-code registries.

``view_op(x)`` returns x unchanged (Theano's view of the same memory);
``deep_copy_op(x)`` returns a copy (Theano inserts it where an output would alias an
input).  On JAX arrays are immutable, so both compute the identity; they stay distinct
ops so graphs print and compare as in Theano.

Theano's ``register_*_c_code(type, code, version)`` hooks gave these ops C code for
new types.  theanox compiles no C code: the hooks record what they are given in
``c_code_and_version`` (op class -> {type: (code, version, ...)}) so code that
registers and later inspects finds its entry, and the ops keep computing via XLA.
"""
from theanox.graph.basic import Apply, Op, Variable
from theanox.tensor.basic import SpecifyShape, specify_shape  # noqa: F401
from theanox.tensor.shapes import Rebroadcast, Shape, Shape_i, shape  # noqa: F401


def _as_variable(x):
    if isinstance(x, Variable):
        return x
    from theanox.tensor.conversion import as_tensor_variable
    return as_tensor_variable(x)


class ViewOp(Op):
    """Returns its input (Theano: a view sharing the input's memory)."""

    view_map = {0: [0]}

    def make_node(self, x):
        x = _as_variable(x)
        return Apply(self, [x], [x.type()])

    def jax(self, x, node=None):
        return x

    def perform(self, node, inputs, output_storage):
        output_storage[0][0] = inputs[0]

    def infer_shape(self, node, input_shapes):
        return input_shapes

    def grad(self, inputs, output_gradients):
        return list(output_gradients)


class DeepCopyOp(Op):
    """Returns a copy of its input (Theano: a new buffer, never an alias)."""

    def make_node(self, x):
        x = _as_variable(x)
        return Apply(self, [x], [x.type()])

    def jax(self, x, node=None):
        import jax.numpy as jnp
        return jnp.array(x, copy=True)

    def perform(self, node, inputs, output_storage):
        import copy
        output_storage[0][0] = copy.deepcopy(inputs[0])

    def infer_shape(self, node, input_shapes):
        return input_shapes

    def grad(self, inputs, output_gradients):
        return list(output_gradients)


view_op = ViewOp()
deep_copy_op = DeepCopyOp()

# op class -> {type: (code, version, ...)}: what the register_*_c_code hooks were given.
c_code_and_version = {ViewOp: {}, DeepCopyOp: {}, Shape: {}, Shape_i: {}, SpecifyShape: {},
                      Rebroadcast: {}}


def register_view_op_c_code(type, code, version=()):
    """Records C code for ViewOp on ``type`` (not compiled on JAX; see module docstring)."""
    c_code_and_version[ViewOp][type] = (code, version)


def register_deep_copy_op_c_code(typ, code, version=()):
    """Records C code for DeepCopyOp on ``typ`` (not compiled on JAX)."""
    c_code_and_version[DeepCopyOp][typ] = (code, version)


def register_shape_c_code(type, code, version=()):
    """Records C code for Shape on ``type`` (not compiled on JAX)."""
    c_code_and_version[Shape][type] = (code, version)


def register_shape_i_c_code(typ, code, check_input, version=()):
    """Records C code and its input check for Shape_i on ``typ`` (not compiled on JAX)."""
    c_code_and_version[Shape_i][typ] = (code, check_input, version)


def register_specify_shape_c_code(typ, code, version=(), c_support_code_apply=None):
    """Records C code for SpecifyShape on ``typ`` (not compiled on JAX)."""
    c_code_and_version[SpecifyShape][typ] = (code, version, c_support_code_apply)


def register_rebroadcast_c_code(typ, code, version=()):
    """Records C code for Rebroadcast on ``typ`` (not compiled on JAX)."""
    c_code_and_version[Rebroadcast][typ] = (code, version)
