"""theanox.legacy: Python 2 programs run as written (fissix + our fixers + runtime).

Expected outputs are what Python 2.7 prints, worked out by hand (and, for the
Theano program, with NumPy).  In-process tests exec translated code; a few
subprocess tests run ``python -m theanox.legacy`` end to end.
"""

import contextlib
import io
import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from theanox.legacy import main, translate as tr_mod, translate_file, translate_source
from theanox.legacy.runtime import div, idiv, install_globals, py2_round

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.join(HERE, "legacy_samples")
PY = sys.executable
REPO = os.path.dirname(HERE)


def run_py2(src, tmp_path=None):
    """Translate ``src`` (Python 2), run it, return its stdout."""
    tr = translate_source(textwrap.dedent(src))
    assert tr.aligned, tr.source
    ns = {"__name__": "__main__"}
    install_globals(ns, tr.imports)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(tr.source, "<py2>", "exec"), ns)
    return out.getvalue()


# (name, Python 2 source, stdout of Python 2.7)
CONSTRUCTS = [
    ("print_stmt", "print 'a', 1\nprint\nprint 'x',\nprint 'y'\n", "a 1\n\nx y\n"),
    ("print_chevron", "import sys\nprint >>sys.stdout, 'to', 'stdout'\n", "to stdout\n"),
    ("print_tuple", "print (1, 2)\n", "(1, 2)\n"),
    ("xrange", "print sum(xrange(5)), list(xrange(2, 8, 3))\n", "10 [2, 5]\n"),
    ("int_division", "print 7 / 2, -7 / 2, 7.0 / 2, 7 / 2.0, 6 // 4\n", "3 -4 3.5 3.5 1\n"),
    ("int_division_chain", "a = 2 * 7 / 4 * 3 / 2\nprint a, 1 + 9 / 2 ** 2\n", "4 3\n"),
    ("int_division_multiline", "x = (10 +\n     5) / (\n  4)\nprint x\n", "3\n"),
    ("int_division_augmented", "n = 9\nn /= 2\nf = 9.0\nf /= 2\nprint n, f\n", "4 4.5\n"),
    ("int_division_numpy",
     "import numpy as np\na = np.array([7, 8])\nprint a / 2, a / 2.0, np.int64(7) / 2\n"
     "a /= 2\nprint a\n", "[3 4] [3.5 4. ] 3\n[3 4]\n"),
    ("int_division_dunder_div",
     "class V(object):\n    def __init__(self, v): self.v = v\n"
     "    def __div__(self, o): return V(self.v * 10 / o)\n"
     "print (V(3) / 2).v\n", "15\n"),
    ("future_division", "from __future__ import division\nprint 7 / 2, 7 // 2\n", "3.5 3\n"),
    ("future_print_function", "from __future__ import print_function\nprint(7 / 2, end='|\\n')\n",
     "3|\n"),
    ("cPickle", "import cPickle\ns = cPickle.dumps({'a': [1, 2]})\nprint cPickle.loads(s)\n",
     "{'a': [1, 2]}\n"),
    ("cPickle_as", "import cPickle as pickle\nprint pickle.loads(pickle.dumps(3L))\n", "3\n"),
    ("dict_methods",
     "d = {'a': 1}\nfor k, v in d.iteritems(): print k, v\n"
     "print list(d.itervalues()), d.keys(), d.has_key('a'), d.has_key('b')\n",
     "a 1\n[1] ['a'] True False\n"),
    ("except_comma", "try:\n    1 / 0\nexcept ZeroDivisionError, e:\n    print 'caught', e\n",
     "caught integer division or modulo by zero\n"),
    ("except_tuple_unpack",
     "try:\n    raise ValueError(1, 2)\nexcept ValueError, (a, b):\n    print a, b\nprint 'after'\n",
     "1 2\nafter\n"),
    ("raise_comma",
     "try:\n    raise KeyError, 'k'\nexcept KeyError, e:\n    print repr(e)\n", "KeyError('k')\n"),
    ("octal_long_unicode", "print 0777, 10L + 1, u'caf\\xe9' == 'caf\\xe9', 0x1FL\n",
     "511 11 True 31\n"),
    ("backticks", "x = [1, 'a']\nprint `x`, `3 + 4`\n", "[1, 'a'] 7\n"),
    ("ne_operator", "print 1 <> 2, 1 <> 1\n", "True False\n"),
    ("izip_imap",
     "from itertools import izip, imap, ifilter\n"
     "print list(izip('ab', [1, 2])), list(imap(abs, [-1, 2])), list(ifilter(None, [0, 3]))\n",
     "[('a', 1), ('b', 2)] [1, 2] [3]\n"),
    ("map_filter_zip_lists", "print map(str, [1, 2]), filter(None, [0, 1]), zip([1], [2])\n",
     "['1', '2'] [1] [(1, 2)]\n"),
    ("string_module",
     "import string\nprint string.letters[:3], string.uppercase[-1], "
     "string.join(['a', 'b'], '-'), string.atoi('42')\n", "abc Z a-b 42\n"),
    ("reduce_builtin", "print reduce(lambda a, b: a * b, xrange(1, 6))\n", "120\n"),
    ("sorted_cmp", "print sorted([3, 1, 2], cmp=lambda a, b: b - a)\n", "[3, 2, 1]\n"),
    ("unicode_basestring_long",
     "print isinstance('s', basestring), unicode(5), long(7), type(2 ** 70).__name__\n",
     "True 5 7 int\n"),  # type name is 'long' in Python 2 (documented)
    ("exec_stmt", "ns = {}\nexec 'x = 6 / 4' in ns\nprint ns['x']\n", "1.5\n"),  # exec'd text is not translated (documented)
    ("tuple_params", "def f((a, b), c):\n    return a + b + c\nprint f((1, 2), 3)\n", "6\n"),
    ("metaclass",
     "class M(type):\n    pass\nclass A(object):\n    __metaclass__ = M\n    x = 1\n"
     "print type(A).__name__, A.x\n", "M 1\n"),
    ("next_method",
     "class It(object):\n    def __iter__(self): return self\n"
     "    def next(self): raise StopIteration\nprint list(It())\nit = iter([5])\nprint it.next()\n",
     "[]\n5\n"),
    ("nonzero", "class Z(object):\n    def __nonzero__(self): return False\nprint bool(Z())\n",
     "False\n"),
    ("py2_round", "print round(2.5), round(-0.5), round(2.675, 2), round(7)\n",
     "3.0 -1.0 2.67 7.0\n"),
    ("sys_maxint", "import sys\nprint sys.maxint > 2 ** 31\n", "True\n"),
    ("raw_input_name", "f = raw_input\nprint f is input\n", "True\n"),
    ("time_clock", "import time\nt = time.clock()\nprint time.clock() >= t\n", "True\n"),
    ("numpy_aliases",
     "import numpy as np\nimport numpy\n"
     "print np.float(3), np.int(2.7), np.bool(1), numpy.float, np.zeros(2, dtype=np.float).dtype, "
     "np.complex(1)\n",
     "3.0 2 True <type 'float'> float64 (1+0j)\n".replace("<type 'float'>", "<class 'float'>")),
    ("numpy_cast_asscalar",
     "import numpy as N\nv = N.cast['float32'](0.5)\nprint v.dtype, v, N.asscalar(N.array([4]))\n",
     "float32 0.5 4\n"),
    ("numpy_removed_names",
     "import numpy as np\n"
     "print np.isnan(np.NaN), np.Inf, np.NINF, np.float_, np.alltrue([1, 1]), "
     "np.product([2, 3]), np.rank(np.zeros((2, 2))), np.in1d([[1, 2]], [2])\n",
     "True inf -inf <class 'numpy.float64'> True 6 2 [False  True]\n"),
]


