"""theanox.typed_list: Theano's typed lists (``theano.typed_list``)."""
from theanox.typed_list.type import TypedListType  # noqa: F401
from theanox.typed_list.basic import *  # noqa: F401,F403
from theanox.typed_list.basic import (TypedListVariable, TypedListConstant,  # noqa: F401
                                      getitem, append, extend, insert, remove, reverse,
                                      index_, count, length, make_list, GetItem, Append,
                                      Extend, Insert, Remove, Reverse, Index, Count, Length,
                                      MakeList)
