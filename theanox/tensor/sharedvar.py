"""Shared variables: named state that lives on the device and compiled functions update.

A value lives on ``config.device`` as it was when the value was set, or where a
data-parallel function placed the variable (``_placement``, a ``jax.sharding``
Sharding: replicated or split over several devices); ``set_value`` keeps that
placement, and the variable holds exactly one array, so no stale copy remains.

Each shared variable owns a lock.  A compiled function holds the locks of every
shared variable it reads or updates (and its own) from reading their values to
storing the new ones, so concurrent calls never read a buffer that another call
has donated, and no update is lost; ``get_value``/``set_value`` take the same lock.
"""
import threading

import numpy as np

from theanox import config
from theanox.tensor.type import TensorType
from theanox.tensor.var import TensorVariable


def _device_put(value, placement=None):
    import jax
    if placement is None:
        try:
            placement = config.jax_device()
        except AttributeError:
            placement = None
    # Copy first: on CPU, device_put may alias the NumPy buffer, and the caller may
    # keep mutating it (Theano's shared()/set_value copy unless borrow=True).
    return jax.device_put(np.array(value, copy=True), placement)


class SharedVariable(TensorVariable):
    """Returns a variable whose value persists between calls and lives on the device.

    ``get_value()`` gives a NumPy copy; ``set_value(v)`` checks dtype and ndim;
    functions read it implicitly and change it through ``updates``.
    """

    # The update applied when a function does not list one (``theano.function`` reads it
    # unless no_default_updates); set per variable, None: no default update.
    default_update = None

    def __init__(self, name, type, value, strict=False, allow_downcast=None):
        super().__init__(type, name=name)
        self.strict = strict
        self.allow_downcast = allow_downcast
        self.default_update = None
        self._value = None
        self._placement = None      # a jax Sharding set by place(); None: config.device
        self._lock = threading.RLock()
        self.set_value(value)

    def get_value(self, borrow=False, return_internal_type=False):
        """Returns the current value: a NumPy copy, or with ``borrow`` a read-only view.

        ``return_internal_type`` gives the device array itself.  The value stays on
        the device between calls; this is the only place it is copied to the host.
        """
        with self._lock:
            if return_internal_type:
                return self._value
            out = np.asarray(self._value)
            return out if borrow else out.copy()

    def set_value(self, new_value, borrow=False):
        """Replaces the value, refusing a wrong ndim or a lossy dtype conversion.

        The value is copied unless ``borrow``: functions that update this variable
        donate its buffer to XLA, which would delete a JAX array the caller still holds.
        """
        import jax
        if isinstance(new_value, jax.Array) and new_value.dtype == self.type.numpy_dtype \
                and new_value.ndim == self.type.ndim and all(
                    n == 1 for b, n in zip(self.type.broadcastable, new_value.shape) if b):
            with self._lock:
                placement = self._placement or jax.sharding.SingleDeviceSharding(
                    config.jax_device())
                if new_value.sharding != placement:      # a copy on the right devices
                    self._value = jax.device_put(new_value, placement, may_alias=borrow)
                else:
                    self._value = new_value if borrow else new_value.copy()
            return
        try:
            value = self.type.filter(new_value, strict=self.strict,
                                     allow_downcast=self.allow_downcast)
        except TypeError as e:
            raise TypeError("Cannot set the value of shared variable %s: %s" % (self, e)) from None
        with self._lock:
            self._value = _device_put(value, self._placement)

    def place(self, placement):
        """Moves the value to ``placement`` (a ``jax.sharding`` Sharding) and keeps it there.

        Later ``set_value`` calls store there too; ``None`` goes back to ``config.device``.
        Data-parallel functions (``theanox.sharding``) place the variables they use.
        """
        import jax
        with self._lock:
            self._placement = placement
            target = placement if placement is not None else config.jax_device()
            self._value = jax.device_put(self._value, target)

    value = property(lambda self: self.get_value(), lambda self, v: self.set_value(v))

    @property
    def container(self):
        return self

    def zero(self, borrow=False):
        self.set_value(np.zeros_like(self.get_value()))

    def clone(self):
        cp = type(self)(self.name, self.type, self.get_value(borrow=True), self.strict,
                        self.allow_downcast)
        # Its own buffer: a function updating the clone donates that buffer.
        cp.tag = self.tag
        return cp

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_value"] = self.get_value()
        state.pop("_fn_cache", None)
        state.pop("_lock", None)
        state.pop("_placement", None)
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._lock = threading.RLock()
        self._placement = None      # a pickle holds the value, not where it lived
        self._value = _device_put(state["_value"])

    def __str__(self):
        return self.name if self.name is not None else "<%s>" % (self.type,)

    __repr__ = __str__
    __hash__ = TensorVariable.__hash__


class TensorSharedVariable(SharedVariable):
    """Returns a shared tensor: the class ``theanox.shared`` gives for arrays."""

    __hash__ = SharedVariable.__hash__


class ScalarSharedVariable(TensorSharedVariable):
    """Returns a 0-d shared tensor: the class ``theanox.shared`` gives for Python numbers."""

    __hash__ = SharedVariable.__hash__


