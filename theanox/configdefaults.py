"""Theano 1.0.5's options, with their docs and defaults (Theano's ``configdefaults``).

Each ``_def`` registers one option with ``theanox.config.AddConfigVar``; its value
comes from THEANO_FLAGS, then THEANORC, then the default given here.  Many options
steer Theano's C/CUDA back ends: they are accepted, validated and stored, and
their doc says they have no effect.  ``import theanox`` imports this module right
after ``theanox.config``; once every option is registered, ``check_options`` warns
about flags that name none and checks the device.
"""
import os as _os

from theanox.config import (
    AddConfigVar,
    BoolParam,
    ConfigParam,
    DeviceParam,
    EnumStr,
    FloatParam,
    IntParam,
    StrParam,
    check_options,
)

_NO_EFFECT = " (Accepted and stored for compatibility; it has no effect in theanox.)"


def _floatX_convert(s):
    return {"32": "float32", "64": "float64", "16": "float16"}.get(s, s)


def _def(name, doc, param, no_effect=False):
    AddConfigVar(name, doc + (_NO_EFFECT if no_effect else ""), param)


_ON_ERR = ("ignore", "warn", "raise", "pdb")
_SETERR = ("ignore", "warn", "raise", "call", "print", "log")

_def("floatX",
     "Default floating-point precision for python casts.\n\nNote: float16 support "
     "is experimental, use at your own risk.",
     EnumStr("float64", "float32", "float16", convert=_floatX_convert))
_def("warn_float64",
     "What to do when a float64 tensor variable is created: ignore it, warn, "
     "raise an error, or drop into pdb. Useful to keep a float32 program on float32.",
     EnumStr(*_ON_ERR))
_def("pickle_test_value",
     "Dump test values when pickling a variable that has one.",
     BoolParam(True))
_def("cast_policy",
     "Rules for implicit type casting",
     EnumStr("custom", "numpy+floatX"))
_def("deterministic",
     "With 'more', prefer deterministic implementations where both exist.",
     EnumStr("default", "more"))
_def("int_division",
     "What to do when one computes x / y, where both x and y are of integer types",
     EnumStr("int", "raise", "floatX"))
_def("device",
     "The device that runs compiled functions and holds shared variables: 'cpu', "
     "or a CUDA GPU through JAX ('cuda', 'gpu' = the first GPU; 'cuda1', 'gpu1' = "
     "GPU number 1; 'cpu1' = JAX's CPU device 1). Use lower case only. A GPU that JAX "
     "does not have raises when this is set, unless force_device=False is set (then: a "
     "warning and the CPU). Shared variables are stored there when created or set; a "
     "function runs on the device set when it was compiled.",
     DeviceParam("cpu"))
_def("init_gpu_device",
     "Initialize the gpu device to use, works only if device=cpu. Unlike 'device', "
     "setting this option will NOT move computations, nor shared variables, to the "
     "specified GPU. It can be used to run GPU-specific tests on a particular GPU.",
     DeviceParam("", allow_empty=True))
_def("force_device",
     "Raise an error if the asked-for device can't be used. theanox raises by "
     "default; set force_device=False explicitly to fall back to the CPU with a warning.",
     BoolParam(False))
_def("matmul_precision",
     "Precision of float32 matrix products and convolutions in compiled functions: "
     "'highest' (full float32, as Theano computed: the default), 'high' or 'default' "
     "(JAX's precision names; on NVIDIA GPUs 'default' lets XLA use TF32 tensor "
     "cores: faster, about 3 fewer decimal digits). Read when a function is compiled; "
     "float64 is always computed in full.",
     EnumStr("highest", "high", "default"))
_def("conv.assert_shape",
     "Add run-time checks that the image and filter shapes given to conv ops "
     "match the actual inputs.",
     BoolParam(False))
_def("print_global_stats",
     "Print a summary of all compiled functions' statistics at exit.",
     BoolParam(False))
_def("assert_no_cpu_op",
     "What to do if a graph compiled for the GPU still contains a CPU-only op.",
     EnumStr(*_ON_ERR), no_effect=True)
