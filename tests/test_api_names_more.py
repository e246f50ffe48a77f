"""Theano 1.0.5 names beyond the tutorial ones: each resolves and does what it did in Theano.

Table tests: one row per name (or family), checked against NumPy, hand-computed values,
or Theano 1.0.5's behaviour (its messages and return structures, quoted from its source
semantics).  tools/api_coverage.py lists the names; this file proves they work.
"""
import copy
import math

import numpy as np
import pytest

import theanox as theano
import theanox.tensor as T
from theanox import compile as C

X = np.array([0.5, 1.5, 2.25])


# ---------------------------------------------------------------- tensor variable methods
METHODS = [
    ("log1p", np.log1p), ("expm1", np.expm1), ("log2", np.log2), ("log10", np.log10),
    ("exp2", np.exp2), ("deg2rad", np.deg2rad), ("rad2deg", np.rad2deg),
    ("__ceil__", np.ceil), ("__floor__", np.floor), ("__trunc__", np.trunc),
]


@pytest.mark.parametrize("cls", ["var", "shared"])
@pytest.mark.parametrize("method,ref", METHODS, ids=[m for m, _ in METHODS])
def test_tensor_variable_methods(cls, method, ref):
    x = T.dvector("x")
    if cls == "shared":
        s = theano.shared(X.copy())
        out = theano.function([], getattr(s, method)())()
    else:
        out = theano.function([x], getattr(x, method)())(X)
    np.testing.assert_allclose(out, ref(X))


def test_math_floor_ceil_trunc_are_symbolic():
    x = T.dvector("x")
    f = theano.function([x], [math.floor(x), math.ceil(x), math.trunc(-x)])
    for got, want in zip(f(X), [np.floor(X), np.ceil(X), np.trunc(-X)]):
        np.testing.assert_array_equal(got, want)


