"""Replays the case files of tests/oracle (written by record_common.record_cases):
{"prelude", "cases": {name: {"source", "result" | "raises"}}}.  Not a test module."""
import json
import os


def load_cases(name):
    """Returns the recorded tests/oracle/<name> (e.g. "sparse.json")."""
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "oracle", name)) as f:
        return json.load(f)


def run_case(oracle, source):
    """Returns the ``result`` a case's source sets when run after the file's prelude
    (whose ``import theano`` is theanox here)."""
    env = {}
    exec(oracle["prelude"] + source, env)
    return env["result"]
