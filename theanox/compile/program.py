"""Program: a graph from input variables to output variables, as one jitted JAX function.

Shapes that depend on run-time values (a reshape target given as an input, the
length of ``nonzero``) are found while tracing (``NeedsHostValue``).  They are then
computed on the host before dispatch - read from the arguments, or by a smaller
staged Program - and the main executable is compiled and cached per distinct value.
"""
import numpy as np

from theanox.compile.lower import NeedsHostValue, evaluate


class Program:
    """Returns a callable computing ``outputs`` from values of ``inputs`` with XLA.

    ``donate`` lists input positions whose buffers may be reused for outputs
    (shared-variable state that the call replaces).
    """

    def __init__(self, inputs, outputs, donate=()):
        self.inputs = list(inputs)
        self.outputs = list(outputs)
        self.donate = tuple(donate)
        self.host_vars = []          # variables computed on the host before dispatch
        self._stage = None           # Program computing the host vars not among inputs
        self._executables = {}       # host-value key -> jitted function
        self.compile_count = 0

    # ------------------------------------------------------------ calling
    _direct = None                   # the one executable, when no host values exist

    def __call__(self, values):
        """Returns the outputs (JAX arrays) for ``values`` (inputs then shared state)."""
        exe = self._direct
        if exe is not None:
            try:
                return exe(*values)
            except NeedsHostValue as need:   # new input shapes need a host value
                self._direct = None
                self._add_host_var(need.variable)
        while True:
            key, host_values = self._host_values(values)
            exe = self._executables.get(key)
            if exe is None:
                exe = self._executable(key, host_values, values)
            if not self.host_vars:
                self._direct = exe
            try:
                return exe(*values)
            except NeedsHostValue as need:   # jit retraced for new shapes
                self._direct = None
                self._add_host_var(need.variable)

    def _host_values(self, values):
        if not self.host_vars:
            return (), ()
        stage_vals = self._stage(values) if self._stage is not None else ()
        host_values, it = [], iter(stage_vals)
        for v in self.host_vars:
            if v in self._input_pos:
                host_values.append(np.asarray(values[self._input_pos[v]]))
            else:
                host_values.append(np.asarray(next(it)))
        key = tuple(_hashable(h) for h in host_values)
        return key, host_values

    def _executable(self, key, host_values, values):
        import jax
        while True:
            fn = self._pure_function(host_values)
            exe = jax.jit(fn, donate_argnums=self.donate)
            try:
                exe.lower(*values)      # trace now, to discover host-value needs
            except NeedsHostValue as need:
                self._add_host_var(need.variable)
                key, host_values = self._host_values(values)
                if key in self._executables:
                    return self._executables[key]
                continue
            self.compile_count += 1
            self._executables[key] = exe
            return exe

    def _add_host_var(self, var):
        if var in self.host_vars:
            raise RuntimeError("internal error: %s was already computed on the host" % var)
        self.host_vars.append(var)
        self._input_pos = {v: i for i, v in enumerate(self.inputs)}
        staged = [v for v in self.host_vars if v not in self._input_pos]
        self._stage = Program(self.inputs, staged, ()) if staged else None

    def _pure_function(self, host_values):
        inputs, outputs = self.inputs, self.outputs
        host = list(zip(self.host_vars, host_values))

        def run(*vals):
            env = dict(zip(inputs, vals))
            env.update(host)
            return tuple(evaluate(outputs, env))
        return run

    def run_eager(self, values, on_node=None):
        """Returns the outputs computed op by op without jit (DebugMode, profiling)."""
        env = dict(zip(self.inputs, values))
        return tuple(evaluate(self.outputs, env, on_node=on_node))


_input_pos_default = {}
Program._input_pos = _input_pos_default


def _hashable(a):
    a = np.asarray(a)
    return (a.dtype.str, a.shape, a.tobytes())