def test_python2_division_dunders():
    # Theano: __div__ is div_proxy: int_div for two integers (config.int_division='int'),
    # true_div otherwise; __rdiv__ swaps; __rdivmod__ gives (other // x, other % x).
    i, d = T.ivector("i"), T.dvector("d")
    iv, dv = np.array([7, -7, 9], "int32"), np.array([2.0, 4.0, -3.0])
    f = theano.function([i, d], [i.__div__(2), d.__div__(2), d.__rdiv__(1.0),
                                 *i.__rdivmod__(20)])
    a, b, c, q, r = f(iv, dv)
    np.testing.assert_array_equal(a, np.array([3, -4, 4]))    # floor division, as NumPy //
    np.testing.assert_allclose(b, dv / 2)
    np.testing.assert_allclose(c, 1.0 / dv)
    np.testing.assert_array_equal(q, 20 // iv)
    np.testing.assert_array_equal(r, 20 % iv)
    assert i.__nonzero__() is True            # Theano: a plain variable is truthy
    with pytest.raises(TypeError):
        (i < 2).__nonzero__()                  # a comparison refuses, as bool() does


def test_dot_dunders():
    a, b = T.dmatrix("a"), T.dvector("b")
    A, B = np.arange(6.0).reshape(2, 3), np.array([1.0, -1.0, 2.0])
    f = theano.function([a, b], [a.__dot__(b), b.__rdot__(a)])
    for got in f(A, B):
        np.testing.assert_allclose(got, A @ B)


def test_construction_observers_and_auto_name():
    seen = []
    T.TensorVariable.append_construction_observer(seen.append)
    try:
        x = T.dvector()
        y = x + 1
    finally:
        T.TensorVariable.remove_construction_observer(seen.append)
    assert x in seen and y in seen
    z = T.dvector()
    assert z not in seen
    assert T.TensorVariable.construction_observers is theano.Variable.construction_observers
    a, b = T.dscalar(), T.dscalar()
    na, nb = int(a.auto_name[5:]), int(b.auto_name[5:])
    assert a.auto_name.startswith("auto_") and nb > na
    assert isinstance(next(theano.Variable.__count__), int)


def test_shared_default_update():
    s = theano.shared(np.float64(0.0), "s")
    assert C.SharedVariable.default_update is None and s.default_update is None
    s.default_update = s + 2
    f = theano.function([], s)
    f(), f()
    assert s.get_value() == 4.0


# ---------------------------------------------------------------- compile
def test_view_and_deep_copy_ops():
    x = T.dvector("x")
    out = C.deep_copy_op(C.view_op(x))
    f = theano.function([x], [out, theano.grad((out * out).sum(), x)])
    v, g = f(X)
    np.testing.assert_allclose(v, X)
    np.testing.assert_allclose(g, 2 * X)
    assert isinstance(C.view_op, C.ViewOp) and isinstance(C.deep_copy_op, C.DeepCopyOp)
    assert C.ViewOp.view_map == {0: [0]}
    assert str(out.owner.op) == "DeepCopyOp" and str(out.owner.inputs[0].owner.op) == "ViewOp"


def test_c_code_registration_is_recorded():
    from theanox.compile.view_ops import c_code_and_version
    tt = T.TensorType("float64", (False,))
    cases = [(C.register_view_op_c_code, C.ViewOp, ("code_v", (1,)), ("code_v", (1,))),
             (C.register_deep_copy_op_c_code, C.DeepCopyOp, ("code_d", (2,)), ("code_d", (2,))),
             (C.register_shape_c_code, C.Shape, ("code_s", (3,)), ("code_s", (3,))),
             (C.register_shape_i_c_code, C.Shape_i, ("code_i", "check", (4,)),
              ("code_i", "check", (4,))),
             (C.register_specify_shape_c_code, C.SpecifyShape, ("code_ss", (5,)),
              ("code_ss", (5,), None)),
             (C.register_rebroadcast_c_code, C.Rebroadcast, ("code_r", (6,)), ("code_r", (6,)))]
    for register, op_class, args, record in cases:
        register(tt, *args)
        assert c_code_and_version[op_class][tt] == record


def test_shape_ops_from_compile():
    x = T.dmatrix("x")
    v = np.zeros((2, 3))
    f = theano.function([x], [C.shape(x), C.Shape_i(1)(x), C.specify_shape(x, (2, 3))])
    s, s1, same = f(v)
    np.testing.assert_array_equal(s, [2, 3])
    assert s1 == 3 and same.shape == (2, 3)
    assert C.Shape is T.Shape and C.Rebroadcast is T.Rebroadcast


def test_pfunc_orig_function_and_inputs():
    x, y = T.dscalar("x"), T.dscalar("y")
    s = theano.shared(np.float64(1.0), "s")
    f = C.pfunc([x], x * s, updates=[(s, s + x)])
    assert f(2.0) == 2.0 and s.get_value() == 3.0
    g = C.orig_function([C.SymbolicInput(x), C.In(y, value=10.0)], [C.SymbolicOutput(x + y)])
    assert g(1.0) == [11.0]
    assert isinstance(C.In(x), C.SymbolicInput) and isinstance(C.Out(x), C.SymbolicOutput)
    assert C.io.SymbolicInput is C.SymbolicInput and C.io.In is theano.In
    # convert_function_input: Theano's input spellings
    conv = C.convert_function_input
    assert conv(x).variable is x
    spec = conv(("nm", x, 3.0))
    assert (spec.name, spec.variable, spec.value) == ("nm", x, 3.0)
    spec = conv(((x, x + 1), 0.5))
    assert spec.update is not None and spec.value == 0.5
    with pytest.raises(TypeError, match="Constant"):
        conv(T.constant(1.0))
    with pytest.raises(TypeError, match="Unknown input type"):
        conv(3)


def test_get_info_on_inputs_messages_as_theano():
    # Theano 1.0.5's sentences (theano/compile/function_module.py).
    assert C.get_info_on_inputs([], 0) == "The function is supposed to have no input."
    assert C.get_info_on_inputs(["a", "b"], 0) == "The function has 2 named inputs (a, b)."
    assert C.get_info_on_inputs([], 2).startswith(
        "The function has 2 inputs, but none of them is named")
    assert C.get_info_on_inputs(["a"], 1) == (
        "The function has 1 named input (a), and 1 unnamed input which thus cannot be "
        "accessed through keyword argument (use 'name=...' in a variable's constructor "
        "to give it a name).")


def test_std_fgraph_and_updated_vars():
    x, u = T.dscalar("x"), T.dscalar("u")
    ins = [C.In(x, update=x + 1), C.In(u)]
    fg, upd = C.std_fgraph(ins, [C.SymbolicOutput(x * u)])
    assert len(fg.outputs) == 2 and isinstance(upd[0], C.SymbolicOutput)
    assert C.fgraph_updated_vars(fg, ins) == {x: fg.outputs[1]}


def test_rebuild_collect_shared():
    x, y = T.dscalar("x"), T.dscalar("y")
    s = theano.shared(np.float64(2.0), "s")
    ins, out, (clone_d, update_d, update_expr, shared_inputs) = C.rebuild_collect_shared(
        x * s, [x], replace={x: y * 3}, updates=[(s, s + x)])
    assert ins == [x] and s in shared_inputs and s in update_d
    f = theano.function([y], out)
    assert f(1.0) == 6.0       # (y * 3) * s
    assert update_expr[0][0] is s


def test_aliasing_helpers_follow_view_map():
    x = T.dvector("x")
    v = C.view_op(x)
    w = v * 2
    assert C.alias_root(v) is x and C.alias_root(w) is w
    fg = theano.FunctionGraph([x], [v, w])
    found = set()
    C.view_tree_set(x, found, fg.clients)
    assert found == {x, v}
    assert C.infer_reuse_pattern(fg, [v]) == [v]
    fg2 = theano.FunctionGraph([x], [v, w])
    C.insert_deepcopy(fg2, [C.In(x)], [C.Out(v), C.Out(w)])
    assert isinstance(fg2.outputs[0].owner.op, C.DeepCopyOp)    # output viewing an input
    assert fg2.outputs[1] is w


def test_supervisor_and_optimizers_of_compile_mode(capsys):
    x = T.dvector("x")
    fg = theano.FunctionGraph([x], [x * 2])
    assert C.Supervisor([x]).validate(fg)
    C.AddDestroyHandler().optimize(fg)
    seen = []

    class Feature:
        def on_attach(self, fgraph):
            seen.append(fgraph)
    C.AddFeatureOptimizer(Feature()).optimize(fg)
    assert seen == [fg]
    C.PrintCurrentFunctionGraph("here").optimize(fg)
    assert "PrintCurrentFunctionGraph: here" in capsys.readouterr().out


def test_io_connection_pattern():
    a, b, c = T.dscalar("a"), T.dscalar("b"), T.dscalar("c")
    assert C.io_connection_pattern([a, b, c], [a + b, c]) == [[True, False], [True, False],
                                                             [False, True]]


def test_optimizer_and_linker_tables():
    assert C.OPT_FAST_RUN == "fast_run" and "fast_run" in C.OPT_FAST_RUN.include
    assert C.predefined_optimizers["o4"] is C.OPT_FAST_RUN
    assert C.predefined_optimizers[None] is C.OPT_NONE
    assert sorted(k for k in C.predefined_linkers) == sorted(
        ["py", "c", "c|py", "c|py_nogc", "vm", "vm_nogc", "cvm", "cvm_nogc"])
    x = T.dscalar("x")
    for opt in (C.OPT_NONE, C.OPT_FAST_RUN, C.OPT_FAST_COMPILE):
        assert theano.function([x], x * 2, mode=theano.Mode(optimizer=opt))(3.0) == 6.0
    assert not theano.Mode(optimizer=C.OPT_NONE).rewrites_enabled

    class MyLinker:
        pass
    C.register_linker("my_linker_for_test", MyLinker())
    assert theano.function([x], x + 1, mode=theano.Mode(linker="my_linker_for_test"))(1.0) == 2
    with pytest.raises(ValueError, match="already taken"):
        C.register_linker("cvm", MyLinker())
    C.register_optimizer("my_opt_for_test", C.OPT_FAST_RUN)
    assert C.predefined_optimizers["my_opt_for_test"] is C.OPT_FAST_RUN
    assert C.get_default_mode() is theano.compile.mode.get_mode(None)


def test_check_equal_and_checkers():
    C.check_equal([np.ones(2)], [np.ones(2)])
    with pytest.raises(Exception, match="Output mismatch"):
        C.check_equal([np.ones(2)], [np.zeros(2)])
    from theanox.compile.function_extra import checkers
    C.register_checker(C.check_equal)
    assert checkers[-1] is C.check_equal


def test_shared_constructor():
    class Box:
        pass

    def box_ctor(value, name=None, strict=False, allow_downcast=None, **kw):
        if not isinstance(value, Box):
            raise TypeError("not a box")
        return theano.shared(np.float64(42.0), name=name)
    C.shared_constructor(box_ctor)
    try:
        assert theano.shared(Box(), name="b").get_value() == 42.0
        assert theano.shared(np.float64(1.0)).get_value() == 1.0   # declined: next constructor
    finally:
        C.shared_constructor(box_ctor, remove=True)
    assert C.sharedvalue.shared is theano.shared


def test_inline_ofg_expansion():
    a = T.dscalar("a")
    op = C.OpFromGraph([a], [a * 3], inline=True)
    b = T.dscalar("b")
    node = op.make_node(b)
    out = C.inline_ofg_expansion.transform(node)
    assert theano.function([b], out[0])(2.0) == 6.0
    assert C.inline_ofg_expansion.transform(C.OpFromGraph([a], [a + 1]).make_node(b)) is False


def test_scan_profile_stats():
    p = C.ScanProfileStats(name="loop")
    p.callcount, p.nbsteps, p.call_time = 2, 10, 0.5
    import io
    buf = io.StringIO()
    p.summary_globals(buf)
    assert "2 calls" in buf.getvalue() and "10 steps" in buf.getvalue()


def test_small_compile_names():
    assert C.DUPLICATE == ["DUPLICATE"] and C.NODEFAULT == ["NODEFAULT"]
    assert issubclass(C.AliasedMemoryError, Exception) and C.izip is zip
    assert C.config is theano.config and C.exclude == []
    assert C.FunctionMaker is type(theano.function([], T.constant(1.0)).maker)
    assert C.FromFunctionOp is theano.compile.ops.FromFunctionOp


# ---------------------------------------------------------------- Function attributes
def test_function_attributes():
    x, y = T.dscalar("x"), T.dscalar("y")
    s = theano.shared(np.float64(1.0), "s")
    f = theano.function([x, theano.In(y, value=2.0)], x + y + s, updates=[(s, s + 1)])
    assert f.unpack_single and not f.return_none and f.n_returned_outputs == 1
    assert f.defaults == [(True, False, None), (False, False, 2.0)]
    assert f.indices[1][0].variable is y
    assert f.value["y"] == 2.0 and f.container[y].value == 2.0
    assert "y" in f and x in f and "nope" not in f
    assert f.get_shared() == [s] and len(f.input_storage) == 3
    assert f.input_storage[2].value == 1.0
    assert f.finder["y"] is not None and len(f.inv_finder) == 2
    f.container["y"].value = 5.0
    assert f(1.0) == 7.0            # 1 + 5 + s(1)
    f.value[y] = 7.0
    assert f(1.0) == 10.0           # 1 + 7 + s(2)
    assert f.outputs[0].type == T.dscalar().type and f.maker.fgraph is not None
    assert f.fn is not None and f.profile is None and f.trust_input is False
    assert f.output_keys is None and f.pickle_aliased_memory_strategy == "warn"
    g = copy.copy(f)
    assert g is not f and g(1.0) == 1.0 + 2.0 + 3.0
    f.sync_shared()
    assert f.nodes_with_inner_function == []
    assert theano.function([], []).return_none


def test_container():
    c = theano.Container(T.dvector("v"), [None])
    c.value = [1, 2]
    assert c.data.dtype == np.float64 and str(c) == "<[1. 2.]>"
    ro = theano.Container(T.dvector("v"), [np.zeros(1)], readonly=True)
    with pytest.raises(Exception, match="readonly"):
        ro.value = np.ones(1)


# ---------------------------------------------------------------- gradient
def test_gradient_block_ops_are_classes():
    from theanox import gradient as G
    x = T.dscalar("x")
    rows = [(G.zero_grad, G.ZeroGrad, G.zero_grad_, 0.0),
            (G.consider_constant, G.ConsiderConstant, G.consider_constant_, 0.0),
            (G.disconnected_grad, G.DisconnectedGrad, G.disconnected_grad_, 0.0)]
    for fn, cls, inst, want in rows:
        y = fn(x)
        assert isinstance(y.owner.op, cls) and isinstance(inst, cls)
        g = theano.function([x], theano.grad(inst(x) * x, x))(3.0)
        assert g == 3.0       # d/dx [c * x] with c = x held constant
    u = G.undefined_grad_(x)
    assert isinstance(u.owner.op, G.UndefinedGrad)
    with pytest.raises(G.NullTypeGradError):
        theano.grad(u * 2, x)
    assert G.disconnected_type == G.DisconnectedType()


def test_format_as():
    from theanox.gradient import format_as
    assert format_as(True, False, 1) == [1]
    assert format_as(False, True, [1, 2]) == (1, 2)
    assert format_as(False, False, [5]) == 5
    with pytest.raises(ValueError):
        format_as(True, True, 1)


def test_subgraph_grad_chained_equals_full_grad():
    # Theano's documented use: backprop one stage at a time through `end` variables.
    x = T.dvector("x")
    w1, w2 = T.dscalar("w1"), T.dscalar("w2")
    h = T.tanh(w1 * x)
    cost = (w2 * h).sum()
    (gw2,), (gh,) = theano.subgraph_grad([w2], [h], cost=cost)
    (gw1,), _ = theano.gradient.subgraph_grad([w1], [], start={h: gh})
    xv, a, b = np.array([0.5, 1.0]), 0.3, 2.0
    got = theano.function([x, w1, w2], [gw1, gw2])(xv, a, b)
    t = np.tanh(a * xv)
    np.testing.assert_allclose(got[0], (b * (1 - t ** 2) * xv).sum())
    np.testing.assert_allclose(got[1], t.sum())


# ---------------------------------------------------------------- top level, scan, compat
def test_scan_checkpoints_values():
    x, a = T.dvector("x"), T.dscalar("a")
    r, _ = theano.scan_checkpoints(lambda xi, acc: acc + xi, sequences=[x], outputs_info=[a],
                                   save_every_N=3)
    xv = np.arange(1.0, 8.0)
    f = theano.function([x, a], [r, theano.grad(r[-1], x)])
    vals, g = f(xv, 0.0)
    np.testing.assert_allclose(vals, np.cumsum(xv)[[2, 5, 6]])
    np.testing.assert_allclose(g, np.ones(7))
    assert theano.scan_module.scan_checkpoints is theano.scan_checkpoints
    assert theano.scan_module.scan_views.map is theano.scan_module.map
    assert theano.scan_module.clone is theano.clone


def test_top_level_names():
    import logging
    assert theano.FunctionGraph is theano.gof.FunctionGraph
    assert theano.InconsistencyError is theano.gof.InconsistencyError
    assert theano.OrderedUpdates is theano.updates.OrderedUpdates
    assert theano.predefined_modes["FAST_RUN"] is theano.compile.mode.FAST_RUN
    assert theano.get_scalar_constant_value(T.constant(3.0) * 2) == 6.0
    assert isinstance(theano.generic, theano.Generic) and issubclass(theano.Generic, theano.Type)
    import os
    assert os.path.isfile(os.path.join(theano.rpath, "__init__.py"))
    assert theano.theano_logger is logging.getLogger("theano")
    assert theano.logging_default_handler.formatter is theano.logging_default_formatter
    rec = logging.LogRecord("theano.x", logging.WARNING, "", 0, "hi", None, None)
    assert theano.logging_default_formatter.format(rec) == "WARNING (theano.x): hi"
    assert theano.has_handlers(theano.theano_logger)
    lonely = logging.getLogger("theano_test_lonely_logger")
    lonely.propagate = False
    assert not theano.has_handlers(lonely)
    theano.disable_log_handler()
    assert theano.logging_default_handler not in theano.theano_logger.handlers
    theano.theano_logger.addHandler(theano.logging_default_handler)


def test_compat_module():
    c = theano.compat
    assert c.PY3 and c.izip is zip and c.decode(b"ab") == "ab" and c.cmp(1, 2) == -1
    d = c.DefaultOrderedDict(list)
    d["k"].append(1)
    assert d == {"k": [1]} and list(c.decode_iter([b"a", "b"])) == ["a", "b"]


# ---------------------------------------------------------------- theano.tensor op classes
A = np.array([[1.0, 5.0, 2.0], [7.0, 0.5, 3.0]])


@pytest.mark.parametrize("build,ref", [
    (lambda x: T.Sum(axis=0)(x), lambda a: a.sum(0)),
    (lambda x: T.Sum()(x), lambda a: a.sum()),
    (lambda x: T.Argmax(axis=1)(x), lambda a: a.argmax(1)),
    (lambda x: T.CAReduce(theano.scalar.maximum, axis=1)(x), lambda a: a.max(1)),
    (lambda x: T.CAReduce(theano.scalar.add)(x), lambda a: a.sum()),
    (lambda x: T.Mean(axis=1)(x), lambda a: a.mean(1)),
    (lambda x: T.MaxAndArgmax(axis=0)(x)[0], lambda a: a.max(0)),
    (lambda x: T.MaxAndArgmax(axis=0)(x)[1], lambda a: a.argmax(0)),
    (lambda x: T.Nonzero()(x > 2), lambda a: np.array(np.nonzero(a > 2))),
    (lambda x: T.Split(2)(x, 1, [1, 2])[1], lambda a: a[:, 1:]),
    (lambda x: T.AllocEmpty("float64")(2, 3).shape, lambda a: np.array([2, 3])),
    (lambda x: T.default(x, T.zeros_like(x)), lambda a: a),
    (lambda x: T.AdvancedSubtensor1()(x, [1, 0, 1]), lambda a: a[[1, 0, 1]]),
    (lambda x: T.advanced_boolean_subtensor(x, x > 2), lambda a: a[a > 2]),
    (lambda x: T.advanced_boolean_set_subtensor(x, 0.0, x > 2), lambda a: np.where(a > 2, 0, a)),
    (lambda x: T.advanced_boolean_inc_subtensor(x, 1.0, x > 2), lambda a: a + (a > 2)),
    (lambda x: T.AdvancedIncSubtensor1()(x, 1.0, [0, 0]), lambda a: a + [[2.0], [0.0]]),
    (lambda x: T.AdvancedIncSubtensor(set_instead_of_inc=True)(x, 9.0, [1], [2]),
     lambda a: np.where((np.arange(2)[:, None] == 1) & (np.arange(3) == 2), 9.0, a)),
    (lambda x: T.makeKeepDims(x, x.sum(1), 1), lambda a: a.sum(1, keepdims=True)),
    (lambda x: x[T.make_slice(1, None)], lambda a: a[1:]),
])
def test_tensor_op_classes_compute_as_numpy(build, ref):
    x = T.dmatrix("x")
    f = theano.function([x], build(x), on_unused_input="ignore")
    np.testing.assert_allclose(f(A), ref(A))


def test_tensor_op_classes_recognise_theanox_ops():
    x = T.dmatrix("x")
    assert isinstance(x.sum(0).owner.op, T.Sum) and isinstance(x.sum(0).owner.op, T.CAReduce)
    assert not isinstance(x.max(0).owner.op, T.Sum)
    assert isinstance(T.argmax(x, 0).owner.op, T.Argmax)
    assert not isinstance(T.argmax(x, 0).owner.op, T.CAReduce)
    assert isinstance(x[[0, 1]].owner.op, T.AdvancedSubtensor1)
    assert isinstance(x[[0, 1], [1, 2]].owner.op, T.BaseAdvancedSubtensor)
    assert not isinstance(x[[0, 1], [1, 2]].owner.op, T.AdvancedSubtensor1)
    assert not isinstance(x[0].owner.op, T.BaseAdvancedSubtensor)
    assert isinstance(T.inc_subtensor(x[[0]], 1.0).owner.op, T.BaseAdvancedIncSubtensor)
    assert not isinstance(T.inc_subtensor(x[0], 1.0).owner.op, T.AdvancedIncSubtensor)
    with pytest.raises(ValueError, match="immutable"):
        T.AdvancedIncSubtensor1(inplace=True)
    g = theano.function([x], theano.grad(T.MaxAndArgmax(axis=1)(x)[0].sum(), x))(A)
    np.testing.assert_allclose(g, [[0, 1, 0], [1, 0, 0]])


def test_tensor_helpers():
    x = T.dmatrix("x")
    assert T.check_and_normalize_axes(x, -1) == [1]
    assert T.check_and_normalize_axes(x, (0, -1)) == [0, 1]
    with pytest.raises(ValueError):
        T.check_and_normalize_axes(x, 2)
    assert T.numpy_scalar(np.array(3.0)) == 3.0
    with pytest.raises(T.NotScalarConstantError):
        T.numpy_scalar(np.array(["a"]))
    c = T.make_constant([1, slice(2, None), None])
    assert c[0].data == 1 and c[1].start.data == 2 and c[2] is None
    assert T.as_index_variable(None) is None and T.as_int_none_variable(None) is None
    with pytest.raises(TypeError, match="integers"):
        T.as_index_variable(T.dvector())
    sh, bc = T.alloc_validate_shape([1, 3, T.lscalar()])
    assert bc == [True, False, False] and len(sh) == 3
    with pytest.raises(TypeError, match="integers"):
        T.alloc_validate_shape([1.5])
    assert T.adv_index_broadcastable_pattern(T.dtensor3(), (T.lvector(), slice(None))) == \
        (False, False, False)
    assert T.adv_index_broadcastable_pattern(T.row(), (T.lvector(), T.lvector())) == (False,)
    with pytest.raises(IndexError, match="boolean index did not match"):
        T.check_advanced_indexing_dimensions(np.zeros((2, 3)), [np.ones(4, bool)])
    T.check_advanced_indexing_dimensions(np.zeros((2, 3)), [np.ones(2, bool)])
    with pytest.raises(TypeError):
        T.check_and_reject_bool(True)
    assert T.values_eq_approx_always_true(1, 2)
    s1 = T.TensorConstantSignature((T.dvector().type, np.array([1.0, np.nan])))
    s2 = T.TensorConstantSignature((T.dvector().type, np.array([1.0, np.nan])))
    assert s1 == s2 and hash(s1) == hash(s2)
    assert issubclass(T.ShapeError, Exception) and T.izip is zip
    assert issubclass(T.AdvancedIndexingError, TypeError)
    assert issubclass(T.AdvancedBooleanIndexingError, TypeError)

    @T.constructor
    def my_ctor():
        return 1
    assert my_ctor in T.theano_helpers.constructors
    moved = []
    T.register_transfer(lambda v, target: moved.append(target) or v if target == "x1" else None)
    v = T.dvector()
    assert T.transfer(v, "x1") is v and moved == ["x1"]
    assert T.transfer(v, "cpu") is v
    assert T.Tensor is T.TensorType and T.int32_t is theano.scalar.int32
    assert T.PermuteRowElements is T.basic_extra.PermuteRowElements
    assert T.grad_undefined is theano.gradient.grad_undefined


# ---------------------------------------------------------------- theano.tensor.nnet
def _np_conv2d_valid(img, kern, groups=1):
    """NumPy reference: Theano's conv2d (filter_flip=True: a true convolution), 'valid'."""
    b, c, h, w = img.shape
    k, cg, kh, kw = kern.shape
    out = np.zeros((b, k, h - kh + 1, w - kw + 1))
    per = k // groups
    flipped = kern[:, :, ::-1, ::-1]
    for n in range(b):
        for o in range(k):
            g = o // per
            for i in range(out.shape[2]):
                for j in range(out.shape[3]):
                    patch = img[n, g * cg:(g + 1) * cg, i:i + kh, j:j + kw]
                    out[n, o, i, j] = (patch * flipped[o]).sum()
    return out


def test_separable_conv2d_against_numpy():
    rng = np.random.RandomState(1)
    img = rng.rand(2, 3, 6, 5)
    depth = rng.rand(3, 1, 3, 2)           # one filter per input channel
    point = rng.rand(4, 3, 1, 1)
    x, d, p = T.dtensor4(), T.dtensor4(), T.dtensor4()
    out = theano.function([x, d, p], T.nnet.separable_conv2d(x, d, p, num_channels=3))(
        img, depth, point)
    want = _np_conv2d_valid(_np_conv2d_valid(img, depth, groups=3), point)
    np.testing.assert_allclose(out, want, rtol=1e-10)


def test_conv2d_grad_wrt_inputs_is_the_gradient():
    rng = np.random.RandomState(2)
    img, kern, g = rng.rand(1, 2, 5, 5), rng.rand(3, 2, 2, 2), rng.rand(1, 3, 4, 4)
    x, w, gy = T.dtensor4(), T.dtensor4(), T.dtensor4()
    via_grad = theano.grad((T.nnet.conv2d(x, w) * gy).sum(), x)
    direct = T.nnet.conv2d_grad_wrt_inputs(gy, w, input_shape=(1, 2, 5, 5))
    a, b = theano.function([x, w, gy], [via_grad, direct], on_unused_input="ignore")(img, kern, g)
    np.testing.assert_allclose(a, b, rtol=1e-10)
    assert T.nnet.abstract_conv2d is T.nnet.conv2d


def test_nnet_gradient_ops_against_numpy():
    rng = np.random.RandomState(0)
    a = rng.rand(3, 4) + 0.1
    dy, gy, y = rng.rand(3, 4), rng.rand(3), np.array([1, 0, 3])
    sm = np.exp(a) / np.exp(a).sum(1, keepdims=True)
    m, v, iv = T.dmatrix(), T.dvector(), T.lvector()
    N = T.nnet
    f = theano.function([m, v, iv], [N.softmax_grad(T.constant(dy), m),
                                     N.crossentropy_categorical_1hot_grad(v, m, iv),
                                     N.crossentropy_softmax_1hot_with_bias_dx(v, m, iv)])
    g_soft, g_xent, g_dx = f(sm, gy, y)
    np.testing.assert_allclose(g_soft, (dy - (dy * sm).sum(1, keepdims=True)) * sm)
    want = np.zeros_like(sm)
    want[np.arange(3), y] = -gy / sm[np.arange(3), y]
    np.testing.assert_allclose(g_xent, want)
    want = sm * gy[:, None]
    want[np.arange(3), y] -= gy
    np.testing.assert_allclose(g_dx, want)
    # they are the gradients T.grad computes
    xm = T.dmatrix()
    xent = N.crossentropy_softmax_1hot_with_bias(xm, T.zeros((4,)), iv)[0]
    g = theano.function([xm, v, iv], theano.grad((xent * v).sum(), xm))(a, gy, y)
    np.testing.assert_allclose(g, g_dx, rtol=1e-10)
    xent, soft, mx, am = N.crossentropy_softmax_max_and_argmax_1hot_with_bias(
        xm, T.zeros((4,)), iv)
    out = theano.function([xm, iv], [xent, mx, am])(a, y)
    np.testing.assert_allclose(out[0], -np.log(sm[np.arange(3), y]))
    np.testing.assert_allclose(out[1], sm.max(1))
    np.testing.assert_array_equal(out[2], sm.argmax(1))


def test_prepend_ops_and_confusion_matrix():
    N = T.nnet
    m = T.dmatrix()
    a = np.arange(6.0).reshape(2, 3)
    f = theano.function([m], [N.prepend_0_to_each_row(m), N.prepend_1_to_each_row(m),
                              N.prepend_scalar_to_each_row(7.0, m)])
    for got, val in zip(f(a), [0.0, 1.0, 7.0]):
        np.testing.assert_allclose(got, np.hstack([np.full((2, 1), val), a]))
    assert str(N.prepend_1_to_each_row) == "Prepend_scalar_constant_to_each_row{1.0}"
    actual, pred = T.lvector(), T.lvector()
    cm, order = N.confusion_matrix(actual, pred)
    got_cm, got_order = theano.function([actual, pred], [cm, order])([0, 1, 2, 1], [0, 2, 2, 1])
    np.testing.assert_array_equal(got_order, [0, 1, 2])
    np.testing.assert_array_equal(got_cm, [[1, 0, 0], [0, 1, 1], [0, 0, 1]])


def test_nnet_aliases():
    x = T.dvector()
    v = np.array([-1.0, 0.0, 2.0])
    np.testing.assert_allclose(theano.function([x], T.nnet.sigmoid_inplace(x))(v),
                               1 / (1 + np.exp(-v)))
    assert T.nnet.sigm.sigmoid is T.nnet.sigmoid
    assert T.nnet.batch_normalization is T.nnet.bn.batch_normalization


# ---------------------------------------------------------------- recorded from Theano 1.0.5
import json  # noqa: E402
import os  # noqa: E402

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "oracle", "names.json"),
          encoding="utf-8") as _f:
    REC = json.load(_f)          # tests/oracle/record_names.py


