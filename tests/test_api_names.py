"""Theano 1.0.5 names that tutorials and legacy code use: config flags and tensor functions.

Values are checked against NumPy/SciPy or recorded from Theano 1.0.5 (run in an
environment with Theano 1.0.5 installed; the recorded numbers are in the tests).
"""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

import theanox as theano
import theanox.tensor as T
from theanox import config

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Every option Theano 1.0.5 registers (theano/configdefaults.py, in its order).
THEANO_105_FLAGS = """
    floatX warn_float64 pickle_test_value cast_policy int_division deterministic device
    init_gpu_device force_device conv.assert_shape print_global_stats contexts
    print_active_device gpuarray.sync gpuarray.preallocate gpuarray.sched
    gpuarray.single_stream cuda.root cuda.include_path dnn.conv.workmem dnn.conv.workmem_bwd
    dnn.conv.algo_bwd dnn.conv.algo_fwd dnn.conv.algo_bwd_data dnn.conv.algo_bwd_filter
    dnn.conv.precision dnn.base_path dnn.include_path dnn.library_path dnn.bin_path
    dnn.enabled magma.include_path magma.library_path magma.enabled assert_no_cpu_op mode
    cxx linker allow_gc optimizer optimizer_verbose on_opt_error nocleanup on_unused_input
    tensor.cmp_sloppy tensor.local_elemwise_fusion gpu.local_elemwise_fusion lib.amdlibm
    gpuelemwise.sync traceback.limit traceback.compile_limit
    experimental.unpickle_gpu_on_cpu numpy.seterr_all numpy.seterr_divide numpy.seterr_over
    numpy.seterr_under numpy.seterr_invalid warn.ignore_bug_before warn.argmax_pushdown_bug
    warn.gpusum_01_011_0111_bug warn.sum_sum_bug warn.sum_div_dimshuffle_bug
    warn.subtensor_merge_bug warn.gpu_set_subtensor1 warn.vm_gc_bug
    warn.signal_conv2d_interface warn.reduce_join warn.inc_set_subtensor1 warn.round
    warn.inc_subtensor1_opt compute_test_value print_test_value compute_test_value_opt
    unpickle_function reoptimize_unpickled_function exception_verbosity openmp
    openmp_elemwise_minsize check_input cache_optimizations unittests.rseed
    NanGuardMode.nan_is_error NanGuardMode.inf_is_error NanGuardMode.big_is_error
    NanGuardMode.action optimizer_excluding optimizer_including optimizer_requiring
    DebugMode.patience DebugMode.check_c DebugMode.check_py DebugMode.check_finite
    DebugMode.check_strides DebugMode.warn_input_not_reused
    DebugMode.check_preallocated_output DebugMode.check_preallocated_output_ndim
    profiling.time_thunks profiling.n_apply profiling.n_ops profiling.output_line_width
    profiling.min_memory_size profiling.min_peak_memory profiling.destination
    profiling.debugprint profiling.ignore_first_call optdb.position_cutoff
    optdb.max_use_ratio gcc.cxxflags cmodule.warn_no_version cmodule.remove_gxx_opt
    cmodule.compilation_warning cmodule.preload_cache cmodule.age_thresh_use cmodule.debug
    blas.ldflags blas.check_openmp metaopt.verbose metaopt.optimizer_excluding
    metaopt.optimizer_including profile profile_optimizer profile_memory vm.lazy
    warn.identify_1pexp_bug on_shape_error tensor.insert_inplace_optimizer_validate_nb
    experimental.local_alloc_elemwise experimental.local_alloc_elemwise_assert scan.allow_gc
    scan.allow_output_prealloc scan.debug compile.wait cycle_detection check_stack_trace
    compile.timeout compiledir_format base_compiledir compiledir gpuarray.cache_path
    ctc.root
""".split()


# ----------------------------------------------------------------------------
# Config flags
# ----------------------------------------------------------------------------

def test_every_theano_105_flag_exists():
    assert len(THEANO_105_FLAGS) == 140
    missing = [n for n in THEANO_105_FLAGS if n not in config._options]
    assert missing == []
    for name in THEANO_105_FLAGS:
        holder = config
        for part in name.split("."):
            holder = getattr(holder, part)
        assert holder == config.get_config(name)


def test_warn_flags_as_in_theanos_loop_tutorial():
    # theano/doc/tutorial/loop.txt: theano.config.warn.subtensor_merge_bug = False
    theano.config.warn.subtensor_merge_bug = False
    assert theano.config.warn.subtensor_merge_bug is False
    with config.change_flags({"warn.subtensor_merge_bug": True}):
        assert config.warn.subtensor_merge_bug is True
    assert config.warn.subtensor_merge_bug is False


