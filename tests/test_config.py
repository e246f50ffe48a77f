"""theanox.config: sources and precedence, validation, printing, change_flags."""
import json
import os
import re
import subprocess
import sys
import textwrap
import warnings

import pytest

import theanox.config as config

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_config(code, flags=None, theanorc=None, home=None, extra_env=None,
               import_theanox=False):
    """Run ``code`` in a fresh interpreter with the given config sources.

    Returns the CompletedProcess; the code sees ``config`` (theanox.config) and
    ``json``. THEANO_FLAGS / THEANORC are unset unless given. With
    ``import_theanox`` the code runs after a real ``import theanox``.
    """
    env = {k: v for k, v in os.environ.items()
           if k not in ("THEANO_FLAGS", "THEANORC")}
    env["PYTHONPATH"] = REPO + os.pathsep + env.get("PYTHONPATH", "")
    env["JAX_PLATFORMS"] = "cpu"
    if flags is not None:
        env["THEANO_FLAGS"] = flags
    if theanorc is not None:
        env["THEANORC"] = theanorc
    if home is not None:
        env["HOME"] = str(home)
    for k, v in (extra_env or {}).items():     # None: unset
        if v is None:
            env.pop(k, None)
        else:
            env[k] = v
    # Load theanox/config.py and its option table theanox/configdefaults.py alone
    # (no jax import): each process starts in ~0.1 s.
    prog = ("import json, sys, importlib.util\n"
            "for name in ('config', 'configdefaults'):\n"
            "    spec = importlib.util.spec_from_file_location('theanox.' + name, %r %% name)\n"
            "    module = importlib.util.module_from_spec(spec)\n"
            "    sys.modules['theanox.' + name] = module\n"
            "    spec.loader.exec_module(module)\n"
            "config = sys.modules['theanox.config']\n"
            % os.path.join(REPO, "theanox", "%s.py"))
    if import_theanox:
        prog = "import json\nimport theanox\nimport theanox.config as config\n"
    prog += textwrap.dedent(code)
    return subprocess.run([sys.executable, "-c", prog], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=300)


def values(proc):
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


DUMP = """
names = ['floatX', 'device', 'mode', 'optimizer', 'nvcc.fastmath',
         'DebugMode.check_finite', 'dnn.conv.algo_fwd', 'traceback.limit',
         'lib.cnmem', 'on_unused_input']
print(json.dumps({n: config.get_config(n) for n in names}))
"""


# ----------------------------------------------------------------------------
# Sources and precedence (each in a fresh process)
# ----------------------------------------------------------------------------

def test_defaults_are_theano_105(tmp_path):
    v = values(run_config(DUMP, theanorc=str(tmp_path / "missing"), home=tmp_path))
    assert v == {
        "floatX": "float64", "device": "cpu", "mode": "Mode",
        "optimizer": "fast_run", "nvcc.fastmath": False,
        "DebugMode.check_finite": True, "dnn.conv.algo_fwd": "small",
        "traceback.limit": 8, "lib.cnmem": 0.0, "on_unused_input": "raise",
    }


RC = """\
[global]
floatX = float32
device = cuda0
force_device = False
mode = FAST_COMPILE

[nvcc]
fastmath = True

[DebugMode]
check_finite = False

[dnn.conv]
algo_fwd = fft

[traceback]
limit = 3
"""


def test_theanorc_global_and_sections(tmp_path):
    rc = tmp_path / "rc"
    rc.write_text(RC)
    v = values(run_config(DUMP, theanorc=str(rc)))
    assert v["floatX"] == "float32"
    assert v["device"] == "cuda0"
    assert v["mode"] == "FAST_COMPILE"
    assert v["nvcc.fastmath"] is True
    assert v["DebugMode.check_finite"] is False
    assert v["dnn.conv.algo_fwd"] == "fft"
    assert v["traceback.limit"] == 3