# Other value kinds (SciPy sparse matrices, typed lists) register their constructor:
# (predicate on the value, constructor(value, name, strict, allow_downcast, borrow)).
_CONSTRUCTORS = []


def register_shared_constructor(accepts, constructor):
    """Makes ``shared(value)`` call ``constructor`` for values where ``accepts(value)``."""
    _CONSTRUCTORS.append((accepts, constructor))


# Theano-style constructors added with ``shared_constructor(ctor)``: tried last-added
# first, each called as ctor(value, name=, strict=, allow_downcast=, **kwargs); one that
# raises TypeError declines the value (as in Theano's shared()).
_USER_CONSTRUCTORS = []


def shared_constructor(ctor, remove=False):
    """Adds (or with ``remove=True`` removes) ``ctor`` to the constructors shared() tries."""
    if remove:
        _USER_CONSTRUCTORS.remove(ctor)
    else:
        _USER_CONSTRUCTORS.append(ctor)
    return ctor


def shared(value, name=None, strict=False, allow_downcast=None, borrow=False,
           broadcastable=None, **kwargs):
    """Returns a SharedVariable holding ``value`` (a NumPy array or Python number)."""
    if isinstance(value, SharedVariable) or hasattr(value, "owner"):
        raise TypeError("theanox.shared expects a value (NumPy array or number), got the "
                        "symbolic variable %s. Use it directly instead." % (value,))
    target = kwargs.pop("target", _DEFAULT)
    placement = None if target is _DEFAULT else _target_placement(target)
    user_kwargs = dict(kwargs)       # Theano passed these only when the caller gave them
    if borrow:
        user_kwargs["borrow"] = borrow
    if broadcastable is not None:
        user_kwargs["broadcastable"] = broadcastable
    if target is not _DEFAULT:
        user_kwargs["target"] = target
    for ctor in reversed(_USER_CONSTRUCTORS):
        try:
            return ctor(value, name=name, strict=strict, allow_downcast=allow_downcast,
                        **user_kwargs)
        except TypeError:
            continue
    for accepts, constructor in reversed(_CONSTRUCTORS):
        if accepts(value):
            if broadcastable is not None:
                raise TypeError("shared(): broadcastable= applies to arrays, not to %s"
                                % type(value).__name__)
            if target is not _DEFAULT:
                raise TypeError("shared(): target= applies to arrays, not to %s"
                                % type(value).__name__)
            return constructor(value, name, strict, allow_downcast, borrow, **kwargs)
    if kwargs:
        raise TypeError("shared() got unexpected keyword arguments %s" % sorted(kwargs))
    python_number = isinstance(value, (bool, int, float, complex)) and not isinstance(
        value, np.generic)
    if isinstance(value, (list, tuple)):
        value = np.asarray(value)
    if isinstance(value, bool):
        value = np.asarray(value)
    elif isinstance(value, int):
        value = np.asarray(value, dtype="int64" if value < 2 ** 63 else "uint64")
    elif isinstance(value, float):
        value = np.asarray(value, dtype="float64")
    arr = np.asarray(value)
    if arr.dtype == object or arr.dtype.kind in "SUV":
        raise TypeError("theanox.shared cannot hold a value of dtype %s (%r); give a numeric "
                        "NumPy array" % (arr.dtype, type(value).__name__))
    if broadcastable is None:
        broadcastable = (False,) * arr.ndim
    cls = ScalarSharedVariable if python_number else TensorSharedVariable
    var = cls(name, TensorType(arr.dtype, broadcastable), arr, strict, allow_downcast)
    if placement is not None:
        var.place(placement)
    return var


_DEFAULT = object()


def _target_placement(target):
    """Returns the Sharding Theano's ``shared(..., target=)`` names.

    'cpu': the CPU even when config.device is a GPU; None: config.device (Theano's
    default context); a name from config.contexts ('dev0->cuda0;dev1->cuda1'): that
    context's device.
    """
    import jax
    if target is None:
        return None
    if target == "cpu":
        device = jax.devices("cpu")[0]
    else:
        spec = getattr(config, "contexts", "") or ""
        names = dict((k.strip(), v.strip()) for k, v in
                     (pair.split("->") for pair in spec.split(";") if pair.strip()))
        if target not in names:
            raise ValueError("shared(..., target=%r): no context of that name. target is "
                             "'cpu', None (config.device) or a name from config.contexts "
                             "(now %r), e.g. THEANO_FLAGS='contexts=dev0->cuda0;dev1->cuda1'"
                             % (target, spec))
        device = config.jax_device(names[target])
    return jax.sharding.SingleDeviceSharding(device)


def tensor_constructor(value, name=None, strict=False, allow_downcast=None, borrow=False,
                       broadcastable=None, target=_DEFAULT):
    """Returns a TensorSharedVariable for an ndarray ``value`` (Theano's constructor)."""
    return shared(value, name, strict, allow_downcast, borrow, broadcastable, target=target)


scalar_constructor = tensor_constructor
