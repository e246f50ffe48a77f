"""theanox.gof: Theano's ``theano.gof`` names, re-exported from theanox's graph core.

Legacy code subclasses ``gof.Op``, builds ``gof.Apply`` nodes and walks graphs with
``gof.graph.inputs/ancestors/io_toposort``; these are theanox's own classes and
walks (``theanox.graph``), so ops and graphs made either way mix freely.  Users'
local rewrites (``gof.opt``: ``local_optimizer``, ``PatternSub``, ``TopoOptimizer``)
run in FAST_RUN.  Theano's linkers and C code (``COp``, ``c_code``) are not here:
XLA compiles the program.
"""
from theanox.gof import graph, fg, op, opt, type, utils  # noqa: F401
from theanox.gof.opt import (EquilibriumOptimizer, LocalOptGroup, LocalOptimizer,  # noqa: F401
                             OpRemove, OpSub, Optimizer, PatternSub, TopoOptimizer,
                             local_optimizer)
from theanox.gof.graph import (Apply, Constant, Variable, Node, view_roots,  # noqa: F401
                               ancestors, inputs, io_toposort, variables, ops, orphans,
                               clone, is_same_graph)
from theanox.gof.fg import FunctionGraph, MissingInputError, InconsistencyError  # noqa: F401
from theanox.gof.op import Op, PureOp, OpenMPOp, COp  # noqa: F401
from theanox.gof.type import Type, PureType, CLinkerType, Generic, generic  # noqa: F401
from theanox.gof.utils import MethodNotDefined, object2, hashtype  # noqa: F401
