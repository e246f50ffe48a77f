"""Record nnet activations / losses / conv2d / pool_2d / images2neibs values from Theano 1.0.5
(floatX=float64, default FAST_RUN mode).

Run:  $ORACLE_VENV/bin/python tests/oracle/record_nnet.py
Writes tests/oracle/nnet.json
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from record_common import dump, jsonable, meta, setup_env, short_err  # noqa: E402

setup_env("float64")

import warnings  # noqa: E402

import theano  # noqa: E402
import theano.tensor.nnet.neighbours  # noqa: E402,F401
import theano.tensor.signal.pool  # noqa: E402,F401

warnings.simplefilter("ignore")

PRELUDE = ("import numpy as np\nimport theano\nimport theano.tensor as T\n"
           "from theano.tensor.signal.pool import pool_2d\nfrom theano.tensor.nnet.neighbours import images2neibs")
RECORDS = []


def rec(key, section, code, expr, note=None, max_size=3000):
    ns = {}
    exec(PRELUDE, ns)
    r = {"key": key, "section": section, "code": code, "expr": expr}
    if note:
        r["note"] = note
    try:
        exec(code, ns)
        r["value"] = jsonable(eval(expr, ns), max_size=max_size)
    except Exception as e:  # noqa: BLE001
        r.update(short_err(e, 1500))
    RECORDS.append(r)


SEC = "activations"
SV = "x = T.dvector('x')\nxv = np.array([-1000.0, -10.0, -1.0, -0.5, 0.0, 0.5, 1.0, 10.0, 1000.0])"
for k, e in [("sigmoid", "T.nnet.sigmoid(x)"), ("softplus", "T.nnet.softplus(x)"),
             ("ultra_fast_sigmoid", "T.nnet.ultra_fast_sigmoid(x)"), ("hard_sigmoid", "T.nnet.hard_sigmoid(x)"),
             ("relu", "T.nnet.relu(x)"), ("relu_alpha_0_1", "T.nnet.relu(x, 0.1)"), ("elu", "T.nnet.elu(x)"),
             ("elu_alpha_0_5", "T.nnet.elu(x, 0.5)"), ("selu", "T.nnet.selu(x)"), ("softsign", "T.nnet.softsign(x)"),
             ("tanh", "T.tanh(x)"), ("manual_sigmoid", "1 / (1 + T.exp(-x))"),
             ("log_sigmoid_manual", "T.log(T.nnet.sigmoid(x))"), ("log_1_minus_sigmoid", "T.log(1 - T.nnet.sigmoid(x))"),
             ("softmax_vector", "T.nnet.softmax(x[2:7])"), ("logsoftmax_vector", "T.nnet.logsoftmax(x[2:7])")]:
    rec(k, SEC, SV, "theano.function([x], %s)(xv)" % e)
rec("sigmoid_float32", SEC, "x = T.fvector('x')", "theano.function([x], T.nnet.sigmoid(x))(np.array([-20.0, -1.0, 0.0, 1.0, 20.0], dtype='float32'))")
rec("ultra_fast_sigmoid_float32", SEC, "x = T.fvector('x')", "theano.function([x], T.nnet.ultra_fast_sigmoid(x))(np.array([-20.0, -1.0, 0.0, 1.0, 20.0], dtype='float32'))")
rec("hard_sigmoid_float32", SEC, "x = T.fvector('x')", "theano.function([x], T.nnet.hard_sigmoid(x))(np.array([-20.0, -1.0, 0.0, 1.0, 20.0], dtype='float32'))")
rec("sigmoid_grad", SEC, SV, "theano.function([x], T.grad(T.nnet.sigmoid(x).sum(), x))(xv)")
rec("ultra_fast_sigmoid_grad", SEC, SV, "theano.function([x], T.grad(T.nnet.ultra_fast_sigmoid(x).sum(), x))(xv)")
rec("hard_sigmoid_grad", SEC, SV, "theano.function([x], T.grad(T.nnet.hard_sigmoid(x).sum(), x))(xv)")
rec("softplus_grad", SEC, SV, "theano.function([x], T.grad(T.nnet.softplus(x).sum(), x))(xv)")
SM = "x = T.dmatrix('x')\nxv = np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0], [-1000.0, 0.0, 1000.0]])"
rec("softmax_matrix", SEC, SM, "theano.function([x], T.nnet.softmax(x))(xv)")
rec("logsoftmax_matrix", SEC, SM, "theano.function([x], T.nnet.logsoftmax(x))(xv)")
rec("log_softmax_manual", SEC, SM, "theano.function([x], T.log(T.nnet.softmax(x)))(xv)",
    note="log(softmax(x)) is rewritten to a stable logsoftmax in FAST_RUN?")
rec("softmax_manual_stable", SEC, SM,
    "theano.function([x], T.exp(x - x.max(axis=1, keepdims=True)) / T.exp(x - x.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True))(xv)")
rec("softmax_grad", SEC, SM, "theano.function([x], T.grad(T.nnet.softmax(x)[:, 0].sum(), x))(xv[:2])")

SEC = "losses"
SB = ("o = T.dvector('o')\nt = T.dvector('t')\nov = np.array([0.1, 0.5, 0.9, 0.0, 1.0, 0.3])\n"
      "tv = np.array([0.0, 1.0, 1.0, 0.0, 1.0, 1.0])")
rec("binary_crossentropy", SEC, SB, "theano.function([o, t], T.nnet.binary_crossentropy(o, t))(ov, tv)")
rec("binary_crossentropy_soft_targets", SEC, SB,
    "theano.function([o, t], T.nnet.binary_crossentropy(o, t))(np.array([0.2, 0.7]), np.array([0.3, 0.6]))")
rec("binary_crossentropy_of_sigmoid", SEC, "z = T.dvector('z')\nt = T.dvector('t')",
    "theano.function([z, t], T.nnet.binary_crossentropy(T.nnet.sigmoid(z), t))(np.array([-100.0, -1.0, 0.0, 1.0, 100.0]), "
    "np.array([1.0, 0.0, 1.0, 1.0, 0.0]))", note="sigmoid saturates -> are the rewrites making it finite?")
rec("sigmoid_binary_crossentropy", SEC, "z = T.dvector('z')\nt = T.dvector('t')",
    "theano.function([z, t], T.nnet.sigmoid_binary_crossentropy(z, t))(np.array([-100.0, -1.0, 0.0, 1.0, 100.0]), "
    "np.array([1.0, 0.0, 1.0, 1.0, 0.0]))")
SC = ("p = T.dmatrix('p')\npv = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [0.3, 0.3, 0.4]])")
rec("categorical_crossentropy_int", SEC, SC + "\nt = T.ivector('t')",
    "theano.function([p, t], T.nnet.categorical_crossentropy(p, t))(pv, np.array([0, 2, 1], dtype='int32'))")
rec("categorical_crossentropy_onehot", SEC, SC + "\nt = T.dmatrix('t')",
    "theano.function([p, t], T.nnet.categorical_crossentropy(p, t))(pv, np.eye(3)[[0, 2, 1]])")
rec("categorical_crossentropy_soft", SEC, SC + "\nt = T.dmatrix('t')",
    "theano.function([p, t], T.nnet.categorical_crossentropy(p, t))(pv, np.array([[0.5, 0.5, 0.0], [0.0, 0.0, 1.0], [1/3., 1/3., 1/3.]]))")
rec("categorical_crossentropy_of_softmax", SEC, "x = T.dmatrix('x')\nt = T.ivector('t')",
    "theano.function([x, t], T.nnet.categorical_crossentropy(T.nnet.softmax(x), t))("
    "np.array([[1.0, 2.0, 3.0], [-1000.0, 0.0, 1000.0]]), np.array([2, 0], dtype='int32'))")
rec("categorical_crossentropy_lvector_targets", SEC, SC + "\nt = T.lvector('t')",
    "theano.function([p, t], T.nnet.categorical_crossentropy(p, t))(pv, np.array([0, 2, 1]))")

SEC = "conv2d"
CONV_DATA = ("rng = np.random.RandomState(0)\n"
             "xv = rng.randn(2, 3, 7, 6)\n"
             "wv = rng.randn(4, 3, 3, 2)\n"
             "x = T.dtensor4('x')\nw = T.dtensor4('w')")
rec("conv_data", SEC, CONV_DATA, "{'x': xv, 'w': wv}", note="the input/filter arrays themselves")
for bm in ["'valid'", "'full'", "'half'", "(1, 2)", "(0, 0)", "1"]:
    for ff in [True, False]:
        k = "conv2d_bm_%s_flip_%s" % (bm.strip("'").replace("(", "").replace(")", "").replace(", ", "_"), ff)
        rec(k, SEC, CONV_DATA,
            "theano.function([x, w], T.nnet.conv2d(x, w, border_mode=%s, filter_flip=%s))(xv, wv)" % (bm, ff))
for ss, bm in [("(2, 1)", "'valid'"), ("(2, 1)", "'full'"), ("(2, 2)", "'half'"), ("(1, 2)", "(1, 2)")]:
    k = "conv2d_subsample_%s_bm_%s" % (ss.strip("()").replace(", ", "_"), bm.strip("'").replace("(", "").replace(")", "").replace(", ", "_"))
    rec(k, SEC, CONV_DATA,
        "theano.function([x, w], T.nnet.conv2d(x, w, border_mode=%s, subsample=%s))(xv, wv)" % (bm, ss))
rec("conv2d_dilation_2", SEC, CONV_DATA,
    "theano.function([x, w], T.nnet.conv2d(x, w, filter_dilation=(2, 1)))(xv, wv)")
rec("conv2d_shapes_given", SEC, CONV_DATA,
    "theano.function([x, w], T.nnet.conv2d(x, w, input_shape=(2, 3, 7, 6), filter_shape=(4, 3, 3, 2)))(xv, wv).shape")
rec("conv2d_scipy_reference_check", SEC, CONV_DATA + "\nfrom scipy.signal import convolve2d\n"
    "out = theano.function([x, w], T.nnet.conv2d(x, w))(xv, wv)\n"
    "ref = np.zeros_like(out)\n"
    "for b in range(2):\n    for o in range(4):\n        ref[b, o] = sum(convolve2d(xv[b, c], wv[o, c], mode='valid') for c in range(3))",
    "float(np.max(np.abs(out - ref)))",
    note="filter_flip=True (default) == true convolution (scipy.signal.convolve2d)")
rec("conv2d_grad_wrt_input_sum", SEC, CONV_DATA,
    "theano.function([x, w], T.grad(T.nnet.conv2d(x, w).sum(), x))(xv, wv)")
rec("conv2d_grad_wrt_filters_sum", SEC, CONV_DATA,
    "theano.function([x, w], T.grad((T.nnet.conv2d(x, w) ** 2).sum(), w))(xv, wv)")
rec("conv2d_str_op", SEC, CONV_DATA, "str(T.nnet.conv2d(x, w, border_mode='half', subsample=(2, 1)).owner.op)")

SEC = "pool_2d"
POOL_DATA = "x = T.dtensor4('x')\nxv = np.arange(25.0).reshape(1, 1, 5, 5)"
for mode in ["max", "sum", "average_inc_pad", "average_exc_pad"]:
    for kw, kname in [("ignore_border=True", "ib_True"), ("ignore_border=False", "ib_False"),
                      ("ignore_border=True, stride=(1, 1)", "ib_True_stride_1_1"),
                      ("ignore_border=False, stride=(1, 1)", "ib_False_stride_1_1"),
                      ("ignore_border=True, pad=(1, 1)", "ib_True_pad_1_1"),
                      ("ignore_border=False, pad=(1, 1)", "ib_False_pad_1_1"),
                      ("ignore_border=True, stride=(1, 1), pad=(1, 1)", "ib_True_stride_1_1_pad_1_1")]:
        rec("pool_%s_%s" % (mode, kname), SEC, POOL_DATA,
            "theano.function([x], pool_2d(x, ws=(2, 2), %s, mode='%s'))(xv)" % (kw, mode))
for mode in ["max", "sum", "average_inc_pad", "average_exc_pad"]:
    rec("pool_%s_pad_1_1_negative_input" % mode, SEC, "x = T.dtensor4('x')\nxv = -1.0 - np.arange(25.0).reshape(1, 1, 5, 5)",
        "theano.function([x], pool_2d(x, ws=(2, 2), ignore_border=True, pad=(1, 1), mode='%s'))(xv)" % mode,
        note="negative input shows what the padding contributes")
rec("pool_max_ws3_stride2", SEC, POOL_DATA,
    "theano.function([x], pool_2d(x, ws=(3, 3), stride=(2, 2), ignore_border=True))(xv)")
rec("pool_max_ws3_stride2_ib_False", SEC, POOL_DATA,
    "theano.function([x], pool_2d(x, ws=(3, 3), stride=(2, 2), ignore_border=False))(xv)")
rec("pool_default_ignore_border", SEC, POOL_DATA, "theano.function([x], pool_2d(x, ws=(2, 2)))(xv)",
    note="ignore_border not given (1.0.5 default + warning?)")
rec("pool_ds_keyword", SEC, POOL_DATA, "theano.function([x], pool_2d(x, ds=(2, 2), ignore_border=True))(xv)",
    note="old keyword ds")
rec("pool_max_grad", SEC, "x = T.dtensor4('x')\nxv = np.array([[[[1.0, 3.0, 2.0], [3.0, 0.0, 1.0], [0.0, 5.0, 5.0]]]])",
    "theano.function([x], T.grad(pool_2d(x, ws=(2, 2), ignore_border=False).sum(), x))(xv)",
    note="ties in a window")
rec("pool_avg_exc_grad", SEC, POOL_DATA,
    "theano.function([x], T.grad(pool_2d(x, ws=(2, 2), ignore_border=True, pad=(1, 1), mode='average_exc_pad').sum(), x))(xv)")
rec("pool_3d_input", SEC, "x = T.dtensor3('x')\nxv = np.arange(16.0).reshape(1, 4, 4)",
    "theano.function([x], pool_2d(x, ws=(2, 2), ignore_border=True))(xv)")
rec("downsample_module", SEC, "", "__import__('theano.tensor.signal.downsample')",
    note="seed used T.signal.downsample.max_pool_2d")

SEC = "images2neibs"
NB = "x = T.dtensor4('x')\nxv = np.arange(16.0).reshape(1, 1, 4, 4)"
rec("neibs_2x2", SEC, NB, "theano.function([x], images2neibs(x, (2, 2)))(xv)")
rec("neibs_2x2_step1", SEC, NB, "theano.function([x], images2neibs(x, (2, 2), neib_step=(1, 1)))(xv)")
rec("neibs_3x3_valid", SEC, NB, "theano.function([x], images2neibs(x, (3, 3), mode='valid'))(xv)")
rec("neibs_3x3_ignore_borders", SEC, NB, "theano.function([x], images2neibs(x, (3, 3), mode='ignore_borders'))(xv)")
rec("neibs_3x3_wrap_centered", SEC, NB, "theano.function([x], images2neibs(x, (3, 3), mode='wrap_centered'))(xv)")
rec("neibs_3x3_half", SEC, NB, "theano.function([x], images2neibs(x, (3, 3), mode='half'))(xv)")
rec("neibs_2x2_full", SEC, NB, "theano.function([x], images2neibs(x, (2, 2), mode='full'))(xv)")
rec("neibs_multi_channel", SEC, "x = T.dtensor4('x')\nxv = np.arange(32.0).reshape(1, 2, 4, 4)",
    "theano.function([x], images2neibs(x, (2, 2)))(xv)")
rec("neibs2images", SEC, NB, "theano.function([x], T.nnet.neighbours.neibs2images(images2neibs(x, (2, 2)), (2, 2), (1, 1, 4, 4)))(xv)")


def main():
    dump("nnet.json", {
        "meta": meta({"note": "Each record: key, section, code (python3, run after the prelude), expr (evaluated), "
                              "value ({dtype, shape, value}) or error. Conv data: rng = np.random.RandomState(0); "
                              "xv = rng.randn(2, 3, 7, 6); wv = rng.randn(4, 3, 3, 2) (in that order).",
                      "prelude": PRELUDE}),
        "records": RECORDS,
    })
    print("errors:", [r["key"] for r in RECORDS if "error" in r], file=sys.stderr)


if __name__ == "__main__":
    main()
