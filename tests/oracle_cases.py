"""Replays the case files of tests/oracle (written by record_common.record_cases):
{"prelude", "cases": {name: {"source", "result" | "raises"}}}.  Not a test module."""
import json
import os

import pytest


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


def assert_raises_like_theano(oracle, case, where):
    """Runs ``case`` (a record that raised in Theano 1.0.5) and returns the exception
    theanox raised, after checking that its class has the name Theano's had."""
    cls = case["raises"]["error"].split(":")[0]
    with pytest.raises(Exception) as info:
        run_case(oracle, case["source"])
    assert type(info.value).__name__ == cls, (where, info.value)
    return info.value
