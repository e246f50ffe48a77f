"""Record ``theano.tensor.get_canonical_form_slice`` from Theano 1.0.5.

Run:  $ORACLE_VENV/bin/python tests/oracle/record_canonical_slice.py
Writes tests/oracle/canonical_slice.json: {"meta", "records": [...]}.  A record is
{"key", "index", "length", "values", "result"}.  ``index`` is a slice as
[start, stop, step] or an int index as {"int": spec}; each spec (and ``length``) is a
Python int, null, or "sym" (an ``lscalar`` input, given the number in ``values``).
``result`` describes (start, stop, step, direction) for a slice or (index, direction)
for an int: each part is {"kind": "number"|"variable", "value": int, "dtype"?}, where a
variable's value is computed by a theano.function of the symbolic inputs.
"""
import itertools
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from record_common import HERE, meta, setup_env  # noqa: E402

setup_env("float64")

import theano  # noqa: E402
import theano.tensor as T  # noqa: E402

BOUNDS = [None, -9, -5, -3, 0, 2, 5, 9]
STEPS = [None, 1, 2, 3, -1, -2, -3]
CASES = []
# Every constant slice for a constant length (5, and 0 for an empty axis).
for length in (5, 0):
    for start, stop, step in itertools.product(BOUNDS, BOUNDS, STEPS):
        CASES.append(([start, stop, step], length, {}))
# A symbolic length (from x.shape in user code), a few lengths.
for n in (0, 1, 5, 8):
    for start, stop, step in itertools.product([None, -3, 0, 2, 9], [None, -2, 0, 4, 9],
                                               [None, 1, 2, -1, -2]):
        CASES.append(([start, stop, step], "sym", {"length": n}))
# Symbolic bounds and steps, constant and symbolic length.
for length, n in ((5, None), ("sym", 6)):
    for (start, stop, step) in [("sym", None, None), (None, "sym", None), ("sym", "sym", None),
                                ("sym", "sym", 1), ("sym", "sym", -1), (None, None, "sym"),
                                ("sym", None, "sym"), (None, "sym", "sym"),
                                ("sym", "sym", "sym"), (2, "sym", -2), ("sym", 1, 2)]:
        for sv in ([-7, 3, 2], [1, -1, -1], [4, 0, -2], [-2, 9, 3], [0, 0, 1], [3, 7, -3]):
            vals = {}
            if n is not None:
                vals["length"] = n
            for name, spec, v in zip(("start", "stop", "step"), (start, stop, step), sv):
                if spec == "sym":
                    vals[name] = v
            CASES.append(([start, stop, step], length, vals))
# Int indices.
for length, n in ((5, None), ("sym", 4)):
    for idx in (0, 3, -1, -5, "sym"):
        for iv in ((-2, 1) if idx == "sym" else (None,)):
            vals = {"length": n} if n is not None else {}
            if idx == "sym":
                vals["index"] = iv
            CASES.append(({"int": idx}, length, vals))


def describe(parts, inputs, givens):
    """Evaluates the symbolic parts with one function (FAST_COMPILE: integer arithmetic,
    the same values as FAST_RUN, compiled much faster)."""
    syms = [p for p in parts if isinstance(p, theano.Variable)]
    vals = iter(theano.function(inputs, syms, on_unused_input="ignore", mode="FAST_COMPILE")(
        *[givens[i.name] for i in inputs]) if syms else [])
    out = []
    for p in parts:
        if isinstance(p, theano.Variable):
            out.append({"kind": "variable", "value": int(next(vals)), "dtype": p.dtype})
        else:
            out.append({"kind": "number", "value": int(p)})
    return out


def run(index, length, vals):
    syms = {}

    def spec(name, s):
        if s == "sym":
            syms[name] = T.lscalar(name)
            return syms[name]
        return s
    ln = spec("length", length)
    if isinstance(index, dict):
        theslice = spec("index", index["int"])
    else:
        theslice = slice(*[spec(n, s) for n, s in zip(("start", "stop", "step"), index)])
    out, direction = T.get_canonical_form_slice(theslice, ln)
    parts = [out.start, out.stop, out.step] if isinstance(out, slice) else [out]
    inputs = list(syms.values())
    return describe(parts + [direction], inputs, vals)


def main():
    assert T.get_canonical_form_slice is theano.tensor.subtensor.get_canonical_form_slice
    records = []
    for i, (index, length, vals) in enumerate(CASES):
        r = {"key": "case%d" % i, "index": index, "length": length, "values": vals}
        r["result"] = run(index, length, vals)
        records.append(r)
    # One record a line: the file stays small and diffs by case.
    with open(os.path.join(HERE, "canonical_slice.json"), "w") as f:
        f.write('{"meta": %s,\n "records": [\n' % json.dumps(meta()))
        f.write(",\n".join(json.dumps(r) for r in records))
        f.write("\n]}\n")


if __name__ == "__main__":
    main()
