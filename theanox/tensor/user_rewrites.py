"""Users' graph rewrites written against Theano's optimizer API (``theano.gof.opt``).

A local rewrite is an object with ``transform(node)`` returning replacement outputs
(a list, or a dict {old output: new}) or None/False: ``@local_optimizer(tracks)``
on a function, ``PatternSub``, ``OpSub``, ``OpRemove``, ``LocalOptGroup``.  Registered
with ``register_canonicalize`` / ``register_specialize`` / ``register_stabilize`` (or
``optdb[...].register``, or ``optdb.register`` of a ``TopoOptimizer`` /
``in2out`` / ``EquilibriumOptimizer`` of local rewrites), it joins the rules that
FAST_RUN applies to every function compiled afterwards (``tensor/rewrites.py``) when
tagged 'fast_run' (``register_*`` always tag it so), and FAST_COMPILE too when tagged
'fast_compile'; ``Mode.including/excluding`` select it by its name and tags.  ``TopoOptimizer(lopt).optimize
(fgraph)`` rewrites a FunctionGraph directly.  A global optimizer (a subclass of
``Optimizer`` with its own ``apply(fgraph)``) cannot join theanox's functional rewriting
and is refused with NotImplementedError when registered.
"""
from theanox.graph.basic import Op, Variable
from theanox.graph.fg import FunctionGraph, rewrite_outputs
from theanox.tensor import rewrites
from theanox.tensor.conversion import as_tensor_variable, constant
from theanox.tensor.elemwise import Elemwise


class LocalOptimizer:
    """Returns replacement outputs for one node from ``transform(node)`` (or None/False)."""

    def tracks(self):
        return None

    def transform(self, node):
        raise NotImplementedError("%s must define transform(node)" % type(self).__name__)

    def __call__(self, node):
        return self.transform(node)


class FromFunctionLocalOptimizer(LocalOptimizer):
    """Returns ``fn(node)`` for the nodes of the tracked ops (``@local_optimizer``)."""

    def __init__(self, fn, tracks=None, requirements=()):
        self.fn, self._tracks, self.requirements = fn, tracks, tuple(requirements)
        self.__name__ = getattr(fn, "__name__", "local_optimizer")

    def tracks(self):
        return self._tracks

    def transform(self, node):
        return self.fn(node)

    def __str__(self):
        return self.__name__


def local_optimizer(tracks, inplace=False, requirements=()):
    """Returns a decorator making ``fn(node)`` a local rewrite of the nodes of ``tracks``
    (Op instances, Op classes or tensor functions such as ``T.add``; None: every node)."""
    if inplace:
        raise NotImplementedError("local_optimizer(inplace=True): theanox never rewrites in "
                                  "place (XLA decides buffer reuse); drop inplace=True")
    if tracks is not None:
        tracks = list(tracks)
        for t in tracks:
            if not (isinstance(t, Op) or isinstance(t, type) or callable(t)):
                raise TypeError("local_optimizer: tracks must hold Ops, Op classes or tensor "
                                "functions, got %r" % (t,))

    def decorator(fn):
        return FromFunctionLocalOptimizer(fn, tracks, requirements)
    return decorator


def _matches_op(op, pattern_op):
    """Returns True when ``op`` is (an instance of) ``pattern_op``; a tensor function
    such as ``T.add`` matches the Elemwise of the same name."""
    if isinstance(pattern_op, Op):
        return op == pattern_op
    if isinstance(pattern_op, type):
        return isinstance(op, pattern_op)
    name = getattr(pattern_op, "__name__", None)
    return isinstance(op, Elemwise) and op.scalar_op.name in (name, name + "_")


def _tracked(lopt, node):
    tracks = lopt.tracks() if callable(getattr(lopt, "tracks", None)) else None
    return tracks is None or any(_matches_op(node.op, t) for t in tracks)


