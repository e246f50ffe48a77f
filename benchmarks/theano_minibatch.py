"""Time real Theano 1.0.5 on the deeplearning.net tutorial minibatch patterns.

This is the *reference* side for theanox: pure Theano code written the way the classic
tutorials (logistic_sgd.py, mlp.py, convolutional_mlp.py) write it -- a shared dataset,
``index = T.lscalar()`` and ``givens={x: train_set_x[index * batch_size:(index + 1) * batch_size]}``.
It does not import theanox.

Usage (needs the Theano 1.0.5 oracle venv, see tests/oracle/README.md):

    apt-get install -y libopenblas-dev
    ORACLE_VENV=~/theano-1.0.5-venv
    python3 -m venv $ORACLE_VENV
    $ORACLE_VENV/bin/pip install numpy==1.23.5 scipy==1.10.1 theano==1.0.5 six
    # (optional, no scan is used here) patch scan_op.py as in tests/oracle/README.md
    $ORACLE_VENV/bin/python benchmarks/theano_minibatch.py            # float32 and float64
    $ORACLE_VENV/bin/python benchmarks/theano_minibatch.py --floatx float32 --runs 5 \\
        --only logreg,mlp --out /tmp/r.json --no-save

Options:
    --floatx float32|float64|both   (default both; each floatX runs in its own child process)
    --runs N                        repetitions per measurement; the median is reported (default 3)
    --only logreg,mlp,lenet         subset of workloads
    --out PATH                      JSON output (default benchmarks/theano_minibatch_results.json)
    --no-save                       print the table only
    --blas-threads LIST             OPENBLAS_NUM_THREADS settings to measure, comma separated;
                                    "default" = as inherited (default: "default,1"; on a shared
                                    2-core machine two BLAS threads contend with other work)

THEANO_FLAGS: if unset, ``blas.ldflags=-lopenblas,base_compiledir=~/.theano-oracle-compiledir``
is used; ``floatX=...`` is appended per child.  Default mode (FAST_RUN, C/cvm linker).
Data: $THEANOX_MNIST (the deeplearning.net pickle: (train, valid, test),
each (X, y)) when it exists, else 50000x784 uniform random data with random labels 0..9
(RandomState(1234)).  The first ``train`` rows (50000) are used.

Measurements (every one: median of --runs repetitions, with min and max):
  logreg   784->10 softmax, NLL, SGD lr 0.13, batch 20 and 600: seconds per call of
           train_model(index) over 300 distinct indices (batch 600 has only 83 minibatches:
           300 calls cycle over them) and over 300 calls with one repeated index.
  mlp      784-500-10, tanh hidden, softmax out, L1 0.00, L2 0.0001, lr 0.01, batch 20:
           one full epoch of 2500 minibatches (indices 0..2499 in order), seconds.
  lenet    LeNet5 tutorial (batch 500, nkerns [20, 50], conv5x5+maxpool2x2 twice, hidden 500
           tanh, softmax, lr 0.1): seconds per call over 20 distinct indices.
Compile time of each train function and the load average around each measurement are
recorded too.  Training state carries over between repetitions (as in real training).
"""

import argparse
import gzip
import json
import os
import pickle
import platform
import subprocess
import sys
import time
import timeit

HERE = os.path.dirname(os.path.abspath(__file__))
MNIST = os.environ.get("THEANOX_MNIST", "")   # the deeplearning.net pickle, if any
DEFAULT_FLAGS = ("blas.ldflags=-lopenblas,base_compiledir="
                 + os.path.expanduser("~/.theano-oracle-compiledir"))


