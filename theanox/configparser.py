"""Theano's ``theano.configparser`` names, re-exported from :mod:`theanox.config`."""
import theanox.config as config  # noqa: F401
from theanox.config import (  # noqa: F401
    AddConfigVar,
    BoolParam,
    ConfigError,
    ConfigParam,
    DeviceParam,
    EnumStr,
    FloatParam,
    IntParam,
    StrParam,
    TypedParam,
    change_flags,
    config_files_from_theanorc,
    parse_config_string,
)

THEANO_FLAGS = config._THEANO_FLAGS
THEANO_FLAGS_DICT = config._FLAGS_DICT