@pytest.mark.parametrize("name,src,expected", CONSTRUCTS, ids=[c[0] for c in CONSTRUCTS])
def test_construct(name, src, expected):
    assert run_py2(src) == expected


def test_runtime_division_semantics():
    assert div(7, 2) == 3 and type(div(7, 2)) is int
    assert div(-7, 2) == -4
    assert div(7, 2.0) == 3.5
    assert div(True, 2) == 0
    assert div(np.int32(7), 2) == 3
    np.testing.assert_array_equal(div(np.array([7, -7]), 2), [3, -4])
    np.testing.assert_array_equal(div(np.array([7.0]), 2), [3.5])
    np.testing.assert_array_equal(div(np.array([7], dtype=np.uint8), np.int64(2)), [3])
    a = np.array([9, 8])
    b = idiv(a, 2)
    assert b is a and list(a) == [4, 4]          # in place, as in Python 2
    assert py2_round(0.5) == 1.0 and py2_round(-2.5) == -3.0


def test_runtime_division_on_theano_variables_follows_int_division():
    # Python 2's `/` calls TensorVariable.__div__ (Theano's div_proxy): with Theano
    # 1.0.5's default config.int_division='int', two integer tensors divide as
    # integers (7 / 2 == 3, int64), a float operand gives true division.
    import theanox
    import theanox.tensor as T
    i, j = T.lscalar("i"), T.lscalar("j")
    r = div(i, j)
    assert r.dtype == "int64"
    assert theanox.function([i, j], r)(7, 2) == 3
    x = T.dscalar("x")
    assert theanox.function([x, j], div(x, j))(7.0, 2) == 3.5


