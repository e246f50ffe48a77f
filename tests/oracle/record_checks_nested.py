"""Records Theano 1.0.5's run-time errors inside scan steps, ifelse branches and
differentiated graphs into checks_nested.json (issue 10): an index out of range
(IndexError), integer division/modulo by zero (ZeroDivisionError), set/inc_subtensor
out of range; the valid calls' values; and the shared variables after a failed call.

Run in the oracle venv:  /work/oracle-venv/bin/python tests/oracle/record_checks_nested.py
FAST_RUN (C linker); the venv's scan is patched to fall back to the Python scan
(tests/oracle/README.md).  Each case is a small program that sets ``result`` (a list
of arrays and strings); tests/test_checks_nested.py runs the same source on theanox.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from record_common import record_cases, setup_env  # noqa: E402

setup_env()

PRELUDE = """
import numpy as np
import theano
import theano.tensor as T
from theano.ifelse import ifelse
v = T.dvector('v')
idx = T.lvector('idx')
i = T.lscalar('i')
d = T.lscalar('d')
c = T.dscalar('c')
x = T.lvector('x')

def seq_index(k, v):
    return v[k]

def error_name(f, *args):
    try:
        f(*args)
    except Exception as e:
        return type(e).__name__
    return 'none'
"""


def scan_case(step, seqs, nonseqs, ins, args, outputs_info=None, extra=""):
    return ("out, _ = theano.scan(%s, sequences=%s, non_sequences=%s, outputs_info=%s)\n%s"
            "result = [theano.function(%s, out)(%s)]"
            % (step, seqs, nonseqs, outputs_info, extra, ins, args))


CASES = {
    # an index out of range in a scan step: from a sequence, from a non-sequence
    "scan_seq_index_ok": scan_case("seq_index", "[idx]", "[v]", "[v, idx]",
                                   "[1.5, 2.5], [0, 1, -2, -1]"),
    "scan_seq_index_high": scan_case("seq_index", "[idx]", "[v]", "[v, idx]",
                                     "[1.5, 2.5], [0, 5]"),
    "scan_seq_index_low": scan_case("seq_index", "[idx]", "[v]", "[v, idx]",
                                    "[1.5, 2.5], [0, -3]"),
    "scan_nonseq_index_ok": scan_case("lambda a, i, v: a + v[i]", "[v]", "[i, v]",
                                      "[v, i]", "[1.5, 2.5], 1"),
    "scan_nonseq_index_high": scan_case("lambda a, i, v: a + v[i]", "[v]", "[i, v]",
                                        "[v, i]", "[1.5, 2.5], 2"),
    "scan_advanced_index_ok": scan_case("lambda k, v: v[T.stack([0, k])]", "[idx]", "[v]",
                                        "[v, idx]", "[1.5, 2.5], [1, 0]"),
    "scan_advanced_index_high": scan_case("lambda k, v: v[T.stack([0, k])]", "[idx]", "[v]",
                                          "[v, idx]", "[1.5, 2.5], [1, 7]"),
    # a recurrent state (outputs_info) next to the index
    "scan_state_index_ok": scan_case("lambda k, acc, v: acc + v[k]", "[idx]", "[v]",
                                     "[v, idx]", "[1.5, 2.5], [1, 0, 1]",
                                     outputs_info="[T.constant(0.0, dtype='float64')]"),
    "scan_state_index_high": scan_case("lambda k, acc, v: acc + v[k]", "[idx]", "[v]",
                                       "[v, idx]", "[1.5, 2.5], [1, 0, 2]",
                                       outputs_info="[T.constant(0.0, dtype='float64')]"),
    # integer division and modulo by zero in a scan step
    "scan_intdiv_ok": scan_case("lambda k, d: k // d", "[x]", "[d]", "[x, d]", "[7, -7], 2"),
    "scan_intdiv_zero": scan_case("lambda k, d: k // d", "[x]", "[d]", "[x, d]", "[7, -7], 0"),
    "scan_mod_ok": scan_case("lambda k, d: k % d", "[x]", "[d]", "[x, d]", "[7, -7], 3"),
    "scan_mod_zero": scan_case("lambda k, d: k % d", "[x]", "[d]", "[x, d]", "[7, -7], 0"),
    "scan_intdiv_zero_in_sequence": scan_case("lambda k, m: m // k", "[x]", "[d]", "[x, d]",
                                              "[2, 0, 1], 7"),
    # set/inc_subtensor out of range in a scan step
    "scan_set_subtensor_ok": scan_case("lambda k, v: T.set_subtensor(v[k], 9.0)", "[idx]",
                                       "[v]", "[v, idx]", "[1.5, 2.5], [1, -2]"),
    "scan_set_subtensor_high": scan_case("lambda k, v: T.set_subtensor(v[k], 9.0)", "[idx]",
                                         "[v]", "[v, idx]", "[1.5, 2.5], [7]"),
    "scan_inc_subtensor_ok": scan_case("lambda k, v: T.inc_subtensor(v[k.dimshuffle('x')], 1.0)",
                                       "[idx]", "[v]", "[v, idx]", "[1.5, 2.5], [0, 1]"),
    "scan_inc_subtensor_high": scan_case(
        "lambda k, v: T.inc_subtensor(v[k.dimshuffle('x')], 1.0)", "[idx]", "[v]", "[v, idx]",
        "[1.5, 2.5], [0, 7]"),
    # scan ... until: a step after the stop is not run
    "scan_until_stops_before": scan_case(
        "lambda k, v: (v[k], theano.scan_module.until(T.eq(k, 1)))", "[idx]", "[v]",
        "[v, idx]", "[1.5, 2.5], [0, 1, 5]"),
    "scan_until_high": scan_case(
        "lambda k, v: (v[k], theano.scan_module.until(T.eq(k, 1)))", "[idx]", "[v]",
        "[v, idx]", "[1.5, 2.5], [0, 5, 1]"),
    # a scan inside a scan step
    "scan_nested_ok": """
