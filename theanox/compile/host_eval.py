"""Scalar programs on the host: a jitted program whose every value is 0-d, run as NumPy code.

A call of a jitted XLA executable costs ~5 us before any work (argument buffers,
dispatch, output buffers) and ~13 us for a 4-argument, 3-output scalar step such as
the seed's per-sample linear regression; Theano's C VM runs that step in ~7 us.
NumPy scalar arithmetic costs ~0.1 us per operation, so for a program whose inputs,
state, intermediates and outputs are all scalars, straight-line Python over NumPy
scalars is several times cheaper than the dispatch (benchmarks/ANALYSIS.md, "The
per-call floor").

``build(jitted, values)`` traces the jitted function at ``values`` (the jaxpr jit
already made, with the gradient expanded into primitives) and, when every variable
is 0-d and every primitive is one of the rows below with NumPy's semantics equal to
XLA's, returns ``host(values) -> tuple of NumPy scalars``; otherwise None and the
program stays on XLA.  Integer division, float->integer conversion and anything
not listed stay on XLA (their edge cases differ).  Floating-point exceptions are
silenced as XLA silences them (inf/nan results, no warnings).
"""
import numpy as np

# primitive name -> (Python expression template over the operands {0}, {1}, ...,
# operand kinds allowed: "f" float, "i" signed/unsigned integer, "b" bool).
_ROWS = {
    "add": ("({0} + {1})", "fiu"),
    "add_any": ("({0} + {1})", "fiu"),
    "sub": ("({0} - {1})", "fiu"),
    "mul": ("({0} * {1})", "fiub"),
    "div": ("({0} / {1})", "f"),
    "neg": ("(-{0})", "fi"),
    "max": ("_np.maximum({0}, {1})", "fiub"),
    "min": ("_np.minimum({0}, {1})", "fiub"),
    "abs": ("_np.abs({0})", "fi"),
    "sign": ("_np.sign({0})", "fi"),
    "square": ("({0} * {0})", "fi"),
    "sqrt": ("_np.sqrt({0})", "f"),
    "rsqrt": ("(_one_{t} / _np.sqrt({0}))", "f"),
    "exp": ("_np.exp({0})", "f"),
    "exp2": ("_np.exp2({0})", "f"),
    "log": ("_np.log({0})", "f"),
    "log1p": ("_np.log1p({0})", "f"),
    "expm1": ("_np.expm1({0})", "f"),
    "tanh": ("_np.tanh({0})", "f"),
    "logistic": ("(_one_{t} / (_one_{t} + _np.exp(-{0})))", "f"),
    "sin": ("_np.sin({0})", "f"),
    "cos": ("_np.cos({0})", "f"),
    "floor": ("_np.floor({0})", "f"),
    "ceil": ("_np.ceil({0})", "f"),
    "pow": ("_np.power({0}, {1})", "f"),
    "lt": ("({0} < {1})", "fiub"),
    "le": ("({0} <= {1})", "fiub"),
    "gt": ("({0} > {1})", "fiub"),
    "ge": ("({0} >= {1})", "fiub"),
    "eq": ("({0} == {1})", "fiub"),
    "ne": ("({0} != {1})", "fiub"),
    "and": ("({0} & {1})", "iub"),
    "or": ("({0} | {1})", "iub"),
    "not": ("(~{0})", "iub"),
    "is_finite": ("_np.isfinite({0})", "f"),
    "clamp": ("_np.minimum(_np.maximum({1}, {0}), {2})", "fi"),
    # 0-d only, so these are identities
    "reduce_sum": ("{0}", "fiu"), "reduce_max": ("{0}", "fiub"),
    "reduce_min": ("{0}", "fiub"), "broadcast_in_dim": ("{0}", "fiub"),
    "reshape": ("{0}", "fiub"), "squeeze": ("{0}", "fiub"), "copy": ("{0}", "fiub"),
    "copy_p": ("{0}", "fiub"),
}
_INLINE = {"pjit": "jaxpr", "jit": "jaxpr", "closed_call": "call_jaxpr",
           "custom_jvp_call": "call_jaxpr", "custom_vjp_call": "call_jaxpr"}


class _NotScalar(Exception):
    """Raised while translating: the program has a value or an operation the host does not run."""


def build(jitted, values):
    """Returns host(values) -> outputs for the jitted program at ``values``, or None."""
    import jax
    try:       # by shape and dtype: donated arguments are deleted by now
        closed = jitted.trace(*[jax.ShapeDtypeStruct(np.shape(v), _dtype_of(v))
                                for v in values]).jaxpr
    except Exception:  # noqa: BLE001 - no jaxpr, no host path (the jitted call still works)
        return None
    try:
        return _Translator().function(closed)
    except _NotScalar:
        return None
    except Exception:  # noqa: BLE001 - an unexpected jaxpr form: stay on XLA, never fail a call
        return None