def test_lines_stay_in_place():
    src = textwrap.dedent("""\
        class M(type): pass
        class A(object):
            __metaclass__ = M
            def f(self, (a, b)):
                return a / b
        import sys
        sys.exitfunc = None
        try:
            pass
        except ValueError, (x, y):
            print x
        print 'end'
        """)
    tr = translate_source(src)
    assert tr.aligned
    out = tr.source.splitlines()
    assert len(out) == len(src.splitlines())
    assert "return __theanox_legacy__.div(a, b)" in out[4]
    assert out[11] == "print('end')"
    assert "metaclass=M" in out[1]


FAILING = """\
# a Python 2 script that fails on line 9, inside a function from a sibling module
import cPickle
from failmod import explode

def go(n):
    print 'going', n / 2
    total = (n +
             1) / 2
    return explode(total) + \\
        1

go(5)
"""
FAILMOD = """\
def explode(v):
    print 'explode', v
    d = {}
    return d.has_key(v) and 0 or 1 / (v - 3)
"""


def _run_cli(args, cwd, env_extra=None):
    env = dict(os.environ)
    env["PYTHONPATH"] = REPO + os.pathsep + env.get("PYTHONPATH", "")
    env.update(env_extra or {})
    return subprocess.run([PY, "-m", "theanox.legacy"] + args, cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_traceback_points_at_original_lines(tmp_path):
    (tmp_path / "prog.py").write_text(FAILING)
    (tmp_path / "failmod.py").write_text(FAILMOD)
    r = _run_cli(["prog.py"], tmp_path, {"THEANOX_LEGACY_CACHE": str(tmp_path / "c")})
    assert r.returncode == 1
    assert r.stdout == "going 2\nexplode 3\n"
    err = r.stderr
    prog, fm = str(tmp_path / "prog.py"), str(tmp_path / "failmod.py")
    assert 'File "%s", line 12, in <module>\n    go(5)' % prog in err
    assert 'File "%s", line 9, in go\n    return explode(total) + \\' % prog in err
    assert 'File "%s", line 4, in explode\n    return d.has_key(v) and 0 or 1 / (v - 3)' % fm in err
    assert err.rstrip().endswith("ZeroDivisionError: integer division or modulo by zero")
    assert "runtime.py" not in err and "theanox/legacy" not in err


def test_traceback_in_process_uses_original_file(tmp_path):
    p = tmp_path / "m.py"
    p.write_text("x = 1\n\nprint 'a'\ny = {}.has_key(1)\nraise ValueError, 'line %d' % 5\n")
    tr = translate_file(str(p), use_cache=False)
    ns = {}
    install_globals(ns, tr.imports)
    import traceback
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(tr.source, str(p), "exec"), ns)
    except ValueError as e:
        last = traceback.extract_tb(e.__traceback__)[-1]
    assert (last.filename, last.lineno) == (str(p), 5)
    assert last.line == "raise ValueError, 'line %d' % 5"


