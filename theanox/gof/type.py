"""Theano's ``theano.gof.type``: a Type base class for user-defined types."""
from theanox.graph.basic import Constant, Variable


class Type:
    """Returns Variables of this type when called; subclasses define ``filter``."""

    Variable = Variable
    Constant = Constant

    def filter(self, data, strict=False, allow_downcast=None):
        raise NotImplementedError("%s.filter is not defined" % type(self).__name__)

    def is_valid_value(self, data):
        try:
            self.filter(data, strict=True)
            return True
        except Exception:
            return False

    def make_variable(self, name=None):
        return self.Variable(self, name=name)

    def __call__(self, name=None):
        return self.make_variable(name)

    def values_eq(self, a, b):
        return a == b

    def values_eq_approx(self, a, b):
        return self.values_eq(a, b)

    def __eq__(self, other):
        return type(self) is type(other)

    def __hash__(self):
        return hash(type(self))

    def __str__(self):
        return type(self).__name__


PureType = Type
CLinkerType = Type


class Generic(Type):
    """Returns a type holding any Python object (Theano's ``generic``)."""

    def filter(self, data, strict=False, allow_downcast=None):
        return data


generic = Generic()

__all__ = ["Type", "PureType", "CLinkerType", "Generic", "generic"]