def test_mrg31k3p_constants_and_jumps_as_theano():
    from theanox.sandbox import rng_mrg as R
    for name, want in REC["constants"].items():
        np.testing.assert_array_equal(np.asarray(getattr(R, name)).astype("int64"), want,
                                      err_msg=name)
    assert R.NORM == REC["NORM"]
    state = np.array([12345, 67890, 13579, 24680, 11111, 22222], "int32")
    np.testing.assert_array_equal(R.ff_2p72(state), REC["ff_2p72"])
    np.testing.assert_array_equal(R.ff_2p134(state), REC["ff_2p134"])
    np.testing.assert_array_equal(R.matVecModM(R.A1p72, state[:3], R.M1), REC["matVecModM"])
    np.testing.assert_array_equal(R.multMatVect(state, R.A1p72, R.M1, R.A2p72, R.M2),
                                  REC["ff_2p72"])
    cur = state.copy()
    masks = [(np.int32(2147483647), 0), (np.int32(0x7fffff00), 0x80)] * 3
    for (mask, offset), (value, new_state) in zip(masks, REC["mrg_next_value"]):
        new = np.zeros(6, "int32")
        assert R.mrg_next_value(cur, new, R.NORM, mask, offset) == value
        np.testing.assert_array_equal(new, new_state)
        cur = new
    for size, want in REC["guess_n_streams"]:
        assert R.guess_n_streams(size) == want
    with pytest.warns(UserWarning, match="guessing"):
        assert R.guess_n_streams(T.lvector().shape, warn=True) == 60 * 256


