"""Theano's attributes of a compiled function (``theano.compile.function_module.Function``).

Theano exposed its executor's parts: ``f.fn`` (the VM), ``f.input_storage`` (one
Container per input, shared variables included), ``f.container``/``f.value``
(mappings from an input's name or variable to its Container/default value),
``f.finder``, ``f.defaults``, ``f.indices`` and the flags of its calling convention.
A theanox function keeps its inputs' default values in a list and its shared
variables on the device; these attributes present them in Theano's shapes.
``Function`` (theanox/function.py) inherits this class.
"""
from theanox.graph.container import Container


class _DefaultSlot:
    """One-element storage over a function's default value for input ``pos``."""

    def __init__(self, function, pos):
        self.function, self.pos = function, pos

    def __getitem__(self, i):
        return self.function._defaults[self.pos]

    def __setitem__(self, i, value):
        self.function._defaults[self.pos] = value


class _SharedSlot:
    """One-element storage over a shared variable's value (get_value/set_value)."""

    def __init__(self, shared):
        self.shared = shared

    def __getitem__(self, i):
        return self.shared.get_value()

    def __setitem__(self, i, value):
        self.shared.set_value(value)


class _ByInput:
    """Returns ``get(pos)`` for an input given by name, variable or position (f.value...)."""

    def __init__(self, function, get, set=None):
        self.function, self.get, self.set = function, get, set

    def __getitem__(self, item):
        return self.get(self.function._input_position(item))

    def __setitem__(self, item, value):
        if self.set is None:
            raise TypeError("this mapping is read-only; set the Container's value instead")
        self.set(self.function._input_position(item), value)

    def __contains__(self, item):
        return item in self.function

    def __iter__(self):
        return iter(spec.variable for spec in self.function.input_specs)


class FunctionAttributes:
    """Theano's Function attributes, computed from a theanox Function's fields."""

    maker = None                     # the FunctionMaker, set when the function is built
    name = None
    profile = None
    trust_input = False
    output_keys = None               # theanox functions return lists (dict outputs refused)
    pickle_aliased_memory_strategy = "warn"

    @property
    def fn(self):
        """Returns the compiled program (Theano: the VM running the graph)."""
        return self._program

    @property
    def outputs(self):
        """Returns the output variables (updates excluded)."""
        return list(self.fgraph.outputs[:self.n_out])

    @property
    def n_returned_outputs(self):
        return self.n_out

    @property
    def unpack_single(self):
        """True when a one-output function returns the value itself, not a list."""
        return bool(self.single)

    @property
    def return_none(self):
        """True when the function returns None (it has no outputs)."""
        return self.n_out == 0

    @property
    def input_storage(self):
        """Returns one Container per explicit input, then one per shared variable."""
        cells = [Container(spec.variable, _DefaultSlot(self, pos), name=spec.name,
                           strict=spec.strict, allow_downcast=spec.allow_downcast)
                 for pos, spec in enumerate(self.input_specs)]
        return cells + [Container(s, _SharedSlot(s), name=s.name) for s in self.shared_vars]

    @property
    def container(self):
        """Returns a mapping: input name/variable -> its Container (``f.container[x].value``)."""
        cells = self.input_storage
        return _ByInput(self, lambda pos: cells[pos])

    @property
    def value(self):
        """Returns a mapping: input name/variable -> its default value (settable)."""
        return _ByInput(self, lambda pos: self._defaults[pos],
                        lambda pos, v: self.__setitem__(self.input_specs[pos].variable, v))

    @property
    def defaults(self):
        """Returns (required, refeed, value) per input, as Theano lists them."""
        return [(self._defaults[pos] is None, spec.update is not None, self._defaults[pos])
                for pos, spec in enumerate(self.input_specs)]

    @property
    def indices(self):
        """Returns (In, None, [In]) per input (Theano's input index table)."""
        return [(spec, None, [spec]) for spec in self.input_specs]

    @property
    def finder(self):
        """Returns {input variable, In, or name: Container}."""
        found = {}
        for spec, cell in zip(self.input_specs, self.input_storage):
            found[spec.variable] = found[spec] = cell
            if spec.name is not None:
                found.setdefault(spec.name, cell)
        return found

    @property
    def inv_finder(self):
        """Returns {Container: In} for the explicit inputs."""
        return {cell: spec for spec, cell in zip(self.input_specs, self.input_storage)}

    @property
    def nodes_with_inner_function(self):
        """Returns the graph's nodes that hold an inner graph (scan, OpFromGraph)."""
        return [node for node in self.fgraph.toposort()
                if type(node.op).__name__ in ("Scan", "OpFromGraph")]

    def get_shared(self):
        """Returns the shared variables this function reads."""
        return list(self.shared_vars)

    def sync_shared(self):
        """Waits until every shared variable's device value is computed."""
        for s in self.shared_vars:
            value = getattr(s, "_value", None)
            if hasattr(value, "block_until_ready"):
                value.block_until_ready()

    def __contains__(self, item):
        try:
            self._input_position(item)
        except KeyError:
            return False
        return True

    def __copy__(self):
        return self.copy()