def as_rule(lopt):
    """Returns the theanox rule (node -> replacement outputs or None) of a local rewrite."""
    def rule(node):
        if not _tracked(lopt, node):
            return None
        got = lopt.transform(node)
        if got is None or got is False:
            return None
        if isinstance(got, dict):
            got = [got.get(o, o) for o in node.outputs]
        got = [as_tensor_variable(g) for g in got]
        if len(got) != len(node.outputs):
            raise ValueError("%s returned %d replacements for the %d outputs of %s"
                             % (lopt, len(got), len(node.outputs), node))
        for old, new in zip(node.outputs, got):
            if old.type.dtype != new.type.dtype or old.type.ndim != new.type.ndim:
                raise TypeError("%s replaced %s (type %s) by %s of another type (%s); a "
                                "rewrite must keep each output's type (cast it)"
                                % (lopt, old, old.type, new, new.type))
        if all(a is b for a, b in zip(got, node.outputs)):
            return None
        return got
    rule.__name__ = getattr(lopt, "__name__", type(lopt).__name__)
    return rule


class LocalOptGroup(LocalOptimizer):
    """Returns the replacement of the first of ``optimizers`` that rewrites the node."""

    def __init__(self, *optimizers, **kwargs):
        if len(optimizers) == 1 and isinstance(optimizers[0], (list, tuple)):
            optimizers = optimizers[0]
        self.optimizers = list(optimizers)
        self.__name__ = kwargs.get("name") or "LocalOptGroup"

    def transform(self, node):
        for lopt in self.optimizers:
            if _tracked(lopt, node):
                got = lopt.transform(node)
                if got:
                    return got
        return None


class OpSub(LocalOptimizer):
    """Replaces each node of ``op1`` by ``op2`` applied to the same inputs."""

    def __init__(self, op1, op2, transfer_tags=True):
        self.op1, self.op2 = op1, op2
        self.__name__ = "OpSub(%s -> %s)" % (op1, op2)

    def tracks(self):
        return [self.op1]

    def transform(self, node):
        out = self.op2(*node.inputs)
        return list(out) if isinstance(out, (list, tuple)) else [out]


class OpRemove(LocalOptimizer):
    """Replaces each node of ``op`` by its input."""

    def __init__(self, op):
        self.op = op
        self.__name__ = "OpRemove(%s)" % op

    def tracks(self):
        return [self.op]

    def transform(self, node):
        return list(node.inputs)


class PatternSub(LocalOptimizer):
    """Replaces what matches ``in_pattern`` by ``out_pattern`` (Theano's pattern syntax).

    A pattern is a string (a variable, the same one wherever the string repeats), a
    number (a constant of that value), a tuple ``(op, *sub-patterns)`` (op: an Op, an
    Op class or a tensor function such as ``T.mul``) or a dict ``{'pattern': p,
    'constraint': fn(variable) -> bool}``.
    """

    def __init__(self, in_pattern, out_pattern, allow_multiple_clients=False,
                 skip_identities_fn=None, name=None, pdb=False, tracks=(), get_nodes=None,
                 values_eq_approx=None):
        for arg, value in (("skip_identities_fn", skip_identities_fn), ("pdb", pdb),
                           ("get_nodes", get_nodes), ("values_eq_approx", values_eq_approx)):
            if value:
                raise NotImplementedError("PatternSub(%s=...) is not supported by theanox" % arg)
        if not isinstance(in_pattern, (tuple, dict)):
            raise TypeError("PatternSub: in_pattern must be a tuple (op, ...) or a dict, got %r"
                            % (in_pattern,))
        self.in_pattern, self.out_pattern = in_pattern, out_pattern
        self.__name__ = name or "PatternSub"
        self._tracks = list(tracks) or [_head(in_pattern)]

    def tracks(self):
        return self._tracks

    def transform(self, node):
        binding = {}
        if len(node.outputs) != 1 or not _match(self.in_pattern, node.outputs[0], binding):
            return None
        out = _build(self.out_pattern, binding)
        old = node.outputs[0]
        if out.type.dtype != old.type.dtype or out.type.ndim != old.type.ndim:
            return None
        return [out]