def test_dot_modulo_op_as_multmatvect():
    from theanox.sandbox import rng_mrg as R
    A, s, m = T.lmatrix(), T.ivector(), T.iscalar()
    A2, s2, m2 = T.lmatrix(), T.ivector(), T.iscalar()
    f = theano.function([A, s, m, A2, s2, m2], R.DotModulo()(A, s, m, A2, s2, m2))
    state = np.array([12345, 67890, 13579, 24680, 11111, 22222], "int32")
    got = f(R.A1p72, state[:3], int(R.M1), R.A2p72, state[3:], int(R.M2))
    np.testing.assert_array_equal(got, REC["ff_2p72"])


def test_mrg_random_streams_rstate_as_theano():
    from theanox.sandbox.rng_mrg import MRG_RandomStreams
    s = MRG_RandomStreams(seed=234)
    assert s.default_instance_seed == 234 and s.state_updates == []
    np.testing.assert_array_equal(s.rstate, REC["rstate_int"])
    np.testing.assert_array_equal(s.get_substream_rstates(4, "float32"), REC["substreams"])
    np.testing.assert_array_equal(s.rstate, REC["rstate_after"])
    s.set_rstate([1, 2, 3, 4, 5, 6])
    s.inc_rstate()
    np.testing.assert_array_equal(s.rstate, REC["inc_rstate"])
    for seed, err in REC["set_rstate_errors"].items():
        seed = json.loads(seed)
        if err is None:
            s.set_rstate(seed)
        else:
            with pytest.raises({"ValueError": ValueError, "TypeError": TypeError}[err]):
                s.set_rstate(seed)
    assert s.n_streams((100, 100)) == 1666
    old, new = theano.shared(np.zeros(2)), T.dvector()
    sample = T.dvector()
    assert s.pretty_return(old, new, sample, (2,), None) is sample
    assert sample.update == (old, new) and old.default_update is new
    assert s.state_updates[-1] == (old, new, (2,), None)