_def("unpickle_gpu_on_cpu",
     "Allow unpickling GPU arrays as numpy arrays on a machine without a GPU.",
     BoolParam(False))
_def("mode",
     "The default compilation mode of theano.function: 'Mode' (the same as "
     "FAST_RUN: rewrite the graph, then compile it as one XLA program), "
     "'FAST_COMPILE' (no rewrites), 'DebugMode' / 'DEBUG_MODE' and 'NanGuardMode' "
     "(op-by-op checks), 'ProfileMode' (deprecated; use profile=True).",
     EnumStr("Mode", "DebugMode", "FAST_RUN", "NanGuardMode", "FAST_COMPILE",
             "DEBUG_MODE", "ProfileMode", "PROFILE_MODE"))
_def("cxx",
     "The C++ compiler Theano would use for its C back end.",
     StrParam(""), no_effect=True)
_def("linker",
     "The linker used with mode 'Mode'. theanox always lowers the graph to JAX/XLA.",
     EnumStr("cvm", "c|py", "py", "c", "c|py_nogc", "vm", "vm_nogc", "cvm_nogc",
             "c&py"), no_effect=True)
_def("allow_gc",
     "Free intermediate results during function calls (XLA manages its own "
     "buffers).",
     BoolParam(True), no_effect=True)
_def("optimizer",
     "The graph rewrites used with mode 'Mode': 'fast_run' (also 'o4'; 'o1'..'o3' "
     "and 'unsafe' are accepted and treated like fast_run), 'fast_compile', "
     "'merge' (only merge identical subgraphs), or 'None'.",
     EnumStr("fast_run", "merge", "fast_compile", "None", "o4", "o3", "o2", "o1",
             "unsafe", "stabilize"))
_def("optimizer_verbose",
     "Print every graph rewrite as it is applied.",
     BoolParam(False))
_def("on_opt_error",
     "What to do when a graph rewrite fails: warn and skip it, raise, drop into "
     "pdb, or ignore it.",
     EnumStr("warn", "raise", "pdb", "ignore"))
_def("nocleanup",
     "Keep the generated source files of failed C compilations.",
     BoolParam(False), no_effect=True)
_def("on_unused_input",
     "What theano.function does when a variable in its inputs list is not used "
     "by the outputs or updates: raise an error, warn, or ignore it.",
     EnumStr("raise", "warn", "ignore"))
_def("tensor.cmp_sloppy",
     "How loosely tensor._allclose compares: 0 not at all, 1 a bit, 2 more.",
     IntParam(0, lambda i: i in (0, 1, 2)))
_def("tensor.local_elemwise_fusion",
     "Fuse chains of elementwise ops in fast_run (XLA fuses them anyway).",
     BoolParam(True))
_def("gpu.local_elemwise_fusion",
     "Fuse chains of elementwise ops on the GPU.",
     BoolParam(True), no_effect=True)
_def("lib.amdlibm",
     "Link AMD's libm for the C back end.",
     BoolParam(False), no_effect=True)
_def("gpuelemwise.sync",
     "Wait for each GPU elementwise kernel and check its error code.",
     BoolParam(True), no_effect=True)
_def("traceback.limit",
     "How many stack frames are recorded where each variable is created "
     "(-1: all).",
     IntParam(8))
_def("traceback.compile_limit",
     "How many stack frames are recorded where a function is compiled "
     "(0: none, -1: all).",
     IntParam(0))
_def("experimental.unpickle_gpu_on_cpu",
     "Unpickle pickled CudaNdarrays as numpy arrays.",
     BoolParam(False), no_effect=True)
_def("experimental.local_alloc_elemwise_assert",
     "When the local_alloc_elemwise rewrite runs, add an assert that checks "
     "shapes.",
     BoolParam(True))
_def("numpy.seterr_all",
     "NumPy's handling of floating-point errors set when theanox is imported "
     "(numpy.seterr(all=...)); 'None' keeps NumPy's default. The four options "
     "below override it for one kind of error.",
     EnumStr("ignore", *(_SETERR[1:] + ("None",))))
