"""Profiling: ``function(..., profile=True)`` and ``config.profile``.

A profiled call runs the graph op by op, waiting for each node's result, and
records the time per Apply node; ``f.profile.summary()`` prints Theano's tables
(Class, Ops, Apply).  ``ProfileMode`` (``compile/profilemode.py``) is Theano's
deprecated mode whose functions are all profiled.
"""
import atexit
import sys
import time
from collections import defaultdict

from theanox import config
from theanox.graph.lowering import as_host

_IMPORT_TIME = time.time()
_ALL_PROFILES = []


class ProfileStats:
    """Returns a record of a function's calls: total time and time per Apply node."""

    def __init__(self, atexit_print=True, name=None, function=None, gpu_checks=True,
                 flag_time_thunks=None):
        self.message = name
        self.function = function
        self.fct_callcount = 0
        self.fct_call_time = 0.0
        self.vm_call_time = 0.0
        self.apply_time = defaultdict(float)
        self.apply_callcount = defaultdict(int)
        self.compile_time = 0.0
        self.time_thunks = _time_thunks() if flag_time_thunks is None else flag_time_thunks
        if atexit_print and config.profile:
            _ALL_PROFILES.append(self)

    # ------------------------------------------------------------ recording
    def run(self, program, values):
        """Returns the outputs of one call, timing every node when time_thunks is on."""
        t0 = time.perf_counter()
        if not self.time_thunks:
            outs = _block(program(values))
        else:
            values = [as_host(v) for v in values]
            last = [time.perf_counter()]

            def on_node(node, outputs):
                _block(outputs)
                now = time.perf_counter()
                self.apply_time[node] += now - last[0]
                self.apply_callcount[node] += 1
                last[0] = now
            outs = program.run_eager(values, on_node=on_node)
        elapsed = time.perf_counter() - t0
        self.fct_callcount += 1
        self.fct_call_time += elapsed
        self.vm_call_time += elapsed
        return outs

    # ------------------------------------------------------------ reporting
    def summary(self, file=sys.stderr, n_ops_to_print=20, n_apply_to_print=20):
        """Prints the function, Class, Ops and Apply tables to ``file``."""
        print(self.summary_text(n_ops_to_print, n_apply_to_print), file=file)

    def summary_text(self, n_ops_to_print=20, n_apply_to_print=20):
        """Returns the profile report as text (what ``summary`` prints)."""
        lines = self._function_lines()
        total = sum(self.apply_time.values())
        if not self.apply_time:
            lines.append("No execution time accumulated (hint: try "
                         "config.profiling.time_thunks=True)")
            return "\n".join(lines)
        lines += self._class_lines(total, n_ops_to_print)
        lines += self._op_lines(total, n_ops_to_print)
        lines += self._apply_lines(total, n_apply_to_print)
        return "\n".join(lines)

    def _function_lines(self):
        n_nodes = len(self.function.fgraph.apply_nodes) if self.function is not None else 0
        thunks = sum(self.apply_time.values())
        calls = self.fct_call_time or 1e-300
        return ["Function profiling", "==================",
                "  Message: %s" % self.message,
                "  Time in %d calls to Function.__call__: %es"
                % (self.fct_callcount, self.fct_call_time),
                "  Time in Function.fn.__call__: %es (%.3f%%)"
                % (self.vm_call_time, 100.0 * self.vm_call_time / calls),
                "  Time in thunks: %es (%.3f%%)" % (thunks, 100.0 * thunks / calls),
                "  Total compile time: %es" % self.compile_time,
                "    Number of Apply nodes: %d" % n_nodes,
                "", "Time since theanox import %.3fs" % (time.time() - _IMPORT_TIME)]

    def _table(self, title, header, rows, total, n, what):
        lines = [title, "-" * len(title), header]
        acc = 0.0
        for t, calls, n_apply, label in rows[:n]:
            acc += t
            lines.append(_row(t, total, acc, calls, n_apply, label))
        rest = rows[n:]
        if rest:
            rest_t = sum(r[0] for r in rest)
            lines.append("   ... (remaining %d %s account for %6.2f%%(%.2fs) of the runtime)"
                         % (len(rest), what, 100.0 * rest_t / (total or 1), rest_t))
        return lines + [""]

    def _class_lines(self, total, n):
        agg = defaultdict(lambda: [0.0, 0, 0])
        for node, t in self.apply_time.items():
            cls = type(node.op)
            rec = agg["%s.%s" % (cls.__module__, cls.__name__)]
            rec[0] += t
            rec[1] += self.apply_callcount[node]
            rec[2] += 1
        rows = sorted(((t, c, a, k) for k, (t, c, a) in agg.items()), key=lambda r: -r[0])
        return self._table("Class", _HEADER % "Class name", rows, total, n, "Classes")

    def _op_lines(self, total, n):
        agg = defaultdict(lambda: [0.0, 0, 0])
        for node, t in self.apply_time.items():
            rec = agg[str(node.op)]
            rec[0] += t
            rec[1] += self.apply_callcount[node]
            rec[2] += 1
        rows = sorted(((t, c, a, k) for k, (t, c, a) in agg.items()), key=lambda r: -r[0])
        return self._table("Ops", _HEADER % "Op name", rows, total, n, "Ops")

    def _apply_lines(self, total, n):
        order = self.function.fgraph.toposort() if self.function is not None else []
        rows = []
        for node, t in self.apply_time.items():
            idx = order.index(node) if node in order else -1
            rows.append((t, self.apply_callcount[node], idx, str(node)))
        rows.sort(key=lambda r: -r[0])
        lines = ["Apply", "------",
                 "<% time> <sum %> <apply time> <time per call> <#call> <id> <Apply name>"]
        acc = 0.0
        for t, calls, idx, label in rows[:n]:
            acc += t
            lines.append("  %5.1f%%  %6.1f%%  %10.3fs  %12.2es  %6d %5d   %s"
                         % (100.0 * t / (total or 1), 100.0 * acc / (total or 1), t,
                            t / max(calls, 1), calls, idx, label))
        rest = rows[n:]
        if rest:
            rest_t = sum(r[0] for r in rest)
            lines.append("   ... (remaining %d Apply instances account for %.2f%%(%.2fs) of "
                         "the runtime)" % (len(rest), 100.0 * rest_t / (total or 1), rest_t))
        return lines + [""]

    def op_time(self):
        """Returns {op name: total seconds} summed over the Apply nodes of each op."""
        out = defaultdict(float)
        for node, t in self.apply_time.items():
            out[str(node.op)] += t
        return dict(out)


_HEADER = "<%% time> <sum %%> <apply time> <time per call> <type> <#call> <#apply> <%s>"


def _row(t, total, acc, calls, n_apply, label):
    total = total or 1
    return "  %5.1f%%  %6.1f%%  %10.3fs  %12.2es     X  %6d  %6d   %s" % (
        100.0 * t / total, 100.0 * acc / total, t, t / max(calls, 1), calls, n_apply, label)


def _block(outputs):
    for o in outputs:
        if hasattr(o, "block_until_ready"):
            o.block_until_ready()
    return outputs


def _time_thunks():
    section = getattr(config, "profiling", None)
    return getattr(section, "time_thunks", True) if section is not None else True


def _print_all_at_exit():
    for p in _ALL_PROFILES:
        if p.fct_callcount:
            p.summary()


atexit.register(_print_all_at_exit)
