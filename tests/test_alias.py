"""The `theano` alias package: `import theano...` gives the theanox modules."""
import importlib
import importlib.util
import sys

import pytest

import theanox


def test_import_theano_is_theanox():
    import theano
    assert theano is theanox
    from theano import config
    assert config is theanox.config


def test_submodules_are_the_same_objects():
    import theano.config
    import theano.tensor as T
    assert T is importlib.import_module("theanox.tensor")
    assert sys.modules["theano.tensor"] is sys.modules["theanox.tensor"]
    assert theano.config is theanox.config
    # The real module keeps its own spec and name.
    assert T.__name__ == "theanox.tensor"
    assert T.__spec__.name == "theanox.tensor"


@pytest.mark.parametrize("sub", [
    "tensor.nnet", "tensor.nnet.conv", "tensor.signal.pool",
    "tensor.signal.downsample", "sandbox.rng_mrg", "ifelse", "scan_module",
    "printing", "gradient", "compile", "tensor.shared_randomstreams", "scan",
    "tensor.nnet.bn", "tensor.extra_ops", "compile.debugmode",
])
def test_any_existing_submodule(sub):
    real = importlib.import_module("theanox." + sub)
    assert importlib.import_module("theano." + sub) is real


def test_from_import_forms():
    ns = {}
    exec("from theano.tensor.nnet import conv", ns)
    assert ns["conv"] is importlib.import_module("theanox.tensor.nnet").conv


def test_missing_submodule_is_module_not_found():
    with pytest.raises(ModuleNotFoundError, match="theano.no_such_module"):
        importlib.import_module("theano.no_such_module")
