"""theanox.d3viz: the page is self-contained and works in a real (headless) Chromium.

The browser test loads the page from a file with the network-quiet flags, dumps the
DOM after the page's script ran and reads Chromium's console log (stderr): no
console message at all, every node name present, and the script's hover text (the
types) attached to every node.  It is skipped, saying why, without Chromium
(``make venv`` installs it: ``apt-get install chromium``).
"""
import html
import os
import re
import shutil
import subprocess

import numpy as np
import pytest

import theanox as theano
import theanox.d3viz as d3v
import theanox.tensor as T

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--enable-logging=stderr", "--v=0"]
needs_dot = pytest.mark.skipif(shutil.which("dot") is None,
                               reason="Graphviz's dot is not installed (make venv installs it)")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (make venv installs it with apt-get; "
    "Debian: apt-get install chromium)")


def _function():
    x = T.dmatrix("x")
    b = T.dvector("b")
    w = theano.shared(np.ones((3, 2)), name="w")
    y = T.nnet.sigmoid(T.dot(x, w) + b)
    y.name = "y"
    return theano.function([x, b], [y, T.grad(y.sum(), w)], name="predict")


def _browse(path, tmp_path):
    """Returns (DOM after scripts ran, console lines) of the page at ``path``."""
    profile = tmp_path / ("profile-%s" % os.path.basename(path))
    run = subprocess.run([CHROMIUM] + FLAGS + ["--user-data-dir=%s" % profile, "--dump-dom",
                                               "file://%s" % path],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    console = [line for line in run.stderr.splitlines() if ":CONSOLE" in line]
    return run.stdout, console


@needs_dot
def test_page_is_self_contained(tmp_path):
    out = tmp_path / "graph.html"
    d3v.d3viz(_function(), str(out))
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "<script>" in page
    # nothing is fetched: no src/href attributes, and the only URLs are XML namespaces
    assert not re.search(r"\s(src|href)=", page)
    urls = set(re.findall(r"https?://[^\s\"'<>]+", page))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}, urls
    for name in ("x", "b", "w", "y", "dot", "sigmoid"):
        assert name in page


@needs_dot
@needs_chromium
def test_page_loads_in_chromium_without_console_errors(tmp_path):
    out = tmp_path / "graph.html"
    d3v.d3viz(_function(), str(out))
    dom, console = _browse(str(out), tmp_path)
    assert console == []
    nodes = int(re.search(r'data-ready="(\d+)"', dom).group(1))
    assert nodes >= 8
    assert re.search(r'<span id="status">%d nodes, \d+ edges</span>' % nodes, dom)
    texts = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", dom)]
    for name in ("name=x TensorType(float64, matrix)", "name=b TensorType(float64, vector)",
                 "name=w TensorType(float64, matrix)", "dot"):
        assert name in texts, (name, texts)
    tips = [html.unescape(t) for t in re.findall(r'data-tooltip="([^"]*)"', dom)]
    assert len(tips) == nodes
    assert "apply: dot\nop class: Dot\ninput 0: TensorType(float64, matrix)\n" \
           "input 1: TensorType(float64, matrix)\noutput 0: TensorType(float64, matrix)" in tips


@needs_chromium
def test_the_console_check_sees_a_failing_page(tmp_path):
    """The browser check can fail: a page with a script error logs to the console."""
    bad = tmp_path / "bad.html"
    bad.write_text("<html><body><script>no_such_function();</script></body></html>")
    _, console = _browse(str(bad), tmp_path)
    assert any("Uncaught ReferenceError" in line for line in console)


@needs_dot
def test_d3write_and_arguments(tmp_path):
    x = T.dvector("x")
    y = T.exp(x) * 2
    d3v.d3write(y, str(tmp_path / "g.dot"))
    source = (tmp_path / "g.dot").read_text()
    assert source.startswith("digraph G {") and "Elemwise{exp,no_inplace}" in source
    full = tmp_path / "full.html"
    d3v.d3viz([y], str(full), True, compact=False)
    compact = tmp_path / "compact.html"
    d3v.d3viz([y], str(compact))
    assert full.read_text().count('class="node"') > compact.read_text().count('class="node"')
    with pytest.raises(TypeError, match="compact"):
        d3v.d3viz(y, str(full), True, colors="red")