def test_warn_defaults_are_theano_105():
    # Recorded from Theano 1.0.5 (warn.ignore_bug_before defaults to '0.9').
    recorded = {"ignore_bug_before": "0.9", "argmax_pushdown_bug": False,
                "gpusum_01_011_0111_bug": False, "sum_sum_bug": False,
                "sum_div_dimshuffle_bug": False, "subtensor_merge_bug": False,
                "gpu_set_subtensor1": False, "vm_gc_bug": False,
                "signal_conv2d_interface": False, "reduce_join": False,
                "inc_set_subtensor1": False, "inc_subtensor1_opt": True, "round": False}
    for name, value in recorded.items():
        if config._source("warn." + name) == "default":
            assert config.get_config("warn." + name) == value, name
    assert config.contexts == "" and config.experimental.local_alloc_elemwise is True
    assert config.metaopt.optimizer_excluding == ""


def _no_effect_flags():
    return [n for n in config._option_order if "it has no effect in theanox" in
            config._options[n].doc]


def _other_value(name):
    """A valid value of option name that is not its default, as a string, or None."""
    param = config._options[name]
    default = param.value
    for cand in ([str(not default)] if isinstance(default, bool) else []) + \
            [str(v) for v in getattr(param, "all", ())[::-1]] + \
            ([str(default + 1)] if isinstance(default, (int, float)) else []) + \
            ["x", "a->b"]:
        try:
            value = param.filter(cand)
        except ValueError:
            continue
        if value != default:
            return cand
    return None


def test_no_effect_flags_are_documented():
    names = _no_effect_flags()
    for new in ("warn.subtensor_merge_bug", "warn.inc_subtensor1_opt",
                "dnn.conv.workmem", "magma.include_path", "gpuarray.cache_path",
                "metaopt.optimizer_including", "experimental.local_alloc_elemwise"):
        assert new in names
    # shared(value, target=name) uses config.contexts (docs/DEVICES.md).
    assert "contexts" not in names and "init_gpu_device" not in names
    text = str(config)
    block = [b for b in text.split("\n\n") if b.startswith("warn.subtensor_merge_bug ")][0]
    assert "no effect" in block and "    Value:  " in block


def test_no_effect_flags_set_by_assignment():
    for name in _no_effect_flags():
        value = _other_value(name)
        if value is None:
            continue
        with config.change_flags({name: value}):
            assert config.get_config(name) == config._options[name].filter(value), name
            assert config._source(name) == "assignment"


