"""Theano's ``theano.d3viz``: an interactive page of a graph, in one self-contained HTML file.

``d3viz(fct, outfile)`` lays the graph out with Graphviz's ``dot`` (the drawing of
``pydotprint``: inputs green, outputs blue, Apply nodes as colored boxes) and writes
an HTML page holding that SVG and a little inline script: wheel to zoom at the
pointer, drag to pan, double-click to fit, hover over a node for its full name and
types.  The page loads nothing from the network (Theano's page loaded d3.js and
dagre-d3 from files copied next to it; this one has no dependencies, so
``copy_deps`` has nothing to copy).  ``d3write(fct, path)`` writes the Graphviz source.
"""
import json
import os

from theanox import printing

_STYLE = """
html, body { margin: 0; height: 100%; font-family: sans-serif; }
#bar { position: fixed; top: 0; left: 0; right: 0; padding: 4px 8px; background: #eee;
       border-bottom: 1px solid #ccc; font-size: 13px; z-index: 2; }
#view { position: absolute; top: 28px; left: 0; right: 0; bottom: 0; overflow: hidden;
        cursor: grab; }
#view svg { width: 100%; height: 100%; }
#tip { position: fixed; display: none; background: #ffffe0; border: 1px solid #999;
       padding: 4px 6px; font: 12px monospace; white-space: pre; pointer-events: none;
       z-index: 3; }
g.node:hover polygon, g.node:hover ellipse { stroke-width: 3px; }
"""

# Pan, zoom and hover over the SVG that dot drew (no library).
_SCRIPT = """
(function () {
  var svg = document.querySelector('#view svg');
  var tip = document.getElementById('tip');
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  var box0 = svg.viewBox.baseVal;
  var home = [box0.x, box0.y, box0.width, box0.height];
  var box = home.slice();
  function show() { svg.setAttribute('viewBox', box.join(' ')); }
  function toSvg(evt) {
    var p = svg.createSVGPoint();
    p.x = evt.clientX; p.y = evt.clientY;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  }
  svg.addEventListener('wheel', function (evt) {
    evt.preventDefault();
    var at = toSvg(evt), k = evt.deltaY < 0 ? 0.8 : 1.25;
    box = [at.x - (at.x - box[0]) * k, at.y - (at.y - box[1]) * k, box[2] * k, box[3] * k];
    show();
  }, {passive: false});
  var drag = null;
  svg.addEventListener('mousedown', function (evt) { drag = toSvg(evt); });
  window.addEventListener('mouseup', function () { drag = null; });
  svg.addEventListener('mousemove', function (evt) {
    if (drag) {
      var at = toSvg(evt);
      box[0] -= at.x - drag.x; box[1] -= at.y - drag.y;
      show();
    }
  });
  svg.addEventListener('dblclick', function () { box = home.slice(); show(); });
  var nodes = svg.querySelectorAll('g.node');
  nodes.forEach(function (g) {
    var link = g.querySelector('a');
    var text = link && (link.getAttribute('xlink:title') || link.getAttribute('title'));
    if (!text) { return; }
    g.setAttribute('data-tooltip', text);
    if (link) { link.removeAttribute('xlink:title'); }
    g.addEventListener('mouseover', function () { tip.textContent = text; tip.style.display = 'block'; });
    g.addEventListener('mousemove', function (evt) {
      tip.style.left = (evt.clientX + 12) + 'px'; tip.style.top = (evt.clientY + 12) + 'px';
    });
    g.addEventListener('mouseout', function () { tip.style.display = 'none'; });
  });
  var edges = svg.querySelectorAll('g.edge').length;
  document.getElementById('status').textContent = nodes.length + ' nodes, ' + edges + ' edges';
  document.body.setAttribute('data-ready', String(nodes.length));
})();
"""

_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>%(title)s</title><style>%(style)s</style></head>
<body>
<div id="bar"><b>%(title)s</b> &nbsp; wheel: zoom, drag: pan, double-click: fit, hover: types
 &nbsp; <span id="status"></span></div>
<div id="view">%(svg)s</div>
<div id="tip"></div>
<script>%(script)s</script>
</body></html>
"""


def _graph(fct, compact):
    return printing._build_dot(fct, compact, False, True, None, 70, False, tooltips=True)


def _formatter_options(args, kwargs):
    """Returns ``compact``, the one option of Theano's PyDotFormatter, from d3viz's extra
    arguments; refuses anything else."""
    if len(args) > 1 or set(kwargs) - {"compact"} or (args and "compact" in kwargs):
        raise TypeError("d3viz/d3write pass extra arguments to the graph formatter, whose one "
                        "option is compact=True/False; got args=%r kwargs=%r"
                        % (args, sorted(kwargs)))
    return bool(args[0] if args else kwargs.get("compact", True))


def d3viz(fct, outfile, copy_deps=True, *args, **kwargs):
    """Returns None; writes ``outfile``, a self-contained interactive HTML page of the graph.

    ``fct`` is a compiled function (its optimized graph), a FunctionGraph, a Variable
    or a list of Variables.  ``copy_deps`` is accepted for Theano's signature: the
    page embeds everything, so there are no files to copy either way.  Needs
    Graphviz's ``dot`` program for the layout.
    """
    compact = _formatter_options(args, kwargs)
    graph = _graph(fct, compact)
    svg = printing._render(graph, "svg").decode("utf-8")
    svg = svg[svg.index("<svg"):]          # drop the XML prolog and DOCTYPE
    title = getattr(fct, "name", None) or "theanox graph"
    page = _PAGE % {"title": escape_html(str(title)), "style": _STYLE, "svg": svg,
                    "script": _SCRIPT}
    outdir = os.path.dirname(os.path.abspath(outfile))
    os.makedirs(outdir, exist_ok=True)
    with open(outfile, "w", encoding="utf-8") as f:
        f.write(page)


def d3write(fct, path, *args, **kwargs):
    """Returns None; writes the Graphviz (dot) source of the graph to ``path``."""
    compact = _formatter_options(args, kwargs)
    with open(path, "w", encoding="utf-8") as f:
        f.write(_graph(fct, compact).source)


def replace_patterns(x, replace):
    """Returns ``x`` with each key of ``replace`` replaced by its value."""
    for old, new in replace.items():
        x = x.replace(old, new)
    return x


def escape_quotes(s):
    """Returns ``s`` with its double quotes escaped (for a JavaScript string)."""
    return s.replace('"', '\\"')


def safe_json(obj):
    """Returns the JSON of ``obj`` that is safe inside an HTML <script> element."""
    return json.dumps(obj).replace("</", "<\\/")


def escape_html(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