def test_printing_names():
    P = theano.printing
    a = np.arange(6.0).reshape(2, 3)
    assert P.hex_digest(a) == REC["hex_digest"]
    assert P.hex_digest(a.T) == REC["hex_digest_T"]
    assert P.position_independent_str(T.dvector()) == "theano_var{type=TensorType(float64, vector)}"
    with pytest.raises(NotImplementedError):
        P.position_independent_str(3)
    assert P.VALID_ASSOC == {"left", "right", "either"}
    assert P.default_colorCodes["Scan"] == "yellow" and P.greek["alpha"] == "\\alpha"
    assert P.special["big_sigma"] == "\\Sigma" and P.use_ascii is True
    try:
        import graphviz  # noqa: F401
        assert P.pydot_imported and P.pydot_imported_msg == ""
    except ImportError:
        assert not P.pydot_imported and "graphviz" in P.pydot_imported_msg
    x = T.dvector("x")
    assert P.leaf_printer.process(x, P.PrinterState(pprinter=P.pprint)) == "x"
    y = T.exp(x)
    pstate = P.PrinterState(pprinter=P.pprint)
    assert P.IgnorePrinter().process(y, pstate) == "x"
    assert "exp" in P.default_printer.process(y, P.PrinterState(pprinter=P.pprint))


