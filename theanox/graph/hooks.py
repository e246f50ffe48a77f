"""Services that a higher layer provides to the layers below it.

Imports point down the layers (docs/ARCHITECTURE.md, tests/test_layers.py).  A few
features of a low layer need a higher one: ``Variable.eval`` and ``verify_grad``
compile a function (``theanox.function``); error messages, DebugMode and notebook
reprs print a graph (``theanox.printing``).  The higher module registers its
implementation here when it is imported (``import theanox`` imports every
provider), and the lower module calls it through here.
"""


class Service:
    """Returns what the registered implementation returns when called.

    ``provider`` names the module that registers the implementation; calling the
    service before that module is imported raises RuntimeError.
    """

    def __init__(self, name, provider):
        self.name = name
        self.provider = provider
        self._fn = None

    def register(self, fn):
        """Returns ``fn``, now the implementation of this service."""
        self._fn = fn
        return fn

    def __call__(self, *args, **kwargs):
        fn = self._fn
        if fn is None:
            raise RuntimeError("%s is provided by %s, which is not imported yet: import "
                               "theanox first" % (self.name, self.provider))
        return fn(*args, **kwargs)

    def __repr__(self):
        return "<service %s from %s>" % (self.name, self.provider)


# theanox.function.function: compile inputs -> outputs.
compile_function = Service("compile_function", "theanox.function")
# theanox.graph.testvalue: store test values on a new node's outputs.
compute_test_value = Service("compute_test_value", "theanox.graph.testvalue")
get_test_value = Service("get_test_value", "theanox.graph.testvalue")
# theanox.compile.lower: the output values of one node from its inputs' values
# (test values, theanox.graph.testvalue).
evaluate_node = Service("evaluate_node", "theanox.compile.lower")
# theanox.compile.mode: a mode fit for checking gradients (not DebugMode's slow checks).
mode_not_slow = Service("mode_not_slow", "theanox.compile.mode")
# theanox.printing: Theano's text and picture forms of a graph.
debugprint = Service("debugprint", "theanox.printing")
debugprint_with_prefix = Service("debugprint_with_prefix", "theanox.printing")
repr_svg = Service("repr_svg", "theanox.printing")
repr_mimebundle = Service("repr_mimebundle", "theanox.printing")