# ----------------------------------------------------------------------------- helpers
def stats(samples):
    s = sorted(samples)
    n = len(s)
    med = s[n // 2] if n % 2 else 0.5 * (s[n // 2 - 1] + s[n // 2])
    return {"median": med, "min": s[0], "max": s[-1], "samples": samples,
            "spread_pct": 100.0 * (s[-1] - s[0]) / med if med else None}


def load():
    return list(os.getloadavg())


def measure(fn, runs):
    """fn() -> seconds for one repetition; returns stats + load averages."""
    samples = []
    loads = [load()]
    for _ in range(runs):
        samples.append(fn())
        loads.append(load())
    out = stats(samples)
    out["loadavg_1_5_15"] = loads
    return out


# ----------------------------------------------------------------------------- child: the tutorial code
def child(floatx, runs, only):
    import numpy

    import theano
    import theano.tensor as T
    from theano.tensor.nnet import conv2d
    from theano.tensor.signal import pool

    assert theano.config.floatX == floatx, theano.config.floatX

    # --- data (logistic_sgd.load_data / shared_dataset) ---
    if os.path.exists(MNIST):
        with gzip.open(MNIST, "rb") as f:
            try:
                train_set, valid_set, test_set = pickle.load(f, encoding="latin1")
            except TypeError:
                train_set, valid_set, test_set = pickle.load(f)
        data_src = MNIST
    else:
        rng0 = numpy.random.RandomState(1234)
        train_set = (rng0.uniform(size=(50000, 784)).astype("float32"), rng0.randint(0, 10, size=50000))
        data_src = "random uniform 50000x784, labels randint(0, 10), RandomState(1234)"

    def shared_dataset(data_xy, borrow=True):
        data_x, data_y = data_xy
        shared_x = theano.shared(numpy.asarray(data_x, dtype=theano.config.floatX), borrow=borrow)
        shared_y = theano.shared(numpy.asarray(data_y, dtype=theano.config.floatX), borrow=borrow)
        return shared_x, T.cast(shared_y, "int32")

    train_set_x, train_set_y = shared_dataset(train_set)
    n_train = train_set_x.get_value(borrow=True).shape[0]

    # --- logistic_sgd.LogisticRegression ---
    class LogisticRegression:
        def __init__(self, input, n_in, n_out):
            self.W = theano.shared(value=numpy.zeros((n_in, n_out), dtype=theano.config.floatX),
                                   name="W", borrow=True)
            self.b = theano.shared(value=numpy.zeros((n_out,), dtype=theano.config.floatX),
                                   name="b", borrow=True)
            self.p_y_given_x = T.nnet.softmax(T.dot(input, self.W) + self.b)
            self.y_pred = T.argmax(self.p_y_given_x, axis=1)
            self.params = [self.W, self.b]
            self.input = input

        def negative_log_likelihood(self, y):
            return -T.mean(T.log(self.p_y_given_x)[T.arange(y.shape[0]), y])

        def errors(self, y):
            return T.mean(T.neq(self.y_pred, y))

    # --- mlp.HiddenLayer ---
    class HiddenLayer:
        def __init__(self, rng, input, n_in, n_out, W=None, b=None, activation=T.tanh):
            self.input = input
            if W is None:
                W_values = numpy.asarray(
                    rng.uniform(low=-numpy.sqrt(6. / (n_in + n_out)), high=numpy.sqrt(6. / (n_in + n_out)),
                                size=(n_in, n_out)), dtype=theano.config.floatX)
                if activation == theano.tensor.nnet.sigmoid:
                    W_values *= 4
                W = theano.shared(value=W_values, name="W", borrow=True)
            if b is None:
                b_values = numpy.zeros((n_out,), dtype=theano.config.floatX)
                b = theano.shared(value=b_values, name="b", borrow=True)
            self.W = W
            self.b = b
            lin_output = T.dot(input, self.W) + self.b
            self.output = (lin_output if activation is None else activation(lin_output))
            self.params = [self.W, self.b]

    class MLP:
        def __init__(self, rng, input, n_in, n_hidden, n_out):
            self.hiddenLayer = HiddenLayer(rng=rng, input=input, n_in=n_in, n_out=n_hidden, activation=T.tanh)
            self.logRegressionLayer = LogisticRegression(input=self.hiddenLayer.output, n_in=n_hidden,
                                                         n_out=n_out)
            self.L1 = abs(self.hiddenLayer.W).sum() + abs(self.logRegressionLayer.W).sum()
            self.L2_sqr = (self.hiddenLayer.W ** 2).sum() + (self.logRegressionLayer.W ** 2).sum()
            self.negative_log_likelihood = self.logRegressionLayer.negative_log_likelihood
            self.errors = self.logRegressionLayer.errors
            self.params = self.hiddenLayer.params + self.logRegressionLayer.params
            self.input = input

    # --- convolutional_mlp.LeNetConvPoolLayer ---
    class LeNetConvPoolLayer:
        def __init__(self, rng, input, filter_shape, image_shape, poolsize=(2, 2)):
            assert image_shape[1] == filter_shape[1]
            self.input = input
            fan_in = numpy.prod(filter_shape[1:])
            fan_out = (filter_shape[0] * numpy.prod(filter_shape[2:]) // numpy.prod(poolsize))
            W_bound = numpy.sqrt(6. / (fan_in + fan_out))
            self.W = theano.shared(numpy.asarray(rng.uniform(low=-W_bound, high=W_bound, size=filter_shape),
                                                 dtype=theano.config.floatX), borrow=True)
            b_values = numpy.zeros((filter_shape[0],), dtype=theano.config.floatX)
            self.b = theano.shared(value=b_values, borrow=True)
            conv_out = conv2d(input=input, filters=self.W, filter_shape=filter_shape, input_shape=image_shape)
            pooled_out = pool.pool_2d(input=conv_out, ws=poolsize, ignore_border=True)
            self.output = T.tanh(pooled_out + self.b.dimshuffle("x", 0, "x", "x"))
            self.params = [self.W, self.b]
            self.input = input

    def op_names(fn):
        names = {}
        for node in fn.maker.fgraph.toposort():
            k = type(node.op).__name__
            names[k] = names.get(k, 0) + 1
        return names

    results = {}
    index = T.lscalar()

    # ------------------------------------------------------------------ logreg
    if "logreg" in only:
        res = {"model": "784->10 softmax, NLL, SGD lr 0.13", "batches": {}}
        for batch_size in (20, 600):
            x = T.matrix("x")
            y = T.ivector("y")
            classifier = LogisticRegression(input=x, n_in=28 * 28, n_out=10)
            cost = classifier.negative_log_likelihood(y)
            g_W = T.grad(cost=cost, wrt=classifier.W)
            g_b = T.grad(cost=cost, wrt=classifier.b)
            learning_rate = 0.13
            updates = [(classifier.W, classifier.W - learning_rate * g_W),
                       (classifier.b, classifier.b - learning_rate * g_b)]
            t0 = time.time()
            train_model = theano.function(
                inputs=[index], outputs=cost, updates=updates,
                givens={x: train_set_x[index * batch_size: (index + 1) * batch_size],
                        y: train_set_y[index * batch_size: (index + 1) * batch_size]})
            compile_s = time.time() - t0
            n_batches = n_train // batch_size
            order = numpy.random.RandomState(0).permutation(n_batches)
            distinct = [int(order[i % n_batches]) for i in range(300)]
            for i in distinct[:5]:  # warm up
                train_model(i)

            def run_distinct():
                t = timeit.default_timer()
                for i in distinct:
                    train_model(i)
                return (timeit.default_timer() - t) / len(distinct)

            def run_repeated():
                t = timeit.default_timer()
                for _ in range(300):
                    train_model(7)
                return (timeit.default_timer() - t) / 300

            res["batches"][str(batch_size)] = {
                "compile_s": compile_s, "n_batches": n_batches,
                "distinct_indices": len(set(distinct)),
                "per_call_s_distinct": measure(run_distinct, runs),
                "per_call_s_repeated": measure(run_repeated, runs),
                "final_cost": float(train_model(0)),
                "ops": op_names(train_model)}
        results["logreg"] = res

    # ------------------------------------------------------------------ mlp
    if "mlp" in only:
        batch_size = 20
        learning_rate, L1_reg, L2_reg, n_hidden = 0.01, 0.00, 0.0001, 500
        x = T.matrix("x")
        y = T.ivector("y")
        rng = numpy.random.RandomState(1234)
        classifier = MLP(rng=rng, input=x, n_in=28 * 28, n_hidden=n_hidden, n_out=10)
        cost = (classifier.negative_log_likelihood(y) + L1_reg * classifier.L1 + L2_reg * classifier.L2_sqr)
        gparams = [T.grad(cost, param) for param in classifier.params]
        updates = [(param, param - learning_rate * gparam) for param, gparam in zip(classifier.params, gparams)]
        t0 = time.time()
        train_model = theano.function(
            inputs=[index], outputs=cost, updates=updates,
            givens={x: train_set_x[index * batch_size: (index + 1) * batch_size],
                    y: train_set_y[index * batch_size: (index + 1) * batch_size]})
        compile_s = time.time() - t0
        n_train_batches = n_train // batch_size
        train_model(0)
        costs = []

        def epoch():
            t = timeit.default_timer()
            c = 0.0
            for minibatch_index in range(n_train_batches):
                c += train_model(minibatch_index)
            dt = timeit.default_timer() - t
            costs.append(float(c / n_train_batches))
            return dt

        m = measure(epoch, runs)
        results["mlp"] = {"model": "784-500-10 tanh/softmax, L1 0.00, L2 0.0001, lr 0.01, batch 20",
                          "compile_s": compile_s, "n_train_batches": n_train_batches,
                          "epoch_s": m, "per_call_s_median": m["median"] / n_train_batches,
                          "mean_cost_per_epoch": costs, "ops": op_names(train_model)}

    # ------------------------------------------------------------------ lenet
    if "lenet" in only:
        batch_size, nkerns, learning_rate = 500, [20, 50], 0.1
        rng = numpy.random.RandomState(23455)
        x = T.matrix("x")
        y = T.ivector("y")
        layer0_input = x.reshape((batch_size, 1, 28, 28))
        layer0 = LeNetConvPoolLayer(rng, input=layer0_input, image_shape=(batch_size, 1, 28, 28),
                                    filter_shape=(nkerns[0], 1, 5, 5), poolsize=(2, 2))
        layer1 = LeNetConvPoolLayer(rng, input=layer0.output, image_shape=(batch_size, nkerns[0], 12, 12),
                                    filter_shape=(nkerns[1], nkerns[0], 5, 5), poolsize=(2, 2))
        layer2_input = layer1.output.flatten(2)
        layer2 = HiddenLayer(rng, input=layer2_input, n_in=nkerns[1] * 4 * 4, n_out=500, activation=T.tanh)
        layer3 = LogisticRegression(input=layer2.output, n_in=500, n_out=10)
        cost = layer3.negative_log_likelihood(y)
        params = layer3.params + layer2.params + layer1.params + layer0.params
        grads = T.grad(cost, params)
        updates = [(param_i, param_i - learning_rate * grad_i) for param_i, grad_i in zip(params, grads)]
        t0 = time.time()
        train_model = theano.function(
            [index], cost, updates=updates,
            givens={x: train_set_x[index * batch_size: (index + 1) * batch_size],
                    y: train_set_y[index * batch_size: (index + 1) * batch_size]})
        compile_s = time.time() - t0
        n_train_batches = n_train // batch_size
        idx = [int(i) for i in numpy.random.RandomState(0).permutation(n_train_batches)[:20]]
        train_model(idx[0])
        train_model(idx[1])

        def run():
            t = timeit.default_timer()
            for i in idx:
                train_model(i)
            return (timeit.default_timer() - t) / len(idx)

        results["lenet"] = {"model": "LeNet5: batch 500, nkerns [20, 50], conv5x5+maxpool2 x2, hidden 500, lr 0.1",
                            "compile_s": compile_s, "n_train_batches": n_train_batches,
                            "per_call_s": measure(run, runs), "final_cost": float(train_model(idx[0])),
                            "ops": op_names(train_model)}

    import numpy as np  # noqa: F811
    info = {"theano_version": theano.__version__, "numpy_version": np.__version__,
            "floatX": theano.config.floatX, "mode": str(theano.config.mode), "linker": str(theano.config.linker),
            "blas.ldflags": theano.config.blas.ldflags, "THEANO_FLAGS": os.environ.get("THEANO_FLAGS", ""),
            "data": data_src, "n_train": int(n_train), "runs": runs}
    return {"info": info, "results": results}


# ----------------------------------------------------------------------------- parent
def machine_info():
    d = {"platform": platform.platform(), "python": sys.version.split()[0], "nproc": os.cpu_count(),
         "loadavg_start": load()}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    d["cpu"] = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        with open("/proc/meminfo") as f:
            d["mem_total"] = f.readline().split(":", 1)[1].strip()
    except OSError:
        pass
    for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        d[k] = os.environ.get(k)
    return d


def fmt_stat(s, scale=1e3, unit="ms"):
    return "%8.3f %s  [%.3f .. %.3f, spread %4.1f%%]" % (s["median"] * scale, unit, s["min"] * scale,
                                                        s["max"] * scale, s["spread_pct"])


def table(all_res):
    lines = []
    for label, r in all_res.items():
        res = r["results"]
        lines.append("Theano %s  %s  (median of %d runs [min .. max])" % (r["info"]["theano_version"], label,
                                                                          r["info"]["runs"]))
        if "logreg" in res:
            for bs, b in res["logreg"]["batches"].items():
                lines.append("  logreg batch %-4s per call, %3d distinct idx : %s" % (
                    bs, b["distinct_indices"], fmt_stat(b["per_call_s_distinct"])))
                lines.append("  logreg batch %-4s per call, repeated idx     : %s" % (
                    bs, fmt_stat(b["per_call_s_repeated"])))
        if "mlp" in res:
            lines.append("  mlp 784-500-10 batch 20, epoch (2500 calls)  : %s" % fmt_stat(res["mlp"]["epoch_s"], 1, "s "))
        if "lenet" in res:
            lines.append("  lenet batch 500 per call (20 distinct idx)   : %s" % fmt_stat(res["lenet"]["per_call_s"]))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--floatx", default="both", choices=["float32", "float64", "both"])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", default="logreg,mlp,lenet")
    ap.add_argument("--out", default=os.path.join(HERE, "theano_minibatch_results.json"))
    ap.add_argument("--no-save", action="store_true")
    ap.add_argument("--blas-threads", default="default,1")
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    a = ap.parse_args()
    only = set(a.only.split(","))
    if a.child:
        sys.stdout.write(json.dumps(child(a.child, a.runs, only)))
        return
    base = os.environ.get("THEANO_FLAGS") or DEFAULT_FLAGS
    fxs = ["float32", "float64"] if a.floatx == "both" else [a.floatx]
    minfo = machine_info()
    started = time.strftime("%Y-%m-%d %H:%M:%S %z")
    doc = {"date": started, "machine": minfo,
           "note": "seconds; medians of --runs repetitions with min/max/spread; the machine may be shared "
                   "(see loadavg_* and each measurement's loadavg_1_5_15). compile_s depends on the state of "
                   "base_compiledir (small when the C modules are already cached). results[BLAS][floatX]: "
                   "BLAS 'openblas_threads_default' = OPENBLAS_NUM_THREADS as inherited (unset: one thread "
                   "per core), 'openblas_threads_N' = OPENBLAS_NUM_THREADS=N.",
           "results": {}}
    flat = {}
    for bt in a.blas_threads.split(","):
        blabel = "openblas_threads_" + bt
        doc["results"][blabel] = {}
        for fx in fxs:
            env = dict(os.environ)
            env["THEANO_FLAGS"] = base + ",floatX=" + fx
            if bt != "default":
                env["OPENBLAS_NUM_THREADS"] = bt
            t0 = time.time()
            out = subprocess.run([sys.executable, os.path.abspath(__file__), "--child", fx, "--runs", str(a.runs),
                                  "--only", a.only], stdout=subprocess.PIPE, env=env, check=True).stdout
            r = json.loads(out.decode("utf-8"))
            r["info"]["child_wall_s"] = time.time() - t0
            r["info"]["OPENBLAS_NUM_THREADS"] = env.get("OPENBLAS_NUM_THREADS")
            doc["results"][blabel][fx] = r
            flat["floatX=%s %s" % (fx, blabel)] = r
            print(table({"floatX=%s %s" % (fx, blabel): r}), flush=True)
    minfo["loadavg_end"] = load()
    print()
    print(table(flat))
    if not a.no_save:
        with open(a.out, "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")
        print("wrote", a.out, file=sys.stderr)


if __name__ == "__main__":
    main()