def test_no_effect_flags_set_by_theano_flags():
    names = [n for n in _no_effect_flags() if _other_value(n) is not None]
    flags = ",".join("%s=%s" % (n, _other_value(n).replace(",", "\\,")) for n in names)
    prog = ("import json, theanox\nfrom theanox import config\n"
            "print(json.dumps({n: [str(config.get_config(n)), config._source(n)] for n in %r}))"
            % (names,))
    env = dict(os.environ, THEANO_FLAGS=flags)
    proc = subprocess.run([sys.executable, "-c", prog], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    assert "does not recognise" not in proc.stderr
    for n in names:
        assert got[n] == [str(config._options[n].filter(_other_value(n))), "THEANO_FLAGS"], n


def test_invalid_values_still_rejected():
    with pytest.raises(ValueError):
        config.contexts = "cpu->cuda0"
    with pytest.raises(ValueError, match="deprecated"):
        config.dnn.conv.workmem = "small"
    with pytest.raises(ValueError):
        config.experimental.local_alloc_elemwise = False
    with pytest.raises(ValueError):
        config.warn.subtensor_merge_bug = "maybe"


# ----------------------------------------------------------------------------
# Tensor names (values recorded from Theano 1.0.5 where noted)
# ----------------------------------------------------------------------------

def check(var, dtype, values, rtol=1e-12):
    out = var.eval() if hasattr(var, "eval") else var
    assert str(np.asarray(out).dtype) == dtype
    np.testing.assert_allclose(out, values, rtol=rtol, atol=1e-12)


def test_package_level_dot_rop_lop():
    x, W = T.dvector("x"), T.dmatrix("W")
    assert theano.dot is T.dot
    f = theano.function([x, W], theano.dot(x, W))
    xv, Wv = np.array([1.0, 2.0]), np.arange(6.0).reshape(2, 3)
    np.testing.assert_allclose(f(xv, Wv), xv @ Wv)
    # Theano's gradients tutorial: R-op and L-op of y = x . W.
    V, v = T.dmatrix("V"), T.dvector("v")
    y = theano.dot(x, W)
    JV = theano.Rop(y, W, V)
    Vv = np.ones((2, 3))
    np.testing.assert_allclose(theano.function([W, V, x], JV)(Wv, Vv, xv), xv @ Vv)
    VJ = theano.Lop(y, W, v)
    vv = np.array([1.0, 0.5, 2.0])
    np.testing.assert_allclose(theano.function([v, x, W], VJ, on_unused_input="ignore")(
        vv, xv, Wv), np.outer(xv, vv))


def test_square_power_divmod_ceil_intdiv():
    x = np.array([-3.0, 0.5, 2.0])
    check(T.square(x), "float64", x ** 2)
    assert T.square is T.sqr
    check(T.power(np.array([2, 3]), np.array([3, 2])), "int64", [8, 9])
    a = np.array([-7, -6, -1, 0, 1, 6, 7])
    check(T.ceil_intdiv(a, np.int64(3)), "int64", [-2, -2, 0, 0, 1, 2, 3])   # Theano 1.0.5
    q, r = T.divmod(np.array([-7, 7]), np.int64(3))
    check(q, "int64", [-3, 2])
    check(r, "int64", [2, 1])
    with pytest.raises(TypeError):
        T.mod_check(T.zvector(), T.zvector())


def test_largest_smallest():
    a, b, c = np.array([1.0, 5.0]), np.array([3.0, 2.0]), np.array([0.0, 7.0])
    check(T.largest(a, b, c), "float64", [3.0, 7.0])
    check(T.largest(a, b), "float64", [3.0, 5.0])
    check(T.smallest(a, b), "float64", [1.0, 2.0])
    check(T.smallest(a, b, c), "float64", [0.0, 2.0])


def test_roll():
    x = np.arange(6).reshape(2, 3)
    check(T.roll(x, 4), "int64", np.roll(x, 4))
    check(T.roll(x, -1, 1), "int64", np.roll(x, -1, 1))
    check(T.roll(x, 1, -2), "int64", np.roll(x, 1, -2))
    # The shift is a run-time value, and roll has a gradient.
    m, s = T.dmatrix("m"), T.iscalar("s")
    f = theano.function([m, s], T.roll(m, s, 1))
    for shift in (0, 1, 5, -2):
        np.testing.assert_allclose(f(x * 1.0, shift), np.roll(x, shift, 1))
    w = np.arange(3.0)
    g = theano.function([m], T.grad(T.sum(T.roll(m, 1, 1) * w), m))
    np.testing.assert_allclose(g(x * 1.0), np.roll(np.tile(w, (2, 1)), -1, 1))


def test_tri_grids_split():
    check(T.tri(3, 4, 1), "float64", np.tri(3, 4, 1))
    check(T.tri(3, k=-1, dtype="int32"), "int32", np.tri(3, k=-1))
    for g, n in zip(T.mgrid[0:2, 0:3], np.mgrid[0:2, 0:3]):
        check(g, "int64", n)
    for g, n in zip(T.ogrid[0:2, 1:7:2], np.ogrid[0:2, 1:7:2]):
        check(g, "int64", n)
    parts = T.split(np.arange(6.0), [1, 2, 3], 3)
    for p, n in zip(parts, np.split(np.arange(6.0), [1, 3])):
        check(p, "float64", n)
    x, sizes = T.dmatrix("x"), T.lvector("sizes")
    f = theano.function([x, sizes], T.split(x, sizes, 2, axis=1))
    xv = np.arange(12.0).reshape(3, 4)
    a, b = f(xv, [3, 1])
    np.testing.assert_allclose(a, xv[:, :3])
    np.testing.assert_allclose(b, xv[:, 3:])


def test_permutations_and_cov():
    check(T.inverse_permutation(np.array([2, 0, 1], dtype="int32")), "int32", [1, 2, 0])
    x = np.arange(6.0).reshape(2, 3)
    # Theano 1.0.5 values
    check(T.permute_row_elements(x, np.array([2, 0, 1]), 1), "float64",
          [[1.0, 2.0, 0.0], [4.0, 5.0, 3.0]])
    check(T.permute_row_elements(x, np.array([[2, 0, 1], [1, 2, 0]]), 0), "float64",
          [[2.0, 0.0, 1.0], [4.0, 5.0, 3.0]])
    m = np.array([[0.0, 1, 2], [2, 1, 0.5]])
    check(T.cov(m), "float64", np.cov(m))
    check(T.cov(m, rowvar=False, ddof=0), "float64", np.cov(m, rowvar=False, ddof=0))
    check(T.cov(np.array([[0.0, 1, 2]]), np.array([[1.0, 3, 2]]), bias=True), "float64",
          [[2 / 3, 1 / 3], [1 / 3, 2 / 3]])


def test_special_functions_against_theano_105():
    x = np.array([0.5, 2.0, 7.5])
    k = np.array([0.5, 2.0, 3.0])
    recorded = {
        "i0": [1.0634833707413234, 2.279585302336067, 268.1613115151893],
        "i1": [0.25789430539089636, 1.5906368546373295, 249.58436542268802],
        "j0": [0.9384698072408129, 0.22389077914123567, 0.2663396578803784],
        "j1": [0.2422684576748739, 0.5767248077568733, 0.13524842757970548],
        "tri_gamma": [4.934802200053472, 0.6449340654732836, 0.1426158966798323]}
    for name, values in recorded.items():
        # Theano's C trigamma is an approximation good to ~2e-9 (exact at 2: pi**2/6 - 1
        # = 0.64493406684822..., which theanox gives).
        rtol = 1e-8 if name == "tri_gamma" else 1e-9
        check(getattr(T, name)(x), "float64", values, rtol=rtol)
        assert getattr(T, name)(T.fvector()).dtype == "float32"
    recorded2 = {
        "gammainc": [0.682689492137086, 0.5939941502901617, 0.9797432849433356],
        "gammaincc": [0.3173105078629141, 0.4060058497098384, 0.020256715056664397],
        "gammal": [1.2100356193111088, 0.5939941502901617, 1.9594865698866715],
        "gammau": [0.5624182315944078, 0.406005849709838, 0.0405134301133288]}
    for name, values in recorded2.items():
        check(getattr(T, name)(k, x), "float64", values, rtol=1e-9)
    check(T.chi2sf(x, k), "float64", [0.25632205526854, 0.3678794411714422,
                                      0.057558451972636426], rtol=1e-9)
    assert T.chi2sf(T.fvector(), T.fvector()).dtype == "float64"   # as in Theano 1.0.5


def test_complex_and_xlogx():
    check(T.complex(np.array([1.0, 2.0]), np.array([3.0, -1.0])), "complex128",
          [1 + 3j, 2 - 1j])
    check(T.complex_from_polar(np.array([1.0, 2.0]), np.array([0.3, -1.0])), "complex128",
          np.array([1.0, 2.0]) * np.exp(1j * np.array([0.3, -1.0])))
    assert T.complex(T.fvector(), T.fvector()).dtype == "complex64"
    check(T.xlogx.xlogx(np.array([0.0, 0.5, 2.0])), "float64",
          [0.0, 0.5 * np.log(0.5), 2 * np.log(2.0)])
    check(T.xlogx.xlogy0(np.array([0.0, 0.5, 2.0]), np.array([0.0, 3.0, 2.0])), "float64",
          [0.0, 0.5 * np.log(3.0), 2 * np.log(2.0)])


def test_advanced_indexing_functions_and_constants():
    x = np.arange(5.0)
    idx = np.array([0, 2, 2])
    check(T.advanced_subtensor1(x, idx), "float64", x[idx])
    expect = x.copy()
    np.add.at(expect, idx, 1.0)
    check(T.advanced_inc_subtensor1(x, 1.0, idx), "float64", expect)
    expect = x.copy()
    expect[idx] = -1.0
    check(T.advanced_set_subtensor1(x, -1.0, idx), "float64", expect)
    m = np.arange(12.0).reshape(3, 4)
    rows, cols = np.array([0, 2]), np.array([1, 3])
    check(T.advanced_subtensor(m, rows, cols), "float64", m[rows, cols])
    expect = m.copy()
    expect[rows, cols] += 10.0
    check(T.advanced_inc_subtensor(m, 10.0, rows, cols), "float64", expect)
    expect[rows, cols] = 0.0
    check(T.advanced_set_subtensor(m, 0.0, rows, cols), "float64", expect)
    assert (T.float64_atol, T.float64_rtol, T.float32_atol, T.float16_rtol) == \
        (1e-8, 1e-5, 1e-5, 1e-3)
    assert T.integer_dtypes == ["int8", "int16", "int32", "int64", "uint8", "uint16",
                                "uint32", "uint64"]
    assert T.all_dtypes[0] == "bool" and len(T.all_dtypes) == 14
    assert [t.dtype for t in T.float_types] == ["float32", "float64"]
    assert T.int_vector_types[2] == T.ivector().type
    assert T.python_all is all and T.isinf_ is T.isinf
    assert T.pprint is theano.printing.pprint


def test_small_helpers():
    x = T.dmatrix("x")
    assert T.extract_constant(T.constant(3.0) * 2) == 6.0
    assert T.extract_constant(x) is x
    assert T.is_flat(T.dvector()) and not T.is_flat(x) and T.is_flat(x, ndim=2)
    assert T.check_equal_numpy(np.ones(2), np.ones(2) + 1e-12)
    assert not T.check_equal_numpy(np.ones(2), np.ones(2, dtype="float32"))
    rs = np.random.RandomState(1)
    assert T.check_equal_numpy(rs, np.random.RandomState(1))
    assert T.check_equal_numpy(3, 3) and T.numpy_diagonal_return_view is True
