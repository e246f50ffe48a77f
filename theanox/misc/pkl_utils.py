"""``theano.misc.pkl_utils``: pickle to a zip archive whose NumPy arrays are stored as .npy members.

``dump(obj, f)`` writes a zip file: member ``pkl`` is the pickle, each ndarray is a
member in NumPy's .npy format (``array_0``, ``array_1``... or, for the value of a
named shared variable, its name), referenced from the pickle by persistent id
``ndarray.<member>``, as Theano 1.0.5 writes them.  ``load(f)`` reads it back, so
arrays can also be read without unpickling (``numpy.load`` on a member).
"""
import copyreg
import io
import pickle
import zipfile

import numpy as np

from theanox.graph.basic import Scratchpad
from theanox.tensor.sharedvar import SharedVariable

DEFAULT_PROTOCOL = pickle.HIGHEST_PROTOCOL

__all__ = ["StripPickler", "PersistentNdarrayID", "PersistentSharedVariableID",
           "PersistentNdarrayLoad", "dump", "load"]


class StripPickler(pickle._Pickler):
    """Returns a pickler that drops the ``trace`` and ``test_value`` tags of variables.

    Pickles of graphs then do not depend on the source files that built them.
    ``extra_tag_to_remove`` names more tags to drop.
    """

    def __init__(self, file, protocol=0, extra_tag_to_remove=None):
        super().__init__(file, protocol)
        self.tag_to_remove = ["trace", "test_value"] + list(extra_tag_to_remove or [])

    def save(self, obj, save_persistent_id=True):
        if isinstance(obj, Scratchpad):
            for tag in self.tag_to_remove:
                obj.__dict__.pop(tag, None)
        return super().save(obj, save_persistent_id)


class PersistentNdarrayID:
    """Returns persistent ids that store each ndarray as a .npy member of ``zip_file``."""

    def __init__(self, zip_file):
        self.zip_file = zip_file
        self.count = 0
        self.seen = {}

    def _resolve_name(self, obj):
        name = "array_%d" % self.count
        self.count += 1
        return name

    def __call__(self, obj):
        if type(obj) is np.ndarray:
            if id(obj) not in self.seen:
                name = self._resolve_name(obj)
                with self.zip_file.open(name, "w", force_zip64=True) as f:
                    np.lib.format.write_array(f, obj)
                self.seen[id(obj)] = "ndarray.%s" % name
            return self.seen[id(obj)]
        return None


class PersistentSharedVariableID(PersistentNdarrayID):
    """Returns persistent ids like PersistentNdarrayID; a named shared variable's value is named after it.

    ``allow_unnamed=False`` refuses an unnamed shared variable and
    ``allow_duplicates=False`` two with one name (ValueError, as Theano).
    """

    def __init__(self, zip_file, allow_unnamed=True, allow_duplicates=True):
        super().__init__(zip_file)
        self.allow_unnamed = allow_unnamed
        self.allow_duplicates = allow_duplicates
        self.ndarray_names = {}
        self.name_counter = {}
        self.keep = []

    def _resolve_name(self, obj):
        name = self.ndarray_names.get(id(obj))
        if name is None:
            return super()._resolve_name(obj)
        count = self.name_counter.get(name, 0)
        self.name_counter[name] = count + 1
        if count:
            if not self.allow_duplicates:
                raise ValueError("Two shared variables are named %r; name them differently "
                                 "or pass allow_duplicates=True" % name)
            name = "%s_%d" % (name, count + 1)     # Theano: w, w_2, w_3
        return name

    def shared_state(self, var):
        """Returns the pickled state of shared variable ``var``, its value named for the archive."""
        if var.name is None and not self.allow_unnamed:
            raise ValueError("Unnamed shared variable, %s; name it or pass allow_unnamed=True"
                             % var)
        state = var.__getstate__()
        value = state.get("_value")
        if var.name is not None and type(value) is np.ndarray:
            self.ndarray_names[id(value)] = var.name
            self.keep.append(value)        # keeps the id valid while pickling
        return state


class _ZipPickler(pickle.Pickler):
    def __init__(self, f, protocol, persistent):
        super().__init__(f, protocol)
        self._persistent = persistent

    def persistent_id(self, obj):
        return self._persistent(obj)

    def reducer_override(self, obj):
        if isinstance(obj, SharedVariable) and hasattr(self._persistent, "shared_state"):
            return (copyreg._reconstructor, (type(obj), object, None),
                    self._persistent.shared_state(obj))
        return NotImplemented


class PersistentNdarrayLoad:
    """Returns the arrays a persistent id names, read from ``zip_file`` (cached by name)."""

    def __init__(self, zip_file):
        self.zip_file = zip_file
        self.cache = {}

    def __call__(self, persid):
        kind, name = persid.split(".", 1)
        if kind != "ndarray":
            raise pickle.UnpicklingError("unknown persistent id %r in the archive (expected "
                                         "'ndarray.<name>')" % persid)
        if name not in self.cache:
            with self.zip_file.open(name) as f:
                self.cache[name] = np.lib.format.read_array(f)
        return self.cache[name]


class _ZipUnpickler(pickle.Unpickler):
    def __init__(self, f, loader):
        super().__init__(f)
        self._loader = loader

    def persistent_load(self, pid):
        return self._loader(pid)


def dump(obj, file_handler, protocol=DEFAULT_PROTOCOL,
         persistent_id=PersistentSharedVariableID):
    """Writes ``obj`` to ``file_handler`` (a binary file or path) as a zip of a pickle and .npy arrays."""
    with zipfile.ZipFile(file_handler, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
        persistent = persistent_id(zf)
        # The arrays are members written while pickling: the pickle goes to memory
        # first and becomes the member ``pkl`` after them.
        buf = io.BytesIO()
        _ZipPickler(buf, protocol, persistent).dump(obj)
        zf.writestr("pkl", buf.getvalue())


def load(f, persistent_load=PersistentNdarrayLoad):
    """Returns the object a ``dump`` archive (a binary file or path) holds."""
    with zipfile.ZipFile(f, "r") as zf:
        with zf.open("pkl") as p:
            return _ZipUnpickler(p, persistent_load(zf)).load()