_def("numpy.seterr_divide",
     "NumPy's handling of division by zero; 'None' follows numpy.seterr_all.",
     EnumStr("None", *_SETERR))
_def("numpy.seterr_over",
     "NumPy's handling of floating-point overflow; 'None' follows "
     "numpy.seterr_all.",
     EnumStr("None", *_SETERR))
_def("numpy.seterr_under",
     "NumPy's handling of floating-point underflow; 'None' follows "
     "numpy.seterr_all.",
     EnumStr("None", *_SETERR))
_def("numpy.seterr_invalid",
     "NumPy's handling of invalid floating-point operations; 'None' follows "
     "numpy.seterr_all.",
     EnumStr("None", *_SETERR))
_def("warn.ignore_bug_before",
     "Only warn about old Theano bugs fixed after this version ('None': warn "
     "about all of them, 'all': about none).",
     EnumStr("0.9", "None", "all", "0.3", "0.4", "0.4.1", "0.5", "0.6", "0.7",
             "0.8", "0.8.1", "0.8.2", "0.10", "1.0", "1.0.1", "1.0.2", "1.0.3",
             "1.0.4", "1.0.5"), no_effect=True)


def _split_version(version):
    return tuple(int(i) for i in version.split("."))


def warn_default(version):
    """Theano's rule: True iff warn.ignore_bug_before asks for warnings about bugs
    fixed after ``version`` (the default of each ``warn.*`` flag below)."""
    from theanox import config as _config
    ignore = _config.get_config("warn.ignore_bug_before")
    if ignore == "None":
        return True
    if ignore == "all":
        return False
    return _split_version(ignore) < _split_version(version)


# Theano's warnings about bugs of its own old versions. theanox never had those bugs,
# so these only exist so that code setting them (Theano's loop tutorial sets
# warn.subtensor_merge_bug = False) keeps working; defaults follow Theano's rule.
for _name, _doc, _since in (
        ("warn.argmax_pushdown_bug",
         "Warn if in past version of Theano we generated a bug with the "
         "theano.tensor.nnet.nnet.local_argmax_pushdown optimization. Was fixed 27 "
         "may 2010", "0.3"),
        ("warn.gpusum_01_011_0111_bug",
         "Warn if we are in a case where old version of Theano had a silent bug "
         "with GpuSum pattern 01,011 and 0111 when the first dimensions was bigger "
         "then 4096. Was fixed 31 may 2010", "0.3"),
        ("warn.sum_sum_bug",
         "Warn if we are in a case where Theano version between version "
         "9923a40c7b7a and the 2 august 2010 (fixed date), generated an error in "
         "that case. This happens when there are 2 consecutive sums in the graph, "
         "bad code was generated. Was fixed 2 August 2010", "0.3"),
        ("warn.sum_div_dimshuffle_bug",
         "Warn if previous versions of Theano (between rev. 3bd9b789f5e8, "
         "2010-06-16, and cfc6322e5ad4, 2010-08-03) would have given incorrect "
         "result. This bug was triggered by sum of division of dimshuffled "
         "tensors.", "0.3"),
        ("warn.subtensor_merge_bug",
         "Warn if previous versions of Theano (before 0.5rc2) could have given "
         "incorrect results when indexing into a subtensor with negative stride "
         "(for instance, x[a:b:-1][c]).", "0.5"),
        ("warn.gpu_set_subtensor1",
         "Warn if previous versions of Theano (before 0.6) could have given "
         "incorrect results when moving to the gpu set_subtensor(x[int vector], "
         "new_value)", "0.6"),
        ("warn.vm_gc_bug",
         "There was a bug that existed in the default Theano configuration, only "
         "in the development version between July 5th 2012 and July 30th 2012. "
         "This was not in a released version.", None),
        ("warn.signal_conv2d_interface",
         "Warn we use the new signal.conv2d() when its interface changed mid June "
         "2014", "0.7"),
        ("warn.reduce_join",
         "Theano versions prior to 0.7 might have given an incorrect result for "
         "Reduce{scalar.op}(Join(axis=0, a, b), axis=0) when the reduction axis "
         "was not 0.", "0.7"),
        ("warn.inc_set_subtensor1",
         "Warn if previous versions of Theano (before 0.7) could have given "
         "incorrect results for inc_subtensor and set_subtensor when using some "
         "patterns of advanced indexing (indexing with one vector or matrix of "
         "ints).", "0.7"),
        ("warn.inc_subtensor1_opt",
         "Warn if previous versions of Theano (before 0.10) could have given "
         "incorrect results when computing inc_subtensor(zeros[idx], x)[idx], "
         "when idx is an array of integers with duplicated values.", "0.10")):
    _def(_name, _doc,
         BoolParam(warn_default(_since) if _since else False), no_effect=True)
