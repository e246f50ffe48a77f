"""Theano's ``Container`` (``theano.gof.link.Container``): a named, typed storage cell.

``storage`` is a one-element list (or any object indexed by 0); setting ``value``
filters the new value through the type (``type.filter(value, strict, allow_downcast)``)
unless the container is read-only.  theanox functions hand them out for their inputs
and shared variables (``f.container``, ``f.input_storage``, ``f.finder``).
"""


class Container:
    """Returns a cell holding one value of ``r``'s type (``r`` a Variable or a Type)."""

    def __init__(self, r, storage, readonly=False, strict=False, allow_downcast=None,
                 name=None):
        if not hasattr(storage, "__getitem__"):
            raise TypeError("Container: storage must be a one-element list, got %r"
                            % (storage,))
        self.type = getattr(r, "type", r) if hasattr(r, "owner") else r
        self.name = name if name is not None else getattr(r, "name", None)
        self.storage = storage
        self.readonly = readonly
        self.strict = strict
        self.allow_downcast = allow_downcast

    def __get__(self):
        return self.storage[0]

    def __set__(self, value):
        if self.readonly:
            raise Exception("Cannot set readonly storage: %s" % self.name)
        if value is not None and hasattr(self.type, "filter"):
            value = self.type.filter(value, strict=self.strict,
                                     allow_downcast=self.allow_downcast)
        self.storage[0] = value

    data = property(__get__, __set__)
    value = property(__get__, __set__)

    def __str__(self):
        return "<" + str(self.storage[0]) + ">"

    def __repr__(self):
        return "<" + repr(self.storage[0]) + ">"