def _head(pattern):
    return _head(pattern["pattern"]) if isinstance(pattern, dict) else pattern[0]


def _match(pattern, var, binding):
    if isinstance(pattern, dict):
        ok = _match(pattern["pattern"], var, binding)
        check = pattern.get("constraint")
        return ok and (check is None or bool(check(var)))
    if isinstance(pattern, str):
        if pattern in binding:
            return binding[pattern] is var
        binding[pattern] = var
        return True
    if isinstance(pattern, (int, float)):
        value = rewrites.const_value(var)
        return value is not None and value == pattern
    if isinstance(pattern, tuple):
        node = var.owner
        if node is None or not _matches_op(node.op, pattern[0]):
            return False
        subs = pattern[1:]
        return len(subs) == len(node.inputs) and \
            all(_match(p, i, binding) for p, i in zip(subs, node.inputs))
    if isinstance(pattern, Variable):
        return pattern is var
    raise TypeError("PatternSub: cannot match the pattern %r" % (pattern,))


def _build(pattern, binding):
    if isinstance(pattern, str):
        return binding[pattern]
    if isinstance(pattern, (int, float)):
        return constant(pattern)
    if isinstance(pattern, Variable):
        return pattern
    if isinstance(pattern, dict):
        return _build(pattern["pattern"], binding)
    if isinstance(pattern, tuple):
        return pattern[0](*[_build(p, binding) for p in pattern[1:]])
    raise TypeError("PatternSub: cannot build the pattern %r" % (pattern,))


# ---------------------------------------------------------------- global optimizers

class Optimizer:
    """Returns None from ``optimize(fgraph)`` after rewriting ``fgraph`` (``apply``)."""

    def optimize(self, fgraph, *args, **kwargs):
        return self.apply(fgraph, *args, **kwargs)

    def apply(self, fgraph):
        raise NotImplementedError("%s must define apply(fgraph)" % type(self).__name__)

    def __call__(self, fgraph):
        return self.optimize(fgraph)

    def local_rewrites(self):
        """Returns the local rewrites this optimizer applies (None: not made of them)."""
        return None


class TopoOptimizer(Optimizer):
    """Applies a local rewrite to every node of a graph (until nothing changes)."""

    def __init__(self, local_opt, order="in_to_out", ignore_newtrees=False,
                 failure_callback=None):
        if order not in ("in_to_out", "out_to_in"):
            raise ValueError("TopoOptimizer: order must be 'in_to_out' or 'out_to_in', got %r"
                             % (order,))
        if failure_callback is not None:
            raise NotImplementedError("TopoOptimizer(failure_callback=...): theanox lets a "
                                      "failing rewrite raise")
        self.local_opt, self.order = local_opt, order

    def local_rewrites(self):
        return [self.local_opt]

    def apply(self, fgraph):
        if not isinstance(fgraph, FunctionGraph):
            raise TypeError("%s.optimize expects a FunctionGraph, got %r"
                            % (type(self).__name__, fgraph))
        rules = [as_rule(lopt) for lopt in self.local_rewrites()]
        fgraph.outputs = rewrite_outputs(fgraph.outputs, rules, merge=False)
        fgraph._rebuild()


class EquilibriumOptimizer(TopoOptimizer):
    """Applies local rewrites to every node until none applies."""

    def __init__(self, optimizers, failure_callback=None, ignore_newtrees=True,
                 tracks_on_change_inputs=False, max_use_ratio=None, final_optimizers=None,
                 cleanup_optimizers=None):
        if failure_callback is not None or final_optimizers or cleanup_optimizers:
            raise NotImplementedError("EquilibriumOptimizer: failure_callback, "
                                      "final_optimizers and cleanup_optimizers are not "
                                      "supported by theanox")
        self.optimizers, self.order = list(optimizers), "in_to_out"

    def local_rewrites(self):
        return list(self.optimizers)