_def("compute_test_value",
     "Evaluate each op while the graph is built, on the test values attached to "
     "its inputs (var.tag.test_value), to find errors early: 'off', 'ignore' "
     "(skip variables without a test value), 'warn', 'raise', 'pdb'.",
     EnumStr("off", "ignore", "warn", "raise", "pdb"))
_def("print_test_value",
     "Make a variable's repr show its test value when it has one.",
     BoolParam(False))
_def("compute_test_value_opt",
     "Like compute_test_value, but while graph rewrites run.",
     EnumStr("off", "ignore", "warn", "raise", "pdb"))
_def("unpickle_function",
     "Unpickle pickled theano functions (False: replace them with None).",
     BoolParam(True))
_def("reoptimize_unpickled_function",
     "Rewrite the graph again when a function is unpickled.",
     BoolParam(False))
_def("check_stack_trace",
     "Check that graph rewrites keep the creation stack trace of the variables "
     "they replace: 'off', 'log', 'warn' or 'raise'.",
     EnumStr("off", "log", "warn", "raise"))
_def("exception_verbosity",
     "How much errors say about the failing node: 'low' names it briefly "
     "(Elemwise{add,no_inplace}), 'high' adds a debugprint of its inputs.",
     EnumStr("low", "high"))
_def("openmp",
     "Let C ops run in parallel with OpenMP (XLA picks its own threading).",
     BoolParam(False), no_effect=True)
_def("openmp_elemwise_minsize",
     "The smallest tensor an OpenMP elementwise op parallelises.",
     IntParam(200000), no_effect=True)
_def("check_input",
     "Have the C code of types check their inputs.",
     BoolParam(True), no_effect=True)
_def("cache_optimizations",
     "Cache rewritten graphs (unfinished in Theano).",
     BoolParam(False), no_effect=True)
_def("unittests.rseed",
     "The seed of randomised unit tests; 'random' means no fixed seed.",
     StrParam("666"))
_def("compile.wait",
     "Seconds to wait before retrying to take the compile lock.",
     IntParam(5, lambda i: i > 0), no_effect=True)
_def("compile.timeout",
     "Seconds after which a stale compile lock is overridden.",
     IntParam(120, lambda i: i >= 0), no_effect=True)
_def("compiledir_format",
     "The name pattern of Theano's per-platform compile directory.",
     StrParam("compiledir_%(short_platform)s-%(processor)s-%(python_version)s-"
              "%(python_bitwidth)s"), no_effect=True)
_def("base_compiledir",
     "A per-user directory for compiled code (Theano's was ~/.theano). JAX's "
     "persistent compilation cache is kept in its 'jax_cache' subdirectory (unless "
     "compiledir is set), so compiled XLA programs are reused by later runs. Empty: "
     "no persistent cache.",
     StrParam(_os.path.join("~", ".theanox")))
_def("compiledir",
     "The directory of JAX's persistent compilation cache: compiled XLA programs "
     "are stored there and reused by later runs. Empty: base_compiledir's "
     "'jax_cache'.",
     StrParam(""))
_def("compilation_cache",
     "theanox: keep compiled XLA programs in JAX's persistent compilation cache "
     "(compiledir), so a script's second run skips compiling. False: no persistent "
     "cache. A cache directory set in JAX itself (JAX_COMPILATION_CACHE_DIR) is "
     "used instead unless base_compiledir or compiledir is set explicitly.",
     BoolParam(True))
