"""Record the seed's linear- and logistic-regression examples with fixed data (Theano 1.0.5, floatX=float64).

Run:  $ORACLE_VENV/bin/python tests/oracle/record_regression.py
Writes tests/oracle/regression.json
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from record_common import dump, err, jsonable, meta, setup_env  # noqa: E402

setup_env("float64")

import warnings  # noqa: E402

import numpy as np  # noqa: E402

import theano  # noqa: E402
import theano.tensor as T  # noqa: E402

warnings.simplefilter("ignore")


LINREG_DATA = """rng = np.random.RandomState(0)
train_X = np.linspace(-1, 1, 101)
train_Y = 2 * train_X + 1 + rng.randn(train_X.size) * 0.33"""

LINREG_MODEL = """X = T.scalar('x')
Y = T.scalar('y')
w = theano.shared(np.asarray(0., dtype=theano.config.floatX), name='w')
b = theano.shared(np.asarray(0., dtype=theano.config.floatX), name='b')
Y_bar = X * w + b
cost = T.mean(T.sqr(Y_bar - Y))
grads = T.grad(cost=cost, wrt=[w, b])
lr = 0.01
updates = [[w, w - grads[0] * lr], [b, b - grads[1] * lr]]
train_model = theano.function(inputs=[X, Y], outputs=cost, updates=updates, allow_input_downcast=True)
for i in range(100):
    for x, y in zip(train_X, train_Y):
        train_model(x, y)"""


def linreg():
    ns = {"np": np, "theano": theano, "T": T}
    exec(LINREG_DATA, ns)
    # replicate the model code but keep per-epoch trace
    X = T.scalar("x")
    Y = T.scalar("y")
    w = theano.shared(np.asarray(0., dtype=theano.config.floatX), name="w")
    b = theano.shared(np.asarray(0., dtype=theano.config.floatX), name="b")
    cost = T.mean(T.sqr(X * w + b - Y))
    gw, gb = T.grad(cost=cost, wrt=[w, b])
    lr = 0.01
    train_model = theano.function([X, Y], cost, updates=[[w, w - gw * lr], [b, b - gb * lr]],
                                  allow_input_downcast=True)
    first_costs = []
    trace = {}
    for epoch in range(100):
        for x, y in zip(ns["train_X"], ns["train_Y"]):
            c = train_model(x, y)
            if epoch == 0 and len(first_costs) < 5:
                first_costs.append(float(c))
        if epoch in (0, 1, 9, 49, 99):
            trace["after_epoch_%d" % (epoch + 1)] = {"w": float(w.get_value()), "b": float(b.get_value())}
    return {
        "data_procedure": LINREG_DATA,
        "model_code": LINREG_MODEL,
        "data_summary": {"train_X_first3": ns["train_X"][:3].tolist(),
                         "train_Y_first3": ns["train_Y"][:3].tolist(),
                         "train_Y_sum": float(ns["train_Y"].sum())},
        "first_5_costs_epoch1": first_costs,
        "trace": trace,
        "final_w": float(w.get_value()),
        "final_b": float(b.get_value()),
        "final_w_dtype": str(w.get_value().dtype),
        "numpy_lstsq_reference": np.polyfit(ns["train_X"], ns["train_Y"], 1).tolist(),
        "note": "per-sample SGD, 100 epochs; numpy_lstsq_reference = np.polyfit(X, Y, 1) -> [slope, intercept]",
    }


LOGREG_DATA = """rng = np.random.RandomState(0)
N = 400
feats = 784
D = (rng.randn(N, feats), rng.randint(size=N, low=0, high=2))
# then, from the SAME rng, the initial weights:
w = theano.shared(rng.randn(feats), name='w')
b = theano.shared(0., name='b')"""

LOGREG_MODEL = """x = T.matrix('x')
y = T.vector('y')
h = 1 / (1 + T.exp(-T.dot(x, w) - b))
prediction = h > 0.5
cost = - T.mean(y * T.log(h) + (1 - y) * T.log(1 - h)) + 0.01 * T.sum(w ** 2)
gw, gb = T.grad(cost, [w, b])
train = theano.function(inputs=[x, y], outputs=cost,
                        updates=[[w, w - 0.1 * gw], [b, b - 0.1 * gb]], allow_input_downcast=True)
predict = theano.function(inputs=[x], outputs=prediction, allow_input_downcast=True)
for i in range(1001):
    err = train(D[0], D[1])   # err = cost BEFORE this call's update"""