def test_theano_flags_beat_theanorc_and_assignment_beats_flags(tmp_path):
    rc = tmp_path / "rc"
    rc.write_text(RC)
    code = """
    before = {n: config.get_config(n) for n in ['floatX', 'device', 'nvcc.fastmath',
                                                'mode', 'DebugMode.check_finite']}
    sources = {n: config._source(n) for n in before}
    config.floatX = 'float64'
    config.nvcc.fastmath = True
    print(json.dumps([before, sources, config.floatX, config.nvcc.fastmath,
                      config._source('floatX')]))
    """
    before, sources, fx, fm, src = values(run_config(
        code, theanorc=str(rc),
        flags="floatX=float16, nvcc.fastmath=False,DebugMode.check_finite=1"))
    assert before == {"floatX": "float16", "device": "cuda0",
                      "nvcc.fastmath": False, "mode": "FAST_COMPILE",
                      "DebugMode.check_finite": True}
    assert sources == {"floatX": "THEANO_FLAGS", "device": "THEANORC",
                       "nvcc.fastmath": "THEANO_FLAGS", "mode": "THEANORC",
                       "DebugMode.check_finite": "THEANO_FLAGS"}
    assert (fx, fm, src) == ("float64", True, "assignment")


def test_right_most_flag_wins_and_later_rc_file_wins(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_text("[global]\nfloatX = float32\nmode = DebugMode\n")
    b.write_text("[global]\nfloatX = float16\n")
    v = values(run_config(DUMP, theanorc=os.pathsep.join([str(a), str(b)]),
                          flags="device=cpu,device=gpu1,force_device=False"))
    assert v["floatX"] == "float16"       # b is read after a
    assert v["mode"] == "DebugMode"       # only a sets it
    assert v["device"] == "gpu1"          # right-most in THEANO_FLAGS


def test_default_theanorc_is_home_dot_theanorc(tmp_path):
    (tmp_path / ".theanorc").write_text("[global]\nfloatX = float32\n")
    (tmp_path / ".theanorc.txt").write_text("[global]\non_unused_input = warn\n")
    v = values(run_config(DUMP, home=tmp_path))
    assert v["floatX"] == "float32"
    assert v["on_unused_input"] == "warn"


def test_unknown_flag_warns(tmp_path):
    proc = run_config("print(json.dumps(config.floatX))",
                      flags="floatX=float32,not_a_flag=3,nvcc.nope=1",
                      theanorc=str(tmp_path / "missing"))
    assert values(proc) == "float32"
    assert "does not recognise this flag: not_a_flag" in proc.stderr
    assert "does not recognise this flag: nvcc.nope" in proc.stderr


def test_invalid_flag_value_fails_at_import(tmp_path):
    proc = run_config("print('imported')", flags="floatX=float128",
                      theanorc=str(tmp_path / "missing"))
    assert proc.returncode != 0
    assert "ConfigError" in proc.stderr        # a ValueError subclass
    assert "floatX" in proc.stderr and "float128" in proc.stderr


def test_invalid_theanorc_value_fails_at_import(tmp_path):
    rc = tmp_path / "rc"
    rc.write_text("[NanGuardMode]\naction = explode\n")
    proc = run_config("print('imported')", theanorc=str(rc))
    assert proc.returncode != 0
    assert "NanGuardMode.action" in proc.stderr and "explode" in proc.stderr


CACHE_STATE = """
import os, jax, jax.numpy as jnp
used = config.apply_jax_settings()
jax.jit(lambda x: x * 3.0 + 1.0)(jnp.ones(4)).block_until_ready()
d = jax.config.jax_compilation_cache_dir
print(json.dumps([used, d, jax.config.jax_persistent_cache_min_compile_time_secs,
                  bool(d) and os.path.isdir(d) and len(os.listdir(d)) > 0,
                  jax.config.jax_enable_x64]))
"""


def _no_jax_cache_env():
    return {k: v for k, v in os.environ.items() if k.startswith("JAX_") and "CACHE" in k}


def run_cache(tmp_path, flags=None, jax_dir=None):
    env = {k: None for k in _no_jax_cache_env()}
    proc = run_config(CACHE_STATE, flags=flags, home=tmp_path / "home",
                      theanorc=str(tmp_path / "missing"), import_theanox=True,
                      extra_env=env)
    if jax_dir is None:
        return values(proc)
    proc = run_config(CACHE_STATE, flags=flags, home=tmp_path / "home",
                      theanorc=str(tmp_path / "missing"), import_theanox=True,
                      extra_env=dict(env, JAX_COMPILATION_CACHE_DIR=jax_dir))
    return values(proc)


def test_compilation_cache_is_on_by_default_per_user(tmp_path):
    used, jdir, mtime, wrote, x64 = run_cache(tmp_path)
    expected = str(tmp_path / "home" / ".theanox" / "jax_cache")
    assert used == jdir == expected
    assert (mtime, wrote, x64) == (0, True, True)


def test_compiledir_and_base_compiledir_move_the_cache(tmp_path):
    used, jdir, mtime, wrote, _ = run_cache(tmp_path, flags="compiledir=%s" % (tmp_path / "c"))
    assert used == jdir == str(tmp_path / "c") and wrote and mtime == 0
    used, jdir, _, wrote, _ = run_cache(tmp_path, flags="base_compiledir=%s" % (tmp_path / "b"))
    assert used == jdir == str(tmp_path / "b" / "jax_cache") and wrote


def test_compilation_cache_false_turns_it_off(tmp_path):
    used, jdir, mtime, wrote, _ = run_cache(tmp_path, flags="compilation_cache=False")
    assert (used, jdir, mtime, wrote) == (None, None, 1.0, False)
    assert not (tmp_path / "home" / ".theanox" / "jax_cache").exists()


def test_a_jax_users_cache_dir_wins_unless_a_theanox_flag_is_explicit(tmp_path):
    mine = str(tmp_path / "jax-own")
    used, jdir, mtime, wrote, _ = run_cache(tmp_path, jax_dir=mine)
    assert (used, jdir, wrote) == (None, mine, False)   # untouched, JAX's 1 s minimum kept
    assert mtime == 1.0
    used, jdir, _, _, _ = run_cache(tmp_path, flags="base_compiledir=%s" % tmp_path,
                                    jax_dir=mine)
    assert used == jdir == str(tmp_path / "jax_cache")


def test_compiledir_change_at_runtime_moves_the_cache(tmp_path):
    code = """
    import jax
    first = jax.config.jax_compilation_cache_dir
    config.compiledir = %r
    later = jax.config.jax_compilation_cache_dir
    config.compilation_cache = False
    print(json.dumps([first, later, jax.config.jax_compilation_cache_dir]))
    """ % str(tmp_path / "later")
    first, later, off = values(run_config(code, flags="base_compiledir=%s" % tmp_path,
                                          theanorc=str(tmp_path / "missing"),
                                          import_theanox=True))
    assert first == str(tmp_path / "jax_cache")
    assert later == str(tmp_path / "later")
    assert off is None


# ----------------------------------------------------------------------------
# Validation (in process; every change is undone by change_flags)
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("name, bad, allowed", [
    ("floatX", "float128", r"\('float64', 'float32', 'float16'\)"),
    ("mode", "FAST", "FAST_RUN"),
    ("on_unused_input", "maybe", r"'raise', 'warn', 'ignore'"),
    ("int_division", "float", "floatX"),
    ("compute_test_value", "on", "'pdb'"),
    ("exception_verbosity", "medium", "'low', 'high'"),
    ("cast_policy", "numpy", "numpy\\+floatX"),
    ("optimizer", "fast", "fast_compile"),
    ("device", "GPU0", "cuda\\*"),
    ("device", "opencl0:0", "cuda\\*"),
    ("device", "tpu", "cuda\\*"),
    ("profile", "sometimes", "bool"),
    ("traceback.limit", "many", "int"),
    ("NanGuardMode.action", "explode", "'raise', 'warn', 'pdb'"),
])
def test_invalid_values_raise(name, bad, allowed):
    with config.change_flags({name: config.get_config(name)}):
        with pytest.raises(ValueError, match=r"%s.*%s.*%s" % (
                re.escape(repr(bad)), re.escape('"%s"' % name), allowed)):
            if "." in name:
                section, opt = name.split(".")
                setattr(getattr(config, section), opt, bad)
            else:
                setattr(config, name, bad)
        assert config.get_config(name) != bad


def test_valid_assignments_are_normalised():
    # force_device=False: a GPU name JAX lacks falls back with a warning (test_device.py)
    with config.change_flags(profile=False, floatX="float64", device="cpu",
                             DebugMode__check_finite=True, traceback__limit=8,
                             lib__cnmem=0.0, force_device=False), \
            warnings.catch_warnings():
        warnings.simplefilter("ignore")
        config.profile = "True"
        assert config.profile is True
        config.profile = 0
        assert config.profile is False
        config.floatX = "32"
        assert config.floatX == "float32"
        for dev in ("cpu", "cuda", "cuda0", "cuda1", "gpu", "gpu0", "gpu12"):
            config.device = dev
            assert config.device == dev
        config.DebugMode.check_finite = "false"
        assert config.DebugMode.check_finite is False
        config.traceback.limit = "-1"
        assert config.traceback.limit == -1
        config.lib.cnmem = "0.5"
        assert config.lib.cnmem == 0.5


def test_sections_are_attribute_objects():
    assert config.nvcc.fastmath in (True, False)
    assert config.dnn.conv.algo_fwd == config.get_config("dnn.conv.algo_fwd")
    assert getattr(config, "DebugMode.check_finite") == config.DebugMode.check_finite
    for name in ("gcc.cxxflags", "blas.ldflags", "lib.cnmem", "dnn.enabled",
                 "scan.allow_gc", "NanGuardMode.nan_is_error",
                 "NanGuardMode.inf_is_error", "NanGuardMode.big_is_error",
                 "optimizer_including", "optimizer_excluding",
                 "optimizer_requiring", "profile_optimizer", "profile_memory",
                 "allow_gc", "openmp", "print_active_device", "linker",
                 "init_gpu_device", "force_device", "warn_float64", "compiledir",
                 "base_compiledir"):
        section = config
        for part in name.split("."):
            section = getattr(section, part)
    with pytest.raises(AttributeError, match="section"):
        config.nvcc = 3
    with pytest.raises(AttributeError):
        config.nvcc.not_an_option = 1
    with pytest.raises(AttributeError):
        config.no_such_option_anywhere


def test_module_is_the_config_object():
    import theanox
    import theanox.config as c2
    from theanox import config as c1
    assert c1 is c2 is config is theanox.config
    with config.change_flags(floatX="float64"):
        theanox.config.floatX = "float32"
        assert c1.floatX == "float32"
        with pytest.raises(ValueError):
            theanox.config.floatX = "double"
    assert config.floatX == config.get_config("floatX")


# ----------------------------------------------------------------------------
# change_flags
# ----------------------------------------------------------------------------

def test_change_flags_context_manager_restores():
    old = config.floatX, config.DebugMode.patience
    with config.change_flags(floatX="float16", DebugMode__patience=3):
        assert config.floatX == "float16"
        assert config.DebugMode.patience == 3
    assert (config.floatX, config.DebugMode.patience) == old
    with pytest.raises(RuntimeError):
        with config.change_flags({"NanGuardMode.action": "warn"}):
            assert config.NanGuardMode.action == "warn"
            raise RuntimeError("boom")
    assert config.NanGuardMode.action == "raise"


def test_change_flags_decorator_and_errors():
    @config.change_flags(on_unused_input="ignore")
    def inner():
        return config.on_unused_input

    before = config.on_unused_input
    assert inner() == "ignore"
    assert config.on_unused_input == before
    with pytest.raises(AttributeError):
        config.change_flags(notaflag=1)
    # An invalid value leaves every option unchanged.
    with pytest.raises(ValueError):
        with config.change_flags(floatX="float32", mode="bogus"):
            pass
    assert config.floatX == config.get_config("floatX")
    assert config._source("floatX") != "assignment" or config.floatX


# ----------------------------------------------------------------------------
# print(config)
# ----------------------------------------------------------------------------

def test_print_format_lists_every_option():
    text = str(config)
    # Theano's floatX Doc has a blank line inside it ("...casts.\n\nNote: float16 ...")
    blocks = re.split(r"\n\n(?=[\w.]+ \()", text.strip("\n"))
    names = [b.splitlines()[0].split(" (")[0] for b in blocks]
    assert names[:2] == ["floatX", "warn_float64"]
    assert len(names) == len(set(names)) > 100
    for b in blocks:
        lines = b.splitlines()
        assert re.match(r"^[\w.]+ \(.*\) $", lines[0]), lines[0]
        assert lines[1].startswith("    Doc:  ")
        assert lines[-1].startswith("    Value:  ")
    first = blocks[0].splitlines()
    assert first[0] == "floatX (('float64', 'float32', 'float16')) "
    assert first[-1] == "    Value:  %s" % config.floatX
    for expected in ("device (cpu, cuda*, gpu*) ", "nvcc.fastmath (<class 'bool'>) ",
                     "DebugMode.check_finite (<class 'bool'>) ",
                     "traceback.limit (<class 'int'>) ",
                     "mode (('Mode', 'DebugMode', 'FAST_RUN', 'NanGuardMode', "
                     "'FAST_COMPILE', 'DEBUG_MODE', 'ProfileMode', 'PROFILE_MODE')) "):
        assert expected + "\n" in text
    with config.change_flags(floatX="float32"):
        assert "floatX (('float64', 'float32', 'float16')) \n    Doc:  " in str(config)
        assert re.split(r"\n\n(?=[\w.]+ \()", str(config))[0].endswith("    Value:  float32")


def test_no_effect_options_say_so():
    text = str(config)
    block = [b for b in text.split("\n\n") if b.startswith("nvcc.fastmath ")][0]
    assert "no effect" in block
    block = [b for b in text.split("\n\n") if b.startswith("floatX ")][0]
    assert "no effect" not in block


# ----------------------------------------------------------------------------
# Devices
# ----------------------------------------------------------------------------

def test_jax_device_cpu():
    dev = config.jax_device("cpu")
    assert dev.platform == "cpu"
    with config.change_flags(device="cpu"):
        assert config.jax_device() == dev


def test_jax_device_missing_gpu_is_a_clear_error():
    import jax
    try:
        gpus = jax.devices("gpu")
    except RuntimeError:
        gpus = []
    if gpus:
        assert config.jax_device("cuda0") == gpus[0]
        with pytest.raises(RuntimeError, match="cuda%d" % len(gpus)):
            config.jax_device("cuda%d" % len(gpus))
        return
    with pytest.raises(RuntimeError) as info:
        with config.change_flags(device="cuda1"):
            config.jax_device()
    msg = str(info.value)
    assert "'cuda1'" in msg
    assert "cpu" in msg.lower()
    assert "pip install theanox[cuda]" in msg
    with pytest.raises(ValueError):
        config.jax_device("CUDA")


def test_theano_flags_parser():
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        d = config.parse_config_string(" floatX=float32 ,,device=cpu,novalue,"
                                       r"gcc.cxxflags=-O3 -DX=1\,2,device=cuda")
    assert d == {"floatX": "float32", "device": "cuda",
                 "gcc.cxxflags": "-O3 -DX=1,2"}
    assert any("novalue" in str(x.message) for x in w)


def test_apply_numpy_settings():
    import numpy as np
    saved = np.geterr()
    try:
        with config.change_flags({"numpy.seterr_all": "raise",
                                  "numpy.seterr_under": "ignore"}):
            config.apply_numpy_settings()
            assert np.geterr() == {"divide": "raise", "over": "raise",
                                   "under": "ignore", "invalid": "raise"}
            config.numpy.seterr_divide = "warn"     # re-applied at once
            assert np.geterr()["divide"] == "warn"
    finally:
        np.seterr(**saved)
        config._state["numpy_applied"] = False
