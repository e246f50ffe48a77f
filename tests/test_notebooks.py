"""The tutorial notebooks (notebooks/*.ipynb) run top to bottom and print what they store.

Every notebook is executed with nbclient (two kernels at a time) in reduced
settings — the ``THEANOX_NB_*`` variables below cut the training loops short — and
its outputs are compared with the outputs stored in the .ipynb (written by
``make notebooks``, which runs the full settings):

* text (printed and displayed) exactly, after normalising memory addresses and
  timings and collapsing runs of spaces, and numbers to a relative 1e-4;
* pictures (PNG, SVG) by presence and size (within 20 %);
* cells tagged ``reduced`` (the training loops and what they draw) by shape: the
  same outputs, and every printed line, with its numbers masked, is one the stored
  cell prints (an epoch line, an iteration line, ...).

The MNIST notebooks need the real data: they run when ``THEANOX_MNIST`` points at it
or it is already in the cache, and are reported skipped (with the reason) otherwise;
nothing is downloaded. Each notebook's plain-text twin (jupytext percent format)
must hold the same cells as the notebook.
"""
import base64
import concurrent.futures
import importlib.util
import math
import os
import re
import struct
import time

import pytest

# The notebook tools come with the `test` (and `notebook`) extras; without them the module
# is reported skipped with the reason.
nbformat = pytest.importorskip("nbformat", reason="nbformat not installed (pip install theanox[test])")
pytest.importorskip("nbclient", reason="nbclient not installed (pip install theanox[test])")
pytest.importorskip("jupytext", reason="jupytext not installed (pip install theanox[test])")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NBDIR = os.path.join(ROOT, "notebooks")

_spec = importlib.util.spec_from_file_location("theanox_nb_build", os.path.join(NBDIR, "build.py"))
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)

# Reduced settings (each notebook reads the ones it uses; defaults are the full run).
REDUCED = {
    "THEANOX_NB_EPOCHS": "1",             # MNIST notebooks: one epoch ...
    "THEANOX_NB_BATCHES": "4",            # ... of 4 batches of 128
    "THEANOX_NB_TEST": "500",             # ... scored on 500 test images
    "THEANOX_NB_EPOCHS_LINREG": "10",     # linear regression: 10 passes (full: 100)
    "THEANOX_NB_STEPS_LOGREG": "2001",    # logistic regression: 2001 steps (full: 10001)
}
def _source(name):
    with open(os.path.join(NBDIR, name + ".py"), encoding="utf-8") as f:
        return f.read()


MNIST_NOTEBOOKS = [n for n in build.names() if "load_mnist" in _source(n)]


def _mnist_missing():
    """None if the real MNIST is reachable without downloading, else the reason."""
    from theanox.datasets.mnist import load_mnist
    try:
        load_mnist(ntrain=1, ntest=1, download=False, progressbar=False)
    except (OSError, ValueError) as e:
        return ("real MNIST not present (%s); set THEANOX_MNIST to mnist.pkl.gz or the "
                "idx files, or run `python -m theanox.datasets` once" % str(e).split("\n")[0])
    return None


@pytest.fixture(scope="session")
def executed():
    """{name: (stored notebook, executed notebook or exception or skip reason, seconds)}."""
    missing = _mnist_missing() if MNIST_NOTEBOOKS else None
    jobs = {}
    for name in build.names():
        stored = nbformat.read(os.path.join(NBDIR, name + ".ipynb"), as_version=4)
        jobs[name] = stored

    def run(name):
        if name in MNIST_NOTEBOOKS and missing:
            return name, missing, 0.0
        nb = nbformat.from_dict(jobs[name])
        nb = nbformat.reads(nbformat.writes(nb), as_version=4)   # a deep copy
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs = []
        t0 = time.time()
        try:
            build.execute(nb, REDUCED, timeout=600)
        except Exception as e:  # noqa: BLE001 -- reported by the notebook's test
            return name, e, time.time() - t0
        return name, nb, time.time() - t0

    # Heavy notebooks first so that the two workers finish together.
    order = sorted(jobs, key=lambda n: (n not in MNIST_NOTEBOOKS, n))
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        results = dict((n, (r, s)) for n, r, s in pool.map(run, order))
    return {n: (jobs[n],) + results[n] for n in jobs}


# ------------------------------------------------------------------ normalising