_def("tiling.budget",
     "theanox: MB. When the largest intermediate of a function call would exceed "
     "this, and every output row depends only on the same row of the inputs (a "
     "classifier's predict), the call is evaluated in tiles of rows, one tile's "
     "intermediates at a time (theanox/compile/tiling.py). 0: never tile.",
     FloatParam(256.0, lambda v: v >= 0))
_def("staging.cache_size",
     "theanox: how many XLA executables one compiled function keeps (least recently "
     "used dropped first). Each distinct input shape or shape-deciding value (a slice "
     "length, a reshape target) needs its own; slice starts and indices never do. "
     "0: no bound.",
     IntParam(64, lambda i: i >= 0))
_def("staging.recompile_warning",
     "theanox: warn once (RecompileWarning) when a compiled function has compiled this "
     "many XLA executables, naming the input shape or value that changed. 0: never.",
     IntParam(10, lambda i: i >= 0))
_def("cmodule.mac_framework_link",
     "Link C modules against the Python framework on macOS.",
     BoolParam(False), no_effect=True)
_def("cmodule.warn_no_version",
     "Warn when an op's C code has no cache version.",
     BoolParam(False), no_effect=True)
_def("cmodule.remove_gxx_opt",
     "Drop -O flags when compiling C modules (for gdb).",
     BoolParam(False), no_effect=True)
_def("cmodule.compilation_warning",
     "Print the C compiler's warnings.",
     BoolParam(False), no_effect=True)
_def("cmodule.preload_cache",
     "Load the C module cache when Theano is imported.",
     BoolParam(False), no_effect=True)
_def("cmodule.age_thresh_use",
     "Seconds after which an unused compiled C module is deleted.",
     IntParam(60 * 60 * 24 * 24), no_effect=True)
_def("cmodule.debug",
     "Compile C modules with debug information.",
     BoolParam(False), no_effect=True)
_def("gcc.cxxflags",
     "Extra flags for the C++ compiler.",
     StrParam(""), no_effect=True)
_def("metaopt.verbose",
     "How verbose meta-optimizers are (0: quiet).",
     IntParam(0))
_def("optdb.position_cutoff",
     "Stop graph rewriting at this position of the optimizer database.",
     FloatParam(float("inf")))
_def("optdb.max_use_ratio",
     "Bound on how often the equilibrium rewriter applies rewrites, relative to "
     "the graph size (prevents infinite loops).",
     FloatParam(8.0))
_def("profile",
     "Profile every compiled function: time spent per call and per op, printed "
     "at exit or with f.profile.summary().",
     BoolParam(False))
_def("profile_optimizer",
     "Also profile the graph rewrites.",
     BoolParam(False))
_def("profile_memory",
     "Also report the memory used by the intermediate results.",
     BoolParam(False))
_def("vm.lazy",
     "Whether the VM linker evaluates lazily (None: decide per graph).",
     ConfigParam(None, lambda v: v in (None, "None", True, False, "True", "False")),
     no_effect=True)
_def("optimizer_excluding",
     "Rewrite tags (separated by ':') removed from the default mode.",
     StrParam(""))
_def("optimizer_including",
     "Rewrite tags (separated by ':') added to the default mode.",
     StrParam(""))
_def("optimizer_requiring",
     "Rewrite tags (separated by ':') required in the default mode.",
     StrParam(""))
_def("DebugMode.patience",
     "How many times DebugMode rewrites the graph to find inconsistencies.",
     IntParam(10, lambda i: i > 0))
_def("DebugMode.check_c",
     "Run C implementations where they exist.",
     BoolParam(True), no_effect=True)
_def("DebugMode.check_py",
     "Run Python implementations where they exist.",
     BoolParam(True), no_effect=True)
_def("DebugMode.check_finite",
     "Complain about NaN or Inf in any intermediate result.",
     BoolParam(True))
_def("DebugMode.check_strides",
     "What to do when two implementations give different strides: 0 ignore, "
     "1 warn, 2 raise.",
     IntParam(0, lambda i: i in (0, 1, 2)), no_effect=True)