def test_cache_second_run_reads_it(tmp_path, monkeypatch):
    monkeypatch.setenv("THEANOX_LEGACY_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("THEANOX_LEGACY_NOCACHE", raising=False)
    p = tmp_path / "s.py"
    p.write_text("print 'from source', 7 / 2\n")
    h0, m0 = tr_mod.cache_stats["hits"], tr_mod.cache_stats["misses"]
    t1 = translate_file(str(p))
    t2 = translate_file(str(p))
    assert (t1.from_cache, t2.from_cache) == (False, True) and t1.source == t2.source
    assert tr_mod.cache_stats["hits"] == h0 + 1 and tr_mod.cache_stats["misses"] == m0 + 1
    files = [os.path.join(d, f) for d, _, fs in os.walk(tmp_path / "cache") for f in fs]
    assert len(files) == 1
    # the runner really reads the cached translation: tamper with it and run
    with open(files[0]) as f:
        d = json.load(f)
    d["source"] = d["source"].replace("from source", "from cache")
    with open(files[0], "w") as f:
        json.dump(d, f)
    r = _run_cli(["s.py"], tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "from cache 3\n"
    # a changed source is a new key: translated again
    p.write_text("print 'from source', 9 / 2\n")
    r = _run_cli(["s.py"], tmp_path)
    assert r.stdout == "from source 4\n"
    r = _run_cli(["--no-cache", "s.py"], tmp_path)
    assert r.stdout == "from source 4\n"


def test_package_of_py2_modules(tmp_path):
    r = _run_cli(["main.py"], os.path.join(SAMPLES, "pkgdemo"),
                 {"THEANOX_LEGACY_CACHE": str(tmp_path)})
    assert r.returncode == 0, r.stderr
    assert r.stdout == ("0,2,4,6 half=3\n"
                        "area 25, quarter 6\n"
                        "Circle(r=3, diameter/4=1, via util, v2)\n"
                        "2 util\n")


def test_theano_program(tmp_path):
    r = _run_cli([os.path.join(SAMPLES, "theano_prog", "train.py")], tmp_path,
                 {"THEANOX_LEGACY_CACHE": str(tmp_path)})
    assert r.returncode == 0, r.stderr
    n, batch = 6, 2
    w = np.arange(n, dtype="float64")
    lines = [str(np.dot(w, np.ones(n))), str(w[n // 2:])]
    lines += ["%d %s" % (k, w[k * batch:(k + 1) * batch].sum()) for k in range(n // batch)]
    w = w * 0.5
    lines += [str(w), str(w.sum()), "int 3.5 1.5"]
    assert r.stdout == "\n".join(lines) + "\n"


def test_cli_show_and_errors(tmp_path, capsys):
    p = tmp_path / "s.py"
    p.write_text("print reduce(lambda a, b: a + b, [1, 2]) / 2\n")
    assert main(["--show", "--no-cache", str(p)]) == 0
    out = capsys.readouterr().out
    assert out == ("# run first: from functools import reduce\n"
                   "print(__theanox_legacy__.div(reduce(lambda a, b: a + b, [1, 2]), 2))\n")
    assert main([str(tmp_path / "missing.py")]) == 2
    assert main(["--bogus"]) == 2
    assert main([str(p)]) == 0
    assert capsys.readouterr().out.endswith("1\n")


def test_script_argv_and_main(tmp_path):
    (tmp_path / "a.py").write_text(
        "import sys, os\nif __name__ == '__main__':\n"
        "    print os.path.basename(sys.argv[0]), sys.argv[1:]\n")
    r = _run_cli(["a.py", "x", "--y"], tmp_path, {"THEANOX_LEGACY_CACHE": str(tmp_path / "c")})
    assert r.stdout == "a.py ['x', '--y']\n", r.stderr


def test_pickle_text_mode_and_py2_pickles(tmp_path):
    from theanox.legacy import py2pickle
    f = tmp_path / "o.pkl"
    with open(f, "w") as fh:                     # Python 2 code opens pickles in text mode
        py2pickle.dump({"k": np.arange(3)}, fh)
    with open(f) as fh:
        assert list(py2pickle.load(fh)["k"]) == [0, 1, 2]
    # a protocol-2 pickle of a Python 2 str holding bytes >= 0x80 loads (latin1)
    py2_str = b"\x80\x02U\x02\xe9\xe8q\x00."
    assert py2pickle.loads(py2_str) == "\xe9\xe8"


def test_ipython_extension():
    pytest.importorskip("IPython")
    from IPython.core.interactiveshell import InteractiveShell
    ip = InteractiveShell.instance()
    try:
        ip.run_line_magic("load_ext", "theanox.legacy")
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            ip.run_cell("import numpy as N\nfor i in xrange(2): print i / 2, N.float(i)")
            ip.run_cell("print reduce(lambda a, b: a + b, [1, 2]) / 2")
            ip.run_cell("from __future__ import division")
            ip.run_cell("print 7 / 2")
        assert out.getvalue() == "0 0.0\n0 1.0\n1\n3.5\n"
    finally:
        ip.run_line_magic("unload_ext", "theanox.legacy")
        InteractiveShell.clear_instance()


def test_ipython_extension_survives_reset():
    # ``%reset -f`` empties the namespace; the next Python 2 cell still runs.
    pytest.importorskip("IPython")
    from IPython.testing.globalipapp import get_ipython
    ip = get_ipython()
    ip.run_line_magic("load_ext", "theanox.legacy")
    try:
        ip.run_cell("a = 7 / 2")
        assert ip.user_ns["a"] == 3
        ip.run_line_magic("reset", "-f")
        result = ip.run_cell("b = 9 / 2\nc = [i for i in xrange(3)]")
        assert result.success, result.error_in_exec
        assert ip.user_ns["b"] == 4 and ip.user_ns["c"] == [0, 1, 2]
    finally:
        ip.run_line_magic("unload_ext", "theanox.legacy")
