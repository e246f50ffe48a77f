"""Report which of Theano 1.0.5's public names resolve in theanox.

Usage: python tools/api_coverage.py [path/to/theano_api_names.txt] [--write docs/API_COVERAGE.md]
Names are looked up by replacing the leading ``theano`` with ``theanox`` and walking
attributes (importing submodules as needed).  Names with no meaning on JAX (C
linkers, GPU array types, C code helpers) are listed as not applicable.
"""
import importlib
import os
import re
import sys

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT = os.path.join(HERE, "docs", "theano_api_names.txt")

# Names that have no meaning on a JAX backend: (pattern, one-line reason).
NOT_APPLICABLE = [
    (r"\.gpuarray\b|GpuArray|\.sandbox\.gpuarray|\.cuda\b|CudaNdarray|\.sandbox\.cuda|\.misc\.pycuda",
     "GPU array types and CUDA ops: JAX places arrays on devices itself"),
    (r"CLinker|OpWiseCLinker|DualLinker|PerformLinker|LocalLinker|\.Linker$|\.gof\.vm\b|"
     r"\.lazylinker_c",
     "Theano's linkers and VMs: every theanox function runs as one XLA program"),
    (r"\.gof\.cc|\.gof\.cmodule|COp\b|OpenMPOp|\.c_code|\.cutils|\.blas_c\b|\.blas_scipy\b|"
     r"\.tensor\.blas_headers$|\.tensor\.elemwise_cgen$|\.tensor\.inc_code$|"
     r"\.tensor\.ParamsType$|\.tensor\.blas$|\.PoolingMode_t$",
     "C code generation, C-op parameter structs and BLAS bindings: XLA compiles and calls BLAS"),
    (r"\.nnet\.(corr|corr3d)$",
     "CorrMM/Corr3dMM, Theano's C implementations of convolution: conv2d/conv3d lower to XLA"),
    (r"\.tensor\.(MPI\w+|i?send|i?recv|mpi_\w+|key_to_cmp)$",
     "MPI send/recv ops (theano.tensor.io): multi-host transfers are jax.distributed/sharding"),
    (r"\.ifelse\.(cond_\w+|ifelse_lift_single_if_through_acceptable_ops|CondMerge|"
     r"acceptable_ops)$|\.nnet\.(crossentropy_to_crossentropy_with_softmax\w*|"
     r"graph_merge_softmax_with_crossentropy_softmax|softmax_simplifier|opt)$|"
     r"\.tensor\.opt_uncanonicalize$|\.scan_module\.scan_opt$|\.mrg_random_make_inplace$|"
     r"\.compile\.local_useless$",
     "Theano's internal graph-rewrite passes: theanox has its own rewrites and XLA fuses"),
    (r"\.gradient\.tensor$|\.tensor\.sparse_module_ref$|\.tensor\.constant_cache$|"
     r"\.compile\.instantiated_default_mode$",
     "Theano's module-level cache and lazy-import slots (None or {} there); no API of their own"),
    (r"\.shared_randomstreams\.(randomstate_constructor|RandomStreams\.gen_seedgen)$",
     "NumPy RandomState as random state: theanox's draws keep JAX keys (seeded from the seed)"),
    (r"\.compile\.ops_with_inner_function$|\.Function\.output_storage$",
     "Theano's executor storage: inner graphs compile into the caller's XLA program and "
     "outputs are returned as fresh arrays, with no storage kept"),
    (r"\.tensor\.(get_idx_list|get_scalar_constant_value_elemwises)$",
     "internal tables of Theano's Subtensor and constant folding: theanox's ops keep their own"),
    (r"\.tensor\.(SliceType|SliceConstant|slicetype|NoneTypeT|none_type_t|NoneConst|"
     r"type_other)$",
     "Theano's graph types for slices and None: theanox keeps them as Python values in an index"),
]


def load_names(path):
    names = []
    with open(path, encoding="utf-8") as f:
        lines = f.readlines()
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        star = line.endswith("*")
        names.append((line.rstrip(" *"), star))
    return names