def row_sum(row, v):
    inner, _ = theano.scan(seq_index, sequences=[row], non_sequences=[v])
    return inner.sum()
m = T.lmatrix('m')
out, _ = theano.scan(row_sum, sequences=[m], non_sequences=[v])
result = [theano.function([v, m], out)([1.5, 2.5], [[0, 1], [1, 1]])]
""",
    "scan_nested_high": """
def row_sum(row, v):
    inner, _ = theano.scan(seq_index, sequences=[row], non_sequences=[v])
    return inner.sum()
m = T.lmatrix('m')
out, _ = theano.scan(row_sum, sequences=[m], non_sequences=[v])
result = [theano.function([v, m], out)([1.5, 2.5], [[0, 1], [1, 7]])]
""",
    # ifelse: an error in the taken branch raises, in the untaken one it does not
    "ifelse_index_taken": "f = theano.function([c, v, i], ifelse(T.gt(c, v[0]), v[i], v[0]))\n"
                          "result = [f(5.0, [1.5, 2.5], 5)]",
    "ifelse_index_untaken": "f = theano.function([c, v, i], ifelse(T.gt(c, v[0]), v[0], v[i]))\n"
                            "result = [f(5.0, [1.5, 2.5], 5)]",
    "ifelse_index_taken_ok": "f = theano.function([c, v, i], ifelse(T.gt(c, v[0]), v[i], v[0]))\n"
                             "result = [f(5.0, [1.5, 2.5], -1)]",
    "ifelse_scalar_cond_taken": "f = theano.function([d, v, i], ifelse(d, v[i], v[0]))\n"
                                "result = [f(1, [1.5, 2.5], 5)]",
    "ifelse_scalar_cond_untaken": "f = theano.function([d, v, i], ifelse(d, v[0], v[i]))\n"
                                  "result = [f(1, [1.5, 2.5], 5)]",
    "ifelse_vector_index_untaken": "f = theano.function([c, v, idx], "
                                   "ifelse(T.gt(c, v[0]), v[:1], v[idx + 1]))\n"
                                   "result = [f(5.0, [1.5, 2.5], [4])]",
    "ifelse_vector_index_taken": "f = theano.function([c, v, idx], "
                                 "ifelse(T.gt(c, v[0]), v[:1], v[idx + 1]))\n"
                                 "result = [f(-5.0, [1.5, 2.5], [4])]",
    "ifelse_constant_index_untaken": "f = theano.function([c, v], ifelse(T.gt(c, v[0]), v[0], v[5]))\n"
                                     "result = [f(5.0, [1.5, 2.5])]",
    "ifelse_constant_index_taken": "f = theano.function([c, v], ifelse(T.gt(c, v[0]), v[0], v[5]))\n"
                                   "result = [f(-5.0, [1.5, 2.5])]",
    "ifelse_intdiv_zero_untaken": "f = theano.function([c, v, x, d], "
                                  "ifelse(T.gt(c, v[0]), x[0] // 1, x[1] // d))\n"
                                  "result = [f(5.0, [1.5, 2.5], [7, 8], 0)]",
    "ifelse_intdiv_zero_taken": "f = theano.function([c, v, x, d], "
                                "ifelse(T.gt(c, v[0]), x[0] // 1, x[1] // d))\n"
                                "result = [f(-5.0, [1.5, 2.5], [7, 8], 0)]",
    "scan_ifelse_untaken": scan_case("lambda k, v, c: ifelse(T.gt(c, k), v[k], v[0])", "[idx]",
                                     "[v, c]", "[v, idx, c]", "[1.5, 2.5], [1, 5], 3.0"),
    "scan_ifelse_taken": scan_case("lambda k, v, c: ifelse(T.gt(c, k), v[k], v[0])", "[idx]",
                                   "[v, c]", "[v, idx, c]", "[1.5, 2.5], [1, 5], 9.0"),
    "ifelse_scan_untaken": """