def test_get_info_on_inputs_recorded():
    for named, unnamed, want in REC["get_info_on_inputs"]:
        assert C.get_info_on_inputs(named, unnamed) == want


# ---------------------------------------------------------------- pooling gradient ops
def test_pool_gradient_ops_against_numpy():
    from theanox.tensor.signal import downsample, pool
    img = np.array([[[[1.0, 3.0, 2.0, 0.0], [4.0, 0.5, 1.0, 5.0],
                      [0.0, 2.0, 6.0, 1.0], [1.0, 1.0, 0.0, 7.0]]]])
    gz = np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
    x, g, m = T.dtensor4(), T.dtensor4(), T.dtensor4()
    maxout = pool.pool_2d(x, (2, 2), ignore_border=True)
    outs = [pool.MaxPoolGrad(True)(x, maxout, g, (2, 2)),
            pool.AveragePoolGrad(True)(x, g, (2, 2)),
            pool.DownsampleFactorMaxGradGrad(True)(x, maxout, m, (2, 2)),
            pool.MaxPoolRop(True)(x, m, (2, 2))]
    f = theano.function([x, g, m], outs)
    ggx = np.arange(16.0).reshape(1, 1, 4, 4)
    d_max, d_avg, gg, rop = f(img, gz, ggx)
    want = np.zeros((4, 4))         # each window's gradient goes to its maximum
    for (i, j), v in zip([(1, 0), (1, 3), (2, 1), (3, 3)], [1.0, 2.0, 3.0, 4.0]):
        want[i, j] = v
    np.testing.assert_allclose(d_max[0, 0], want)
    np.testing.assert_allclose(d_avg[0, 0], np.kron(gz[0, 0], np.ones((2, 2))) / 4)
    at_max = np.array([[ggx[0, 0, 1, 0], ggx[0, 0, 1, 3]], [ggx[0, 0, 2, 1], ggx[0, 0, 3, 3]]])
    np.testing.assert_allclose(gg[0, 0], at_max)
    np.testing.assert_allclose(rop[0, 0], at_max)
    # MaxPoolGrad is what T.grad computes
    auto = theano.function([x, g], theano.grad((maxout * g).sum(), x))(img, gz)
    np.testing.assert_allclose(auto, d_max)
    assert downsample.DownsampleFactorMaxGrad is pool.MaxPoolGrad
    assert issubclass(pool.MaxPoolGrad, pool.PoolGrad)
    assert downsample.AveragePoolGrad is pool.AveragePoolGrad


