"""Theano's ``theano.gof.opt``: users' local rewrites (theanox.tensor.user_rewrites).

``@local_optimizer``, ``PatternSub``, ``OpSub``, ``OpRemove``, ``LocalOptGroup``;
``TopoOptimizer``/``in2out``/``out2in``/``EquilibriumOptimizer`` over them.  Registered
with ``theano.tensor.opt.register_specialize`` & co or ``theano.compile.optdb``, they
run in FAST_RUN.  Theano's other global optimizers (its optimizer database, merge
and inplace passes) are not here: theanox merges and XLA fuses.
"""
from theanox.tensor.user_rewrites import (  # noqa: F401
                                          EquilibriumOptimizer,
                                          FromFunctionLocalOptimizer,
                                          LocalOptGroup,
                                          LocalOptimizer,
                                          OpRemove,
                                          OpSub,
                                          Optimizer,
                                          PatternSub,
                                          TopoOptimizer,
                                          in2out,
                                          local_optimizer,
                                          optdb,
                                          out2in,
)

GlobalOptimizer = Optimizer
NavigatorOptimizer = TopoOptimizer
OpKeyOptimizer = TopoOptimizer

__all__ = ["LocalOptimizer", "FromFunctionLocalOptimizer", "local_optimizer", "LocalOptGroup",
           "OpSub", "OpRemove", "PatternSub", "Optimizer", "GlobalOptimizer", "TopoOptimizer",
           "NavigatorOptimizer", "OpKeyOptimizer", "EquilibriumOptimizer", "in2out", "out2in",
           "optdb"]