out, _ = theano.scan(seq_index, sequences=[idx], non_sequences=[v])
f = theano.function([c, v, idx], ifelse(T.gt(c, v[0]), out, T.zeros_like(idx, 'float64')))
result = [f(0.0, [1.5, 2.5], [0, 5])]
""",
    "ifelse_scan_taken": """
out, _ = theano.scan(seq_index, sequences=[idx], non_sequences=[v])
f = theano.function([c, v, idx], ifelse(T.gt(c, v[0]), out, T.zeros_like(idx, 'float64')))
result = [f(5.0, [1.5, 2.5], [0, 5])]
""",
    # a constant index out of range in a scan step or a gradient inside a branch
    "ifelse_scan_constant_index_untaken": """
out, _ = theano.scan(lambda k, v: v[k] + v[5], sequences=[idx], non_sequences=[v])
f = theano.function([c, v, idx], ifelse(T.gt(c, v[0]), out, T.zeros_like(idx, 'float64')))
result = [f(0.0, [1.5, 2.5], [0, 1])]
""",
    "ifelse_scan_constant_index_taken": """
out, _ = theano.scan(lambda k, v: v[k] + v[5], sequences=[idx], non_sequences=[v])
f = theano.function([c, v, idx], ifelse(T.gt(c, v[0]), out, T.zeros_like(idx, 'float64')))
result = [f(5.0, [1.5, 2.5], [0, 1])]
""",
    "ifelse_grad_constant_index_untaken": "g = T.grad((v[5] * v).sum(), v)\n"
                                          "f = theano.function([c, v], ifelse(T.gt(c, v[0]), g, v))\n"
                                          "result = [f(0.0, [1.5, 2.5])]",
    "ifelse_grad_constant_index_taken": "g = T.grad((v[5] * v).sum(), v)\n"
                                        "f = theano.function([c, v], ifelse(T.gt(c, v[0]), g, v))\n"
                                        "result = [f(5.0, [1.5, 2.5])]",
    # a differentiated graph: the index is checked in the forward pass of the gradient
    "grad_index_ok": "cost = v[i] ** 2\n"
                     "result = theano.function([v, i], [cost, T.grad(cost, v)])([1.5, 2.5], -1)",
    "grad_index_high": "cost = v[i] ** 2\n"
                       "result = [theano.function([v, i], T.grad(cost, v))([1.5, 2.5], 5)]",
    "grad_and_cost_index_high": "cost = v[i] ** 2\n"
                                "result = theano.function([v, i], [cost, T.grad(cost, v)])"
                                "([1.5, 2.5], 5)",
    "grad_vector_index_ok": "cost = (v[idx + 1] ** 2).sum()\n"
                            "result = [theano.function([v, idx], T.grad(cost, v))"
                            "([1.5, 2.5], [0, -1, 0])]",
    "grad_vector_index_high": "cost = (v[idx + 1] ** 2).sum()\n"
                              "result = [theano.function([v, idx], T.grad(cost, v))"
                              "([1.5, 2.5], [0, 1])]",
    "grad_intdiv_zero": "cost = (v * (x // d)).sum()\n"
                        "result = [theano.function([v, x, d], T.grad(cost, v))"
                        "([1.5, 2.5], [7, 8], 0)]",
    "grad_scan_index_ok": "out, _ = theano.scan(lambda k, v: v[k] ** 2, sequences=[idx], "
                          "non_sequences=[v])\n"
                          "result = [theano.function([v, idx], T.grad(out.sum(), v))"
                          "([1.5, 2.5], [0, 1, 1])]",
    "grad_scan_index_high": "out, _ = theano.scan(lambda k, v: v[k] ** 2, sequences=[idx], "
                            "non_sequences=[v])\n"
                            "result = [theano.function([v, idx], T.grad(out.sum(), v))"
                            "([1.5, 2.5], [0, 3])]",
    "jacobian_index_high": "result = [theano.function([v, idx], "
                           "theano.gradient.jacobian(v[idx + 0] ** 2, v))([1.5, 2.5], [5])]",
    "hessian_index_high": "result = [theano.function([v, idx], "
                          "theano.gradient.hessian((v[idx + 0] ** 3).sum(), v))([1.5, 2.5], [5])]",
    "hessian_index_ok": "result = [theano.function([v, idx], "
                        "theano.gradient.hessian((v[idx + 0] ** 3).sum(), v))([1.5, 2.5], [1, 1])]",
    # a failed call changes no shared variable
    "shared_after_scan_error": """
