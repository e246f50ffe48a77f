"""Run Python 2 Theano programs, as written, on Python 3 and theanox.

Command line::

    python -m theanox.legacy [--show] [--no-cache] script.py [args...]
    theanox-legacy script.py [args...]

run ``script.py`` (Python 2) as ``__main__``; the script and the modules it
imports from its own folder are translated on import (fissix's Python 2 -> 3
fixers, plus Python 2 integer division, NumPy-2 removals and a few standard
library removals; see ``docs/LEGACY.md``), cached in ``$THEANOX_LEGACY_CACHE``
(default ``~/.cache/theanox/legacy``), with tracebacks on the original lines.
``--show`` prints the translation instead of running it.

In IPython or Jupyter::

    %load_ext theanox.legacy

translates every later cell the same way.
"""

import os
import sys
import traceback

from .importer import install_importer, run_path, uninstall_importer  # noqa: F401
from .ipython import load_ipython_extension, unload_ipython_extension  # noqa: F401
from .runtime import install_globals  # noqa: F401
from .translate import (TranslationError, cache_dir, cache_stats,  # noqa: F401
                        translate_file, translate_source)

__all__ = ["run_path", "translate_source", "translate_file", "main",
           "load_ipython_extension", "unload_ipython_extension",
           "install_importer", "uninstall_importer", "TranslationError"]

_USAGE = """usage: theanox-legacy [--show] [--no-cache] script.py [args...]

Run a Python 2 (Theano) program unmodified on Python 3 and theanox.

  --show       print the Python 3 translation of script.py and exit
  --no-cache   do not read or write the translation cache ({cache})
"""


def _trim(tb, path):
    """Return the traceback from the script's first frame on (runner frames dropped)."""
    t = tb
    while t is not None and t.tb_frame.f_code.co_filename != path:
        t = t.tb_next
    return t if t is not None else tb


def print_legacy_exception(e, path, file=None):
    """Print ``e`` as the interpreter would, from the script's frame on.

    Frames of the run-time helpers (``__theanox_legacy__.div`` ...) are left out,
    and so are column markers (^^^) of translated files: their columns are those of
    the translation, not of the original line shown.
    """
    from . import runtime
    from .translate import translated_paths
    te = traceback.TracebackException(type(e), e, _trim(e.__traceback__, path))
    todo = [te]
    while todo:
        t = todo.pop()
        frames = []
        for f in t.stack:
            if f.filename == runtime.__file__:
                continue
            if f.filename in translated_paths and hasattr(f, "colno"):
                f.colno = f.end_colno = None
            frames.append(f)
        t.stack = traceback.StackSummary.from_list(frames)
        todo += [x for x in (t.__cause__, t.__context__) if x is not None]
    (file or sys.stderr).write("".join(te.format()))


def main(argv=None):
    """Run the command line ``theanox-legacy``; return the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    show = False
    while args and args[0].startswith("-"):
        opt = args.pop(0)
        if opt in ("-h", "--help"):
            print(_USAGE.format(cache=cache_dir()))
            return 0
        elif opt == "--show":
            show = True
        elif opt == "--no-cache":
            os.environ["THEANOX_LEGACY_NOCACHE"] = "1"
        elif opt == "--":
            break
        else:
            sys.stderr.write("theanox-legacy: unknown option %s\n" % opt)
            sys.stderr.write(_USAGE.format(cache=cache_dir()))
            return 2
    if not args:
        sys.stderr.write(_USAGE.format(cache=cache_dir()))
        return 2
    script, rest = args[0], args[1:]
    path = os.path.abspath(script)
    if not os.path.isfile(path):
        sys.stderr.write("theanox-legacy: can't open file %r\n" % script)
        return 2
    if show:
        tr = translate_file(path)
        for stmt in tr.imports:
            sys.stdout.write("# run first: %s\n" % stmt)
        sys.stdout.write(tr.source)
        return 0
    try:
        run_path(path, rest)
    except SystemExit:
        raise
    except TranslationError as e:
        traceback.print_exception(type(e), e, None)
        return 1
    except BaseException as e:  # noqa: B902 -- report like the interpreter does
        sys.stdout.flush()
        print_legacy_exception(e, path)
        return 1
    finally:
        sys.stdout.flush()
    return 0