def test_mrg_uniform_op_as_theano():
    from theanox.sandbox import rng_mrg as R
    rec = REC["mrg_uniform"]
    for dtype in ("float64", "float32"):
        st = T.imatrix()
        new, draws = R.mrg_uniform.new(st, 2, dtype, (2, 4))
        assert isinstance(new.owner.op, R.mrg_uniform_base)
        a, b = theano.function([st], [new, draws])(np.asarray(rec["rstate"], "int32"))
        np.testing.assert_array_equal(a, rec[dtype]["new_rstate"])
        assert b.dtype == dtype
        np.testing.assert_allclose(b, rec[dtype]["draws"], rtol=0, atol=0)
    with pytest.raises(ValueError, match="immutable"):
        R.mrg_uniform(T.dmatrix().type, inplace=True)


def test_random_streams_state_get_set():
    from theanox.tensor.shared_randomstreams import RandomStreams
    rs = RandomStreams(seed=3)
    d = rs.uniform((3,))
    f = theano.function([], d)
    state = rs[d.rng]
    first, second = f(), f()
    assert not np.array_equal(first, second)
    rs[d.rng] = state                   # back to the state before the first draw
    np.testing.assert_array_equal(f(), first)
    with pytest.raises(KeyError, match="not the state variable"):
        rs[theano.shared(np.zeros(2))]
    # Theano's class of a draw's state: code that skips random states among the shared
    # variables (isinstance) finds them, and they are shared variables like the others.
    from theanox.tensor.shared_randomstreams import RandomStateSharedVariable
    params = [theano.shared(np.zeros(2)), d.rng]
    assert [isinstance(p, RandomStateSharedVariable) for p in params] == [False, True]
    assert isinstance(d.rng, theano.compile.SharedVariable)
    assert [s for s, _ in rs.updates()] == [d.rng]