s = theano.shared(np.array([1.5, 2.5]), name='s')
n = theano.shared(np.int64(0), name='n')
out, _ = theano.scan(seq_index, sequences=[idx], non_sequences=[s])
f = theano.function([idx], out.sum(), updates=[(s, s * 10), (n, n + 1)])
first = f([0, 1])
result = [first, s.get_value(), n.get_value(), error_name(f, [0, 4]), s.get_value(),
          n.get_value(), f([1]), s.get_value(), n.get_value()]
""",
    "shared_after_scan_intdiv_error": """
s = theano.shared(np.array([7, -7], dtype='int64'), name='s')
out, _ = theano.scan(lambda k, d: k // d, sequences=[s], non_sequences=[d])
f = theano.function([d], out, updates=[(s, s + 1)])
result = [f(2), s.get_value(), error_name(f, 0), s.get_value()]
""",
    "shared_after_ifelse_error": """
s = theano.shared(np.array([1.5, 2.5]), name='s')
f = theano.function([c, i], ifelse(T.gt(c, s[0]), s[i], s[0]), updates=[(s, s + 1)])
result = [f(9.0, 1), s.get_value(), error_name(f, 9.0, 5), s.get_value(), f(0.0, 5),
          s.get_value()]
""",
    "shared_after_grad_error": """
w = theano.shared(np.array([1.5, 2.5]), name='w')
cost = (w[idx + 0] ** 2).sum()
f = theano.function([idx], cost, updates=[(w, w - 0.1 * T.grad(cost, w))])
result = [f([1]), w.get_value(), error_name(f, [0, 2]), w.get_value()]
""",
}

if __name__ == "__main__":
    import numpy as np
    np.seterr(all="ignore")

    def encode(v):
        if isinstance(v, str):
            return {"str": v}
        a = np.asarray(v)
        return {"dtype": str(a.dtype), "shape": list(a.shape), "value": a.tolist()}
    record_cases("checks_nested.json", PRELUDE, CASES, encode)