class _Translator:
    def __init__(self):
        self.lines = []
        self.names = {}
        self.consts = {"_np": np}
        self.count = 0

    def fresh(self):
        self.count += 1
        return "v%d" % self.count

    def function(self, closed):
        jaxpr = closed.jaxpr
        args = [self.fresh() for _ in jaxpr.invars]
        for var, name in zip(jaxpr.invars, args):
            dt = self.dtype_of(var)
            # cast each argument to its type: a trusted input or a 0-d JAX state array
            self.lines.append("%s = %s(%s)" % (name, self.type_name(dt), name))
            self.names[var] = name
        outs = self.body(jaxpr, closed.consts)
        src = "def host(values):\n    %s, = values\n" % ", ".join(args) if args else \
            "def host(values):\n"
        src += "".join("    %s\n" % line for line in self.lines)
        src += "    return (%s,)\n" % ", ".join(outs) if outs else "    return ()\n"
        namespace = dict(self.consts)
        exec(compile(src, "<theanox host program>", "exec"), namespace)   # noqa: S102
        host = namespace["host"]
        host.source = src
        return _silenced(host)

    def body(self, jaxpr, consts):
        for var, value in zip(jaxpr.constvars, consts):
            self.names[var] = self.constant(value, var.aval)
        for eqn in jaxpr.eqns:
            name = eqn.primitive.name
            ins = [self.operand(v) for v in eqn.invars]
            if name in _INLINE:
                inner = eqn.params[_INLINE[name]]
                saved = dict(self.names)
                sub = getattr(inner, "jaxpr", inner)
                for var, arg in zip(sub.invars, ins):
                    self.names[var] = arg
                outs = self.body(sub, getattr(inner, "consts", ()))
                inner_names = self.names
                self.names = saved
                del inner_names
                for var, out in zip(eqn.outvars, outs):
                    self.names[var] = out
                continue
            for v in eqn.outvars:
                self.dtype_of(v)                         # 0-d or refuse
            if name == "convert_element_type":
                out = self.convert(eqn, ins)
            elif name == "integer_pow":
                out = self.integer_pow(eqn, ins)
            elif name == "select_n":
                out = self.select(eqn, ins)
            elif name in _ROWS and len(eqn.outvars) == 1:
                template, kinds = _ROWS[name]
                for v in eqn.invars:
                    if self.dtype_of(v).kind not in kinds:
                        raise _NotScalar(name)
                out = template.format(*ins, t=self.dtype_of(eqn.outvars[0]).name)
                if "_one_" in template:
                    dt = self.dtype_of(eqn.outvars[0])
                    self.consts["_one_" + dt.name] = dt.type(1)
            else:
                raise _NotScalar(name)
            target = self.fresh()
            # the result in the output's dtype: NumPy's scalar rules keep it, this
            # guards the rest (e.g. a bool from a comparison stays bool)
            self.lines.append("%s = %s" % (target, out))
            self.names[eqn.outvars[0]] = target
        return [self.operand(v) for v in jaxpr.outvars]

    def operand(self, v):
        if type(v).__name__ == "Literal":
            return self.constant(v.val, v.aval)
        return self.names[v]

    def constant(self, value, aval):
        dt = self._dtype(aval)
        name = "_c%d" % len(self.consts)
        self.consts[name] = dt.type(np.asarray(value))
        return name

    def dtype_of(self, var):
        return self._dtype(var.aval)

    @staticmethod
    def _dtype(aval):
        shape = getattr(aval, "shape", None)
        dt = getattr(aval, "dtype", None)
        if shape != () or dt is None:
            raise _NotScalar("a value of shape %s" % (shape,))
        dt = np.dtype(dt)
        if dt.kind not in "fiub" or dt.itemsize < 4 and dt.kind == "f":
            raise _NotScalar("dtype %s" % dt)      # float16 arithmetic: XLA upcasts inside
        return dt

    def type_name(self, dt):
        name = "_t_" + dt.name
        self.consts[name] = dt.type
        return name

    def convert(self, eqn, ins):
        src = self.dtype_of(eqn.invars[0])
        dst = np.dtype(eqn.params["new_dtype"])
        if dst.kind == "b" or src.kind == "f" and dst.kind in "iu":
            raise _NotScalar("convert %s -> %s" % (src, dst))
        return "%s(%s)" % (self.type_name(dst), ins[0])

    def integer_pow(self, eqn, ins):
        n = int(eqn.params["y"])
        dt = self.dtype_of(eqn.outvars[0])
        if dt.kind != "f" or not 1 <= abs(n) <= 4:
            raise _NotScalar("integer_pow %d" % n)
        prod = " * ".join([ins[0]] * abs(n))
        if n < 0:
            self.consts["_one_" + dt.name] = dt.type(1)
            return "(_one_%s / (%s))" % (dt.name, prod)
        return "(%s)" % prod

    def select(self, eqn, ins):
        pred = self.dtype_of(eqn.invars[0])
        if pred.kind == "b" and len(ins) == 3:
            return "(%s if %s else %s)" % (ins[2], ins[0], ins[1])
        if pred.kind in "iu":
            return "(%s)[%s]" % (", ".join(ins[1:]) + ",", ins[0])
        raise _NotScalar("select_n")


def _dtype_of(v):
    dt = getattr(v, "dtype", None)
    return np.dtype(dt) if dt is not None else np.result_type(v)


def _silenced(host):
    """Returns ``host`` run with NumPy's floating-point warnings off (XLA gives inf/nan).

    ``np.errstate`` costs ~4 us per use, more than the program; NumPy 2 keeps the
    setting in a context variable, which is set directly (~0.1 us) when it exists.
    """
    try:
        from numpy._core._ufunc_config import _extobj_contextvar as setting
        with np.errstate(all="ignore"):
            ignore = setting.get()
    except (ImportError, AttributeError):
        def run(values):
            with np.errstate(all="ignore"):
                return host(values)
    else:
        def run(values):
            token = setting.set(ignore)
            try:
                return host(values)
            finally:
                setting.reset(token)
    run.source = host.source
    return run