def test_sparse_block_dot_against_numpy():
    from theanox.tensor.nnet import blocksparse as BS
    rng = np.random.RandomState(4)
    W = rng.rand(3, 4, 2, 5)          # (iBlocks, oBlocks, iSize, oSize)
    h = rng.rand(2, 2, 2)             # (batch, iWin, iSize)
    b = rng.rand(4, 5)
    ii = np.array([[0, 2], [1, 1]])
    oi = np.array([[3, 0, 1], [2, 2, 0]])
    tW, th, tb, tii, toi = T.dtensor4(), T.dtensor3(), T.dmatrix(), T.lmatrix(), T.lmatrix()
    out = BS.sparse_block_dot(tW, th, tii, tb, toi)
    got = theano.function([tW, th, tii, tb, toi], out)(W, h, ii, b, oi)
    want = np.zeros((2, 3, 5))
    for n in range(2):
        for j in range(3):
            want[n, j] = b[oi[n, j]] + sum(h[n, i] @ W[ii[n, i], oi[n, j]] for i in range(2))
    np.testing.assert_allclose(got, want)
    # SparseBlockOuter is the gradient of the product wrt W's blocks
    gW = theano.function([tW, th, tii, tb, toi], theano.grad(out.sum(), tW))(W, h, ii, b, oi)
    outer = theano.function([tW, th, tii, toi], BS.sparse_block_outer(
        T.zeros_like(tW), th, T.ones((2, 3, 5)), tii, toi))(W, h, ii, oi)
    np.testing.assert_allclose(gW, outer)


def test_conv_op_sparse_grad_subtensor_printer():
    rng = np.random.RandomState(5)
    img, kern = rng.rand(1, 1, 4, 4), rng.rand(2, 1, 2, 2)
    x, w = T.dtensor4(), T.dtensor4()
    f = theano.function([x, w], [T.nnet.ConvOp(output_mode="valid")(x, w),
                                 T.nnet.conv.conv2d(x, w)])
    a, b = f(img, kern)
    np.testing.assert_allclose(a, b)
    W, idx = T.dmatrix("W"), T.lvector("idx")
    rows = theano.sparse_grad(W[idx])
    assert isinstance(rows.owner.op, T.AdvancedSubtensor1)
    g = theano.function([W, idx], theano.grad(rows.sum(), W))(np.zeros((3, 2)), [0, 2, 0])
    np.testing.assert_allclose(g, [[2, 2], [0, 0], [1, 1]])
    with pytest.raises(TypeError, match="AdvancedSubtensor1"):
        theano.sparse_grad(W[0])
    assert T.SubtensorPrinter is theano.printing._SubtensorPrinter
    assert theano.printing.pp(W[1:]) == "W[int64:]"      # as Theano prints it


def test_random_streams_poisson():
    from theanox.tensor.shared_randomstreams import RandomStreams
    rs = RandomStreams(seed=9)
    draws = theano.function([], rs.poisson((20000,), lam=3.0))()
    assert draws.dtype == np.int64 and draws.min() >= 0
    assert abs(draws.mean() - 3.0) < 0.06 and abs(draws.var() - 3.0) < 0.15   # Poisson(3)
    lam = T.dvector()
    per = theano.function([lam], rs.poisson(lam=lam, size=(2,)))(np.array([0.0, 1e-9]))
    np.testing.assert_array_equal(per, [0, 0])
    with pytest.raises(TypeError, match="lam"):
        rs.poisson((2,))


def test_tensor_utils():
    from theanox.tensor import utils as U
    a = np.arange(6.0).reshape(2, 3)
    assert [U.hash_from_ndarray(a), U.hash_from_ndarray(a.T),
            U.hash_from_ndarray(np.arange(4, dtype="int32"))] == REC["hash_from_ndarray"]
    x = T.dmatrix("x")
    y = x.sum(axis=0)
    z = T.dot(x.T, x)
    fg = theano.FunctionGraph([x], [y, z])
    shapes = U.shape_of_variables(fg, {x: (5, 3)})
    assert shapes[x] == (5, 3) and shapes[y] == (3,) and shapes[z] == (3, 3)
    with pytest.raises(ValueError, match="missing"):
        U.shape_of_variables(fg, {})


def test_bessel_jv_iv_against_scipy():
    import scipy.special as sp
    v, x = T.dvector("v"), T.dvector("x")
    vv, xv = np.array([0.0, 1.5, 2.0]), np.array([0.5, 2.0, 3.5])
    f = theano.function([v, x], [T.jv(v, x), T.iv(v, x),
                                 theano.grad(T.jv(v, x).sum(), x),
                                 theano.grad(T.iv(v, x).sum(), x)])
    j, i, gj, gi = f(vv, xv)
    np.testing.assert_allclose(j, sp.jv(vv, xv))
    np.testing.assert_allclose(i, sp.iv(vv, xv))
    np.testing.assert_allclose(gj, sp.jvp(vv, xv), rtol=1e-10)
    np.testing.assert_allclose(gi, sp.ivp(vv, xv), rtol=1e-10)
    s = T.dscalar()
    np.testing.assert_allclose(theano.function([s, x], T.jv(s, x))(1.0, xv), sp.jv(1.0, xv))
    with pytest.raises(theano.gradient.NullTypeGradError):
        theano.grad(T.jv(v, x).sum(), v)


def test_load_from_disk(tmp_path):
    path = str(tmp_path / "a.npy")
    np.save(path, np.arange(6.0).reshape(2, 3))
    x = T.load(path, "float64", (False, False))
    f = theano.function([], x * 2)
    np.testing.assert_allclose(f(), np.arange(6.0).reshape(2, 3) * 2)
    np.save(path, np.ones((2, 3)))            # read again at each call, as Theano
    np.testing.assert_allclose(f(), np.full((2, 3), 2.0))
    assert isinstance(x.owner.op, T.LoadFromDisk) and T.io.load is T.load
    with pytest.raises(ValueError, match="mmap_mode"):
        T.load(path, "float64", (False, False), mmap_mode="r")
    bad = theano.function([], T.load(path, "float32", (False, False)))
    with pytest.raises(TypeError, match="Expected an array of type float32"):
        bad()


def test_grad_time_accumulates():
    from theanox import gradient as G
    before = G.grad_time
    x = T.dvector()
    theano.grad((x ** 2).sum(), x)
    assert G.grad_time > before


def test_mode_not_slow():
    from theanox.gradient import mode_not_slow
    fast = theano.compile.mode.FAST_RUN
    assert mode_not_slow("FAST_COMPILE") is fast
    assert mode_not_slow("FAST_RUN") is fast
    got = mode_not_slow(theano.compile.DebugMode(optimizer="fast_run"))
    assert not isinstance(got, theano.compile.DebugMode) and got.optimizer == "fast_run"
    m = theano.Mode(optimizer="None")
    assert mode_not_slow(m) is m