# Attributes every Variable instance has (set in __init__, so not on the class).
VARIABLE_INSTANCE_ATTRS = {"tag", "type", "owner", "index", "name", "auto_name"}


# Attributes other classes set in __init__ (checked on an instance made with no argument).
INSTANCE_ATTRS = {"MRG_RandomStreams": {"default_instance_seed", "state_updates"},
                  "RandomStreams": {"default_instance_seed", "state_updates", "gen_seedgen"}}


def resolve(name):
    if '"' in name:   # a key of a table (predefined_linkers."c") or a mode name (get_mode."X")
        head, key = name.split('."')
        holder = resolve_object(head)
        if isinstance(holder, dict):
            return key.rstrip('"') in holder
        holder(key.rstrip('"'))
        return True
    try:
        resolve_object(name)
    except _Missing:
        return False
    return True


class _Missing(Exception):
    pass


def resolve_object(name):
    """Returns the theanox object for a Theano name (raises _Missing when it has none)."""
    parts = name.split(".")
    parts[0] = "theanox"
    obj = importlib.import_module("theanox")
    path = "theanox"
    for p in parts[1:]:
        path += "." + p
        try:
            obj = getattr(obj, p)
        except AttributeError:
            from theanox.graph.basic import Variable
            if isinstance(obj, type) and issubclass(obj, Variable) \
                    and p in VARIABLE_INSTANCE_ATTRS:
                return getattr(obj, "__init__")
            if isinstance(obj, type) and p in INSTANCE_ATTRS.get(obj.__name__, ()):
                return getattr(obj(), p)      # set by __init__: check a fresh instance
            try:
                obj = importlib.import_module(path)
            except Exception:
                raise _Missing(path)
    return obj


def main(argv):
    path = DEFAULT
    out = None
    args = list(argv)
    if "--write" in args:
        i = args.index("--write")
        out = args[i + 1]
        del args[i:i + 2]
    if args:
        path = args[0]
    names = load_names(path)
    rows = {"ok": [], "missing": [], "n/a": []}
    for name, star in names:
        # Config flags (gpuarray.* & co) are all accepted by theanox.config: never n/a.
        reason = None if name.startswith("theano.config.") else next(
            (r for p, r in NOT_APPLICABLE if re.search(p, name)), None)
        if reason is not None:
            rows["n/a"].append((name, star, reason))
            continue
        try:
            ok = resolve(name)
        except Exception:
            ok = False
        rows["ok" if ok else "missing"].append((name, star))
    starred = [n for n, s in names if s]
    starred_ok = [n for n, s in rows["ok"] if s]
    lines = ["# Theano 1.0.5 API coverage", "",
             "Generated by `python tools/api_coverage.py --write docs/API_COVERAGE.md`.", "",
             "| | names | tutorial names (*) |", "|---|---|---|",
             "| resolve in theanox | %d | %d |" % (len(rows["ok"]), len(starred_ok)),
             "| missing | %d | %d |" % (len(rows["missing"]),
                                       len([n for n, s in rows["missing"] if s])),
             "| not applicable on JAX | %d | %d |" % (len(rows["n/a"]),
                                                     len([r for r in rows["n/a"] if r[1]])),
             "| total | %d | %d |" % (len(names), len(starred)), "",
             "## Missing", ""]
    lines += ["- `%s`%s" % (n, " *" if s else "") for n, s in rows["missing"]]
    lines += ["", "## Not applicable on JAX", "", "| name | why |", "|---|---|"]
    lines += ["| `%s`%s | %s |" % (n, " *" if s else "", why) for n, s, why in rows["n/a"]]
    text = "\n".join(lines) + "\n"
    if out:
        with open(out, "w", encoding="utf-8") as f:
            f.write(text)
    print("\n".join(lines[:11]))
    return rows


if __name__ == "__main__":
    sys.path.insert(0, HERE)
    main(sys.argv[1:])