def in2out(*local_opts, **kwargs):
    """Returns a TopoOptimizer applying ``local_opts`` (a LocalOptGroup) inputs first."""
    name = kwargs.pop("name", None)
    if kwargs:
        raise TypeError("in2out: unsupported arguments %s" % sorted(kwargs))
    opt = local_opts[0] if len(local_opts) == 1 else LocalOptGroup(*local_opts, name=name)
    return TopoOptimizer(opt, order="in_to_out")


def out2in(*local_opts, **kwargs):
    """Returns a TopoOptimizer applying ``local_opts`` (a LocalOptGroup) outputs first."""
    opt = in2out(*local_opts, **kwargs)
    opt.order = "out_to_in"
    return opt


# ---------------------------------------------------------------- optdb and register_*

_STAGES = ("canonicalize", "stabilize", "specialize", "specialize_device", "uncanonicalize")


class _Stage:
    """Returns a named group of ``optdb`` (``optdb['specialize']``); ``register`` adds a
    local rewrite to the rules of FAST_RUN (and FAST_COMPILE when tagged so)."""

    def __init__(self, name):
        self.name = name
        self.registered = {}

    def register(self, name, obj, *tags, **kwargs):
        kwargs.pop("use_db_name_as_tag", None)
        if kwargs:
            raise TypeError("optdb[%r].register: unsupported arguments %s"
                            % (self.name, sorted(kwargs)))
        lopts = obj.local_rewrites() if isinstance(obj, Optimizer) else [obj]
        if lopts is None or not all(callable(getattr(lo, "transform", None)) for lo in lopts):
            raise NotImplementedError(
                "%s is a global optimizer (apply(fgraph)); theanox applies only local "
                "rewrites (transform(node)): write it with @local_optimizer, PatternSub or "
                "OpSub and register that" % (obj,))
        if name in self.registered:
            raise ValueError("optdb: a rewrite named %r is already registered" % name)
        self.registered[name] = obj
        for lopt in lopts:
            rule = as_rule(lopt)
            # Mode.including/excluding/requiring see the rule by these tags; without
            # 'fast_run' it runs only in a mode that includes one of them (Theano).
            rule.__name__ = name
            rule.theano_tags = frozenset(tags) | {name, self.name}
            rule.default_on = "fast_run" in tags
            rewrites.register(rule)
            if "fast_compile" in tags:
                rewrites.FAST_COMPILE_RULES.register(rule)
        return obj


class _OptDB:
    """Theano's ``optdb``: ``optdb['canonicalize' | 'stabilize' | 'specialize' | ...]`` and
    ``optdb.register(name, optimizer, position, *tags)``."""

    def __init__(self):
        self.stages = {name: _Stage(name) for name in _STAGES}
        self.stages["user"] = _Stage("user")

    def __getitem__(self, name):
        if name not in self.stages:
            raise KeyError("optdb has no group %r in theanox; user rewrites go to %s"
                           % (name, ", ".join(_STAGES)))
        return self.stages[name]

    def __contains__(self, name):
        return name in self.stages

    def register(self, name, obj, position=None, *tags, **kwargs):
        return self.stages["user"].register(name, obj, *tags, **kwargs)


optdb = _OptDB()


def _register_in(stage):
    def register(lopt, *tags, **kwargs):
        if isinstance(lopt, str):            # @register_specialize('tag', ...)
            def decorate(inner):
                return register(inner, lopt, *tags, **kwargs)
            return decorate
        name = kwargs.pop("name", None) or getattr(lopt, "__name__", None) or str(lopt)
        optdb[stage].register(name, lopt, "fast_run", *tags, **kwargs)
        return lopt
    register.__name__ = "register_" + stage
    register.__doc__ = ("Returns ``lopt`` after adding it to the %s rewrites (applied by "
                        "FAST_RUN to functions compiled afterwards)." % stage)
    return register


register_canonicalize = _register_in("canonicalize")
register_stabilize = _register_in("stabilize")
register_specialize = _register_in("specialize")
register_specialize_device = _register_in("specialize_device")
register_uncanonicalize = _register_in("uncanonicalize")