_def("DebugMode.warn_input_not_reused",
     "Warn when an op declared in-place did not reuse its input.",
     BoolParam(True), no_effect=True)
_def("DebugMode.check_preallocated_output",
     "Kinds of preallocated output memory to test ops with, separated by ':' "
     "(initial, previous, c_contiguous, f_contiguous, strided, wrong_size, ALL).",
     StrParam(""), no_effect=True)
_def("DebugMode.check_preallocated_output_ndim",
     "Number of inner dimensions combined when testing strided outputs.",
     IntParam(4, lambda i: i > 0), no_effect=True)
_def("profiling.time_thunks",
     "Time each op separately when profiling.",
     BoolParam(True))
_def("profiling.n_apply",
     "How many Apply nodes a profile prints.",
     IntParam(20, lambda i: i > 0))
_def("profiling.n_ops",
     "How many ops a profile prints.",
     IntParam(20, lambda i: i > 0))
_def("profiling.output_line_width",
     "Maximum line width of the profile output.",
     IntParam(512, lambda i: i > 0))
_def("profiling.min_memory_size",
     "Memory profiles skip Apply nodes whose outputs take fewer bytes than this.",
     IntParam(1024, lambda i: i >= 0))
_def("profiling.min_peak_memory",
     "Also print the smallest peak memory among node orders.",
     BoolParam(False))
_def("profiling.destination",
     "Where profiles are written: 'stderr', 'stdout' or a file name.",
     StrParam("stderr"))
_def("profiling.debugprint",
     "Add a debugprint of each profiled function.",
     BoolParam(False))
_def("profiling.ignore_first_call",
     "Leave the first call (which includes compilation) out of the profile.",
     BoolParam(False))
_def("ProfileMode.n_apply_to_print",
     "How many Apply nodes ProfileMode prints.",
     IntParam(15, lambda i: i > 0))
_def("ProfileMode.n_ops_to_print",
     "How many ops ProfileMode prints.",
     IntParam(20, lambda i: i > 0))
_def("ProfileMode.min_memory_size",
     "ProfileMode's memory report skips nodes whose outputs are smaller than "
     "this many bytes.",
     IntParam(1024, lambda i: i >= 0))
_def("ProfileMode.profile_memory",
     "Make ProfileMode report memory use.",
     BoolParam(False))
_def("on_shape_error",
     "What to do when inferring a node's shape fails: warn and use a default, "
     "or raise.",
     EnumStr("warn", "raise"))
_def("tensor.insert_inplace_optimizer_validate_nb",
     "How often the in-place rewriter validates (-1: automatic).",
     IntParam(-1), no_effect=True)
_def("blas.ldflags",
     "Linker flags of the BLAS library for the C back end.",
     StrParam(""), no_effect=True)
_def("blas.check_openmp",
     "Check that the BLAS library and OpenMP agree.",
     BoolParam(True), no_effect=True)
_def("warn.identify_1pexp_bug",
     "Warn about a bug in is_1pexp fixed in 2011.",
     BoolParam(False), no_effect=True)
_def("warn.round",
     "Warn that T.round's default changed to half_to_even-like rounding.",
     BoolParam(False))
_def("scan.allow_gc",
     "Free scan's intermediate results between iterations.",
     BoolParam(False), no_effect=True)
_def("scan.allow_output_prealloc",
     "Let scan preallocate its outputs.",
     BoolParam(True), no_effect=True)
_def("scan.debug",
     "Print scan's internal steps for debugging.",
     BoolParam(False))
_def("pycuda.init",
     "Initialise PyCUDA before the GPU.",
     BoolParam(False), no_effect=True)
_def("cuda.root",
     "The CUDA toolkit directory (JAX's CUDA plugin brings its own).",
     StrParam(_os.environ.get("CUDA_ROOT", "")), no_effect=True)
_def("cuda.enabled",
     "Whether Theano's old CUDA back end may be used.",
     BoolParam(True), no_effect=True)