_ADDR = re.compile(r"0x[0-9a-fA-F]+")
_TIME = re.compile(r"\d+(?:\.\d+)?(\s*(?:s|sec|seconds|ms)\b)")
_NUM = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|\bnan\b|\binf\b")


def _norm(text):
    text = _ADDR.sub("0x?", text)
    text = _TIME.sub(r"<time>\1", text)
    return text


def _split(text):
    """(non-number parts with spaces collapsed, numbers)."""
    parts = _NUM.split(_norm(text))
    nums = _NUM.findall(_norm(text))
    return [re.sub(r"\s+", " ", p) for p in parts], nums


def _masked_lines(text):
    return [re.sub(r"\s+", " ", _NUM.sub("#", _norm(line))).strip()
            for line in text.splitlines() if line.strip()]


def _image_size(mime, data):
    if mime == "image/png":
        raw = base64.b64decode(data)
        assert raw[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
        return struct.unpack(">II", raw[16:24])
    m = re.search(r'<svg[^>]*?width="([\d.]+)(?:pt|px)?"[^>]*?height="([\d.]+)', data, re.S)
    assert m, "SVG without width/height"
    return float(m.group(1)), float(m.group(2))


def _outputs(cell):
    """The cell's outputs as (kind, text or (mime, size)): streams merged, stderr dropped."""
    out = []
    for o in cell.get("outputs", []):
        if o.output_type == "stream":
            if o.name != "stdout":
                continue
            if out and out[-1][0] == "stdout":
                out[-1] = ("stdout", out[-1][1] + o.text)
            else:
                out.append(("stdout", o.text))
        elif o.output_type == "error":
            out.append(("error", "%s: %s" % (o.ename, o.evalue)))
        else:
            images = [m for m in ("image/png", "image/svg+xml") if m in o.data]
            if images:
                out.append(("image", (images[0], _image_size(images[0], o.data[images[0]]))))
            else:
                out.append((o.output_type, o.data.get("text/plain", "")))
    return out


def _compare_text(where, stored, new):
    sp, sn = _split(stored)
    np_, nn = _split(new)
    assert sp == np_ and len(sn) == len(nn), \
        "%s: text differs\n--- stored\n%s\n--- now\n%s" % (where, stored, new)
    for a, b in zip(sn, nn):
        if a == b:
            continue
        fa, fb = float(a), float(b)
        assert math.isclose(fa, fb, rel_tol=1e-4, abs_tol=1e-6), \
            "%s: %s (stored) != %s (now)\n--- stored\n%s\n--- now\n%s" % (where, a, b, stored, new)


def _compare_image(where, stored, new):
    (ms, ss), (mn, sn) = stored, new
    assert ms == mn, "%s: picture was %s, now %s" % (where, ms, mn)
    for a, b in zip(ss, sn):
        assert abs(a - b) <= 0.2 * max(a, b) + 2, "%s: picture size %s, now %s" % (where, ss, sn)


def compare(name, stored_nb, new_nb):
    stored_cells = [c for c in stored_nb.cells if c.cell_type == "code"]
    new_cells = [c for c in new_nb.cells if c.cell_type == "code"]
    assert len(stored_cells) == len(new_cells)
    for i, (s, n) in enumerate(zip(stored_cells, new_cells)):
        where = "%s.ipynb, code cell %d (%s)" % (name, i + 1, s.source.split("\n")[0][:60])
        so, no = _outputs(s), _outputs(n)
        assert not any(k == "error" for k, _ in no) or so == no, \
            "%s raised: %s" % (where, [t for k, t in no if k == "error"])
        assert not any(k == "error" for k, _ in so), "%s: stored output is an error" % where
        assert [k for k, _ in so] == [k for k, _ in no], \
            "%s: outputs %s stored, %s now" % (where, [k for k, _ in so], [k for k, _ in no])
        reduced = "reduced" in s.metadata.get("tags", [])
        for (kind, sv), (_, nv) in zip(so, no):
            if kind == "image":
                _compare_image(where, sv, nv)
            elif reduced:
                allowed = set(_masked_lines(sv))
                lines = _masked_lines(nv)
                assert lines or not allowed, "%s printed nothing" % where
                for line in lines:
                    assert line in allowed, \
                        "%s: line %r matches none the stored cell prints:\n%s" % (where, line, sv)
            else:
                _compare_text(where, sv, nv)


# ------------------------------------------------------------------ tests

@pytest.mark.slow
@pytest.mark.parametrize("name", build.names())
def test_notebook_runs_and_matches_its_stored_outputs(name, executed):
    stored, result, seconds = executed[name]
    if isinstance(result, str):
        pytest.skip("%s.ipynb: %s" % (name, result))
    if isinstance(result, Exception):
        raise AssertionError("%s.ipynb failed after %.1f s:\n%s" % (name, seconds, result))
    compare(name, stored, result)


@pytest.mark.parametrize("name", build.names())
def test_notebook_is_stored_with_outputs_and_its_text_twin_in_sync(name):
    nb = nbformat.read(os.path.join(NBDIR, name + ".ipynb"), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.execution_count for c in code), \
        "%s.ipynb is not stored executed (run `make notebooks`)" % name
    assert any(c.outputs for c in code)
    with open(os.path.join(NBDIR, name + ".py")) as f:
        text = f.read()
    assert build.to_text(nb) == text, \
        "notebooks/%s.py and %s.ipynb differ: edit the .py and run `make notebooks`" % (name, name)


def test_every_notebook_has_a_twin_and_the_index_links_them_in_order():
    ipynbs = sorted(f[:-6] for f in os.listdir(NBDIR) if f.endswith(".ipynb"))
    assert ipynbs == sorted(build.names())
    index = _source("index")
    links = re.findall(r"\]\((\w+)\.ipynb\)", index)
    assert links == [n for n in build.ORDER if n != "index"]
    assert set(links) | {"index"} == set(build.names())


def test_theano_basics_notebook_prints_the_seed_values(executed):
    stored, result, _ = executed["theano_basics"]
    if isinstance(result, Exception):
        raise result
    out = ["".join(o.get("text", "") for o in c.get("outputs", []))
           for c in result.cells if c.cell_type == "code"]
    # Printed values from the seed chapter "Theano 基础" (float64, Theano 1.0.5's default floatX).
    assert out[1].split("\n")[:2] == ["x", "Elemwise{pow,no_inplace}.0"]
    assert "TensorType(float64, scalar)" in out[1]
    assert out[2].split() == ["9.0", "9.0"]
    assert "array([18., 37.])" in out[3] and "array(91.)" in out[3]
    assert "array([14., 32.])" in out[4]
    assert "[[3. 4.]\n [2. 1.]]" in out[5] and "[[ 1.  4.]\n [ 9. 16.]]" in out[5]
    assert out[6].strip().endswith("[[0. 1.]\n [2. 3.]]")
    assert out[7].startswith("20.0\n[[9. 8. 7.]\n [4. 5. 6.]]")
    assert out[8].strip() == "[2. 2.]"                     # the seed's R-op value


def test_comparison_catches_changed_numbers_text_and_pictures():
    def nb_with(outputs, tags=()):
        nb = nbformat.v4.new_notebook()
        cell = nbformat.v4.new_code_cell("x", metadata={"tags": list(tags)} if tags else {})
        cell.outputs = outputs
        nb.cells = [cell]
        return nb

    def stream(t):
        return nbformat.v4.new_output("stream", name="stdout", text=t)

    compare("t", nb_with([stream("a 1.0 at 0x7f00aa\n"), stream("took 3.2 s\n")]),
            nb_with([stream("a 1.00001 at 0x55bb\ntook 0.1 s\n")]))
    for bad in ("a 1.1\n", "b 1.0\n", "a 1.0 2.0\n"):
        with pytest.raises(AssertionError):
            compare("t", nb_with([stream("a 1.0\n")]), nb_with([stream(bad)]))
    compare("t", nb_with([stream("000 0.88\n001 0.90\n")], ["reduced"]),
            nb_with([stream("000 0.31\n")], ["reduced"]))
    with pytest.raises(AssertionError):
        compare("t", nb_with([stream("000 0.88\n")], ["reduced"]),
                nb_with([stream("epoch 0.31\n")], ["reduced"]))
    svg = '<svg width="100pt" height="50pt"></svg>'
    img = nbformat.v4.new_output("display_data", data={"image/svg+xml": svg})
    compare("t", nb_with([img]), nb_with([img]))
    with pytest.raises(AssertionError):
        compare("t", nb_with([img]), nb_with([stream("x\n")]))
    big = nbformat.v4.new_output("display_data",
                                 data={"image/svg+xml": svg.replace("100pt", "300pt")})
    with pytest.raises(AssertionError):
        compare("t", nb_with([img]), nb_with([big]))