def logreg(mode=None, n_iter=1001):
    ns = {"np": np, "theano": theano, "T": T}
    exec(LOGREG_DATA, ns)
    D, w, b = ns["D"], ns["w"], ns["b"]
    w0 = w.get_value().copy()
    x = T.matrix("x")
    y = T.vector("y")
    h = 1 / (1 + T.exp(-T.dot(x, w) - b))
    prediction = h > 0.5
    cost = -T.mean(y * T.log(h) + (1 - y) * T.log(1 - h)) + 0.01 * T.sum(w ** 2)
    gw, gb = T.grad(cost, [w, b])
    train = theano.function([x, y], cost, updates=[[w, w - 0.1 * gw], [b, b - 0.1 * gb]],
                            allow_input_downcast=True, mode=mode)
    predict = theano.function([x], prediction, allow_input_downcast=True, mode=mode)
    grad_fn = theano.function([x, y], [gw, gb], allow_input_downcast=True, mode=mode)
    g0w, g0b = grad_fn(D[0], D[1])
    wanted = {0, 1, 2, 10, 100, 200, 1000}
    costs = {}
    costs_every_100 = {}
    all_costs = []
    acc_after_1000 = None
    for i in range(n_iter):
        if i == 1000:
            acc_after_1000 = float(np.mean(predict(D[0]) == D[1]))
        e = train(D[0], D[1])
        all_costs.append(float(e))
        if i in wanted:
            costs[str(i)] = float(e)
        if i % 100 == 0:
            costs_every_100[str(i)] = float(e)
    finite = [i for i, c in enumerate(all_costs) if np.isfinite(c)]
    p = predict(D[0])
    out = {
        "costs": costs,
        "costs_note": "costs[i] = value returned by the (i+1)-th call train(D[0], D[1]) (cost before that update)",
        "costs_every_100": costs_every_100,
        "n_nonfinite_costs": len(all_costs) - len(finite),
        "first_finite_cost_index": finite[0] if finite else None,
        "first_finite_cost": all_costs[finite[0]] if finite else None,
        "initial_grad": {"gw_sum": float(np.sum(g0w)), "gw_norm": float(np.linalg.norm(g0w)),
                         "gw_all_finite": bool(np.all(np.isfinite(g0w))), "gb": float(g0b)},
        "numpy_initial_cost_stable": float(np.mean(np.logaddexp(0, -(D[0] @ w0)) * D[1]
                                                   + np.logaddexp(0, D[0] @ w0) * (1 - D[1]))
                                           + 0.01 * np.sum(w0 ** 2)),
        "initial_w_summary": {"first5": w0[:5].tolist(), "sum": float(w0.sum())},
        "data_summary": {"X_00": float(D[0][0, 0]), "X_sum": float(D[0].sum()), "Y_first10": D[1][:10].tolist(),
                         "Y_sum": int(D[1].sum()), "Y_dtype": str(D[1].dtype)},
        "n_train_calls": n_iter,
        "final_b": float(b.get_value()),
        "final_w_summary": {"first5": w.get_value()[:5].tolist(), "sum": float(w.get_value().sum()),
                            "norm": float(np.linalg.norm(w.get_value()))},
        "predict_dtype": str(p.dtype),
        "accuracy_after_all_calls": float(np.mean(p == D[1])),
    }
    if acc_after_1000 is not None:
        out["accuracy_after_1000_calls"] = acc_after_1000
    return out


SIGMOID_CELLS = [
    ("sigmoid_float64", "x = T.dmatrix('x')", "theano.function([x], 1 / (1 + T.exp(-x)), allow_input_downcast=True)([[0, 1], [-1, -2]])"),
    ("sigmoid_float32", "x = T.fmatrix('x')", "theano.function([x], 1 / (1 + T.exp(-x)), allow_input_downcast=True)([[0, 1], [-1, -2]])"),
    ("sigmoid2_float64", "x = T.dmatrix('x')", "theano.function([x], (1 + T.tanh(x / 2)) / 2)(np.array([[0., 1], [-1, -2]]))"),
    ("sigmoid2_float32", "x = T.fmatrix('x')", "theano.function([x], (1 + T.tanh(x / 2)) / 2)(np.array([[0., 1], [-1, -2]], dtype='float32'))"),
    ("multiply_3_2", "a = T.scalar()\nb = T.scalar()", "theano.function(inputs=[a, b], outputs=a * b)(3, 2)"),
    ("multiply_4_5", "a = T.scalar()\nb = T.scalar()", "theano.function(inputs=[a, b], outputs=a * b)(4, 5)"),
]


def cells():
    out = []
    for key, setup, expr in SIGMOID_CELLS:
        ns = {"np": np, "theano": theano, "T": T}
        r = {"key": key, "setup": setup, "expr": expr}
        try:
            exec(setup, ns)
            r["value"] = jsonable(eval(expr, ns))
        except Exception as e:  # noqa: BLE001
            r.update(err(e))
        out.append(r)
    return out


def main():
    data = {"meta": meta({"note": "Seed chapters 线性回归 and Logistic 回归 with fixed RandomState(0) data. "
                                  "Default mode (FAST_RUN, C linker) unless stated."})}
    data["linear_regression"] = linreg()
    lr = logreg()
    lr["data_procedure"] = LOGREG_DATA
    lr["model_code"] = LOGREG_MODEL
    data["logistic_regression"] = lr
    try:
        fc = logreg(mode="FAST_COMPILE", n_iter=11)
        fc["note"] = ("same data/model compiled with mode=FAST_COMPILE (no stabilization rewrites), "
                      "only 11 train calls")
    except Exception as e:  # noqa: BLE001
        fc = err(e)
    data["logistic_regression_fast_compile"] = fc
    data["cells"] = cells()
    dump("regression.json", data)


if __name__ == "__main__":
    main()