_def("nvcc.flags",
     "Extra flags for nvcc.",
     StrParam(""), no_effect=True)
_def("nvcc.compiler_bindir",
     "The directory where nvcc looks for gcc and g++.",
     StrParam(""), no_effect=True)
_def("nvcc.fastmath",
     "Compile CUDA kernels with nvcc's fast (less exact) math.",
     BoolParam(False), no_effect=True)
_def("nvcc.cudafe",
     "Whether nvcc's cudafe warnings are shown ('always' or 'heuristic').",
     EnumStr("heuristic", "always"), no_effect=True)
_def("lib.cnmem",
     "Size of the CNMeM GPU memory pool: 0 off, 0 < N <= 1 a fraction of GPU "
     "memory, N > 1 megabytes. (JAX preallocates with XLA_PYTHON_CLIENT_MEM_FRACTION.)",
     FloatParam(0.0, lambda f: f >= 0), no_effect=True)
_def("gpuarray.sync",
     "Wait for each GPU op to finish (accurate but slow profiles).",
     BoolParam(False), no_effect=True)
_def("gpuarray.preallocate",
     "GPU memory preallocated by the gpuarray back end: 0 none, a fraction if "
     "below 1, else megabytes.",
     FloatParam(0.0), no_effect=True)
_def("gpuarray.sched",
     "The gpuarray context's scheduling hint.",
     EnumStr("default", "multi", "single"), no_effect=True)
_def("gpuarray.single_stream",
     "Use one CUDA stream for all GPU work.",
     BoolParam(True), no_effect=True)
_def("dnn.enabled",
     "Whether cuDNN is used: 'auto', 'True', 'False' or 'no_check'. XLA picks "
     "cuDNN kernels itself on a GPU.",
     EnumStr("auto", "True", "False", "no_check",
             convert=lambda v: str(v) if isinstance(v, bool) else v), no_effect=True)
_def("dnn.include_path",
     "Where cudnn.h is.",
     StrParam(""), no_effect=True)
_def("dnn.library_path",
     "Where the cuDNN library is.",
     StrParam(""), no_effect=True)
_def("dnn.conv.algo_fwd",
     "cuDNN's forward convolution algorithm.",
     EnumStr("small", "none", "large", "fft", "fft_tiling", "winograd",
             "winograd_non_fused", "guess_once", "guess_on_shape_change",
             "time_once", "time_on_shape_change"), no_effect=True)
_def("dnn.conv.algo_bwd_data",
     "cuDNN's convolution gradient algorithm with respect to the inputs.",
     EnumStr("none", "deterministic", "fft", "fft_tiling", "winograd",
             "winograd_non_fused", "guess_once", "guess_on_shape_change",
             "time_once", "time_on_shape_change"), no_effect=True)
_def("dnn.conv.algo_bwd_filter",
     "cuDNN's convolution gradient algorithm with respect to the filters.",
     EnumStr("none", "deterministic", "fft", "small", "winograd_non_fused",
             "fft_tiling", "guess_once", "guess_on_shape_change", "time_once",
             "time_on_shape_change"), no_effect=True)
_def("dnn.conv.precision",
     "The precision of cuDNN convolutions ('as_input': the inputs' dtype).",
     EnumStr("as_input_f32", "as_input", "float16", "float32", "float64"),
     no_effect=True)
_def("NanGuardMode.nan_is_error",
     "NanGuardMode: a NaN in any intermediate result is an error.",
     BoolParam(True))
_def("NanGuardMode.inf_is_error",
     "NanGuardMode: an Inf in any intermediate result is an error.",
     BoolParam(True))
_def("NanGuardMode.big_is_error",
     "NanGuardMode: a value larger than 1e10 in absolute value is an error.",
     BoolParam(True))
_def("NanGuardMode.action",
     "What NanGuardMode does on such a value: raise, warn, or drop into pdb.",
     EnumStr("raise", "warn", "pdb"))
_def("ctc.root",
     "The directory of the warp-ctc library.",
     StrParam(""), no_effect=True)
_def("magma.enabled",
     "Use MAGMA for GPU linear algebra.",
     BoolParam(False), no_effect=True)
