"""NanGuardMode: run op by op and stop at the first NaN, inf or huge value.

The error (an AssertionError, as Theano's) says what was found and shows the
debugprint of the node that produced it, or of the input that carried it.
"""
import io

import numpy as np

from theanox.compile.mode import Mode, op_by_op_runner, register_mode
from theanox.graph import hooks
from theanox.graph.lowering import as_host

BIG_VALUE = 1e10


class NanGuardMode(Mode):
    """Returns a mode that checks inputs and every intermediate for NaN / inf / |x| > 1e10.

    Each flag left as None is on (Theano's defaults); pass False to allow that kind
    of value.
    """

    def __init__(self, nan_is_error=None, inf_is_error=None, big_is_error=None,
                 optimizer="default", linker=None):
        super().__init__(linker, optimizer)
        self.nan_is_error = True if nan_is_error is None else nan_is_error
        self.inf_is_error = True if inf_is_error is None else inf_is_error
        self.big_is_error = True if big_is_error is None else big_is_error

    runner = op_by_op_runner

    def run(self, function, program, values):
        values = [as_host(v) for v in values]
        for var, val in zip(program.inputs, values):
            self._check(val, None, var)
        return program.run_eager(values, on_node=self._check_node)

    def _check_node(self, node, values):
        for var, val in zip(node.outputs, values):
            self._check(val, node, var)

    def _check(self, value, node, var):
        a = np.asarray(value)
        if a.dtype.kind not in "fc" or a.size == 0:
            return
        found = []
        if self.nan_is_error and np.isnan(a).any():
            found.append("NaN detected")
        if self.inf_is_error and np.isinf(a).any():
            found.append("Inf detected")
        finite = np.abs(a[np.isfinite(a)])
        if self.big_is_error and finite.size and finite.max() > BIG_VALUE:
            found.append("Big value detected")
        if found:
            raise AssertionError(_message(found, node, var))

    def __str__(self):
        return "NanGuardMode(nan_is_error=%s, inf_is_error=%s, big_is_error=%s)" % (
            self.nan_is_error, self.inf_is_error, self.big_is_error)


def _message(found, node, var):
    out = io.StringIO()
    for line in found:
        print(line, file=out)
    if node is not None:
        print("NanGuardMode found an error in the output of a node in this variable:",
              file=out)
        print(hooks.debugprint(node, file="str"), file=out)
    else:
        print("NanGuardMode found an error in an input of this function: %s" % (var,),
              file=out)
    print("To allow such values, pass nan_is_error=False, inf_is_error=False or "
          "big_is_error=False to NanGuardMode.", file=out)
    return out.getvalue()


register_mode("NanGuardMode", NanGuardMode())
