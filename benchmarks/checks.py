"""What Theano's run-time errors cost: the tutorials' minibatch step with and without its checks.

``python -m benchmarks.checks [--batch 20,600] [--blocks 25] [--calls 300]``

Theano raises on an index out of range (and on integer division by zero); theanox
makes those checks inside the compiled program (a flag per check, the old state put
back when one fails; docs/DIFFERENCES.md).  The tutorials' logistic-regression step
through ``givens`` (benchmarks/minibatch.py, 9a/9b) has one: the labels index the
softmax's columns.  This builds the same step twice, the second traced with
``runtime_check`` switched off (a benchmark-only patch: theanox has no setting that
drops Theano's errors), checks that only the first raises on a bad label, and times
both interleaved in blocks (CPU time per call, all threads).  The seed's own
workloads (benchmarks/workloads.py, 1-8) contain no checked operation: their cost
there is zero by construction.  Not part of ``make test``.
"""
import argparse
import statistics
import sys
import time

import numpy as np


def build(theano, T, data_x, data_y, batch):
    """Returns the 9a step (a function of the minibatch index) and its label variable."""
    with theano.change_flags(floatX="float32"):
        shared_x = theano.shared(data_x, borrow=True)
        shared_y = theano.shared(data_y, borrow=True)
        labels = T.cast(shared_y, "int32")
        index, x, y = T.lscalar(), T.fmatrix("x"), T.ivector("y")
        W = theano.shared(np.zeros((784, 10), np.float32))
        b = theano.shared(np.zeros(10, np.float32))
        p = T.nnet.softmax(T.dot(x, W) + b)
        cost = -T.mean(T.log(p)[T.arange(y.shape[0]), y])
        updates = [(W, W - 0.13 * T.grad(cost, W)), (b, b - 0.13 * T.grad(cost, b))]
        f = theano.function([index], cost, updates=updates, givens={
            x: shared_x[index * batch:(index + 1) * batch],
            y: labels[index * batch:(index + 1) * batch]})
    f(0)                      # traces and compiles
    return f, shared_y


def without_checks(make):
    """Returns make() traced with every module's runtime_check switched off."""
    import theanox.graph.lowering as lowering
    real = lowering.runtime_check
    modules = [m for m in list(sys.modules.values())
               if getattr(m, "runtime_check", None) is real]
    for m in modules:
        m.runtime_check = lambda *args, **kwargs: None
    try:
        return make()
    finally:
        for m in modules:
            m.runtime_check = real


def measure(batch, blocks, calls):
    import theanox as theano
    import theanox.tensor as T
    rng = np.random.RandomState(0)
    data_x = rng.rand(50000, 784).astype(np.float32)
    data_y = rng.randint(0, 10, 50000).astype(np.float32)
    checked, y1 = build(theano, T, data_x, data_y, batch)
    unchecked, y2 = without_checks(lambda: build(theano, T, data_x, data_y, batch))
    bad = data_y.copy()
    bad[3] = 12.0
    raised = []
    for f, y in ((checked, y1), (unchecked, y2)):
        y.set_value(bad)
        try:
            f(0)
            raised.append(False)
        except IndexError:
            raised.append(True)
        y.set_value(data_y)
    assert raised == [True, False], "the checked step must raise, the other not: %s" % raised
    n_batches = 50000 // batch

    def block(f):
        t = time.process_time()
        for i in range(calls):
            f(i % n_batches)
        return (time.process_time() - t) / calls

    for i in range(20):
        checked(i)
        unchecked(i)
    a, b = [], []
    for r in range(blocks):
        pair = [(a, checked), (b, unchecked)]
        for out, f in (pair if r % 2 == 0 else pair[::-1]):
            out.append(block(f))
    return {"batch": batch, "checked": statistics.median(a), "unchecked": statistics.median(b),
            "ratio_median": statistics.median(a) / statistics.median(b),
            "ratio_min": min(a) / min(b)}


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m benchmarks.checks")
    ap.add_argument("--batch", default="20,600", help="comma separated batch sizes")
    ap.add_argument("--blocks", type=int, default=25)
    ap.add_argument("--calls", type=int, default=300)
    args = ap.parse_args(argv)
    print("| batch | with checks (CPU per call) | without | ratio median (min) |")
    print("|---|---|---|---|")
    for batch in (int(s) for s in args.batch.split(",")):
        r = measure(batch, args.blocks, args.calls)
        print("| %d | %.1f us | %.1f us | %.3f (%.3f) |" % (
            batch, r["checked"] * 1e6, r["unchecked"] * 1e6, r["ratio_median"], r["ratio_min"]),
            flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