_def("cycle_detection",
     "How in-place rewrites check for cycles: 'regular' or 'fast'.",
     EnumStr("regular", "fast"), no_effect=True)
_def("print_active_device",
     "Print the device in use when a GPU is initialised (config.device or "
     "init_gpu_device set to a GPU).",
     BoolParam(True))
_def("enable_initial_driver_test",
     "Test the NVIDIA driver when a GPU is initialised.",
     BoolParam(True), no_effect=True)



def _contexts_filter(val):
    if val == "":
        return True
    for v in val.split(";"):
        s = v.split("->")
        if len(s) != 2:
            raise ValueError("Malformed context map: %s" % (v,))
        if s[0] == "cpu" or s[0].startswith("cuda") or s[0].startswith("opencl"):
            raise ValueError("Cannot use %s as context name" % (s[0],))
    return True


def _deprecated_dnn(flag, use):
    def check(val):
        if val:
            raise ValueError("The flag %s is deprecated; use %s instead." % (flag, use))
        return True
    return check


class _TrueOnly(BoolParam):
    """A boolean option whose only valid value is True (a deprecated switch)."""

    def filter(self, value):
        value = super().filter(value)
        if value is not True:
            raise self._error(value, "this deprecated flag can only be True")
        return value


_def("contexts",
     "Context map for multi-gpu operation: 'name->dev_name' pairs separated by "
     "';', e.g. \"test->cuda0;test2->cuda1\". Invalid context names are 'cpu', "
     "'cuda*' and 'opencl*'. theanox: shared(value, target=name) stores the value "
     "on that context's device.",
     ConfigParam("", _contexts_filter))
_def("cuda.include_path",
     "Location of the cuda includes.",
     StrParam(""), no_effect=True)
_def("dnn.conv.workmem",
     "This flag is deprecated; use dnn.conv.algo_fwd.",
     ConfigParam("", _deprecated_dnn("dnn.conv.workmem", "dnn.conv.algo_fwd")),
     no_effect=True)
_def("dnn.conv.workmem_bwd",
     "This flag is deprecated; use `dnn.conv.algo_bwd_filter` and "
     "`dnn.conv.algo_bwd_data` instead.",
     ConfigParam("", _deprecated_dnn("dnn.conv.workmem_bwd",
                                      "dnn.conv.algo_bwd_filter and "
                                      "dnn.conv.algo_bwd_data")), no_effect=True)
_def("dnn.conv.algo_bwd",
     "This flag is deprecated; use dnn.conv.algo_bwd_data and "
     "dnn.conv.algo_bwd_filter.",
     ConfigParam("", _deprecated_dnn("dnn.conv.algo_bwd",
                                      "dnn.conv.algo_bwd_data and "
                                      "dnn.conv.algo_bwd_filter")), no_effect=True)
_def("dnn.base_path",
     "Install location of cuDNN.",
     StrParam(""), no_effect=True)
_def("dnn.bin_path",
     "Location of the cuDNN load library (on non-windows platforms, this is the "
     "same as dnn.library_path).",
     StrParam(""), no_effect=True)
_def("magma.include_path",
     "Location of the magma header.",
     StrParam(""), no_effect=True)
_def("magma.library_path",
     "Location of the magma library.",
     StrParam(""), no_effect=True)
_def("metaopt.optimizer_excluding",
     "Exclude meta-optimizers with these tags. Separate tags with ':'.",
     StrParam(""), no_effect=True)
_def("metaopt.optimizer_including",
     "Include meta-optimizers with these tags. Separate tags with ':'.",
     StrParam(""), no_effect=True)
_def("experimental.local_alloc_elemwise",
     "DEPRECATED: If True, enable the experimental optimization "
     "local_alloc_elemwise. Generates error if not True. Use "
     "optimizer_excluding=local_alloc_elemwise to disable.",
     _TrueOnly(True), no_effect=True)
_def("gpuarray.cache_path",
     "Directory to cache pre-compiled kernels for the gpuarray backend.",
     StrParam(""), no_effect=True)


check_options()
