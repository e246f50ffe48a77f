"""Theano's rewrite tags, as ``Mode.including/excluding/requiring`` see them.

A tag names a set of theanox rewrites (``theanox.tensor.rewrites``: the
stabilisation rules by function name, and elementwise fusion).  Tags of Theano
rewrites that theanox never performs (in-place updates, BLAS and GPU
substitutions: XLA does that work) may be excluded, which changes nothing;
asking for them, or for a tag nobody knows, is an error.
"""
from theanox.tensor.rewrites import RULES

FUSION = ("fusion", "local_elemwise_fusion", "elemwise_fusion", "composite_elemwise_fusion")
# Group tags of Theano's optimizer database that cover theanox's rewrites (see tags_of).
GROUPS = frozenset({"fast_run", "stabilize", "specialize", "canonicalize"})
ABSENT = frozenset({
    "inplace", "gpu", "gpuarray", "cxx_only", "BlasOpt", "blas", "gemm", "scipy",
    "local_remove_all_assert", "constant_folding", "scan_eqopt1", "scan_eqopt2",
    "scan_save_mem", "scanOp_pushout_output", "uncanonicalize", "shape_unsafe",
    "local_elemwise_alloc", "cut_gpua_host_transfers", "insert_destroy_handler",
    "add_destroy_handler", "add_no_output_from_inplace", "conv_meta", "ShapeOpt",
    "local_useless_elemwise", "local_fill_to_alloc", "unsafe"})


def _rule_names():
    return {r.__name__ for r in RULES}


class _Known:
    """The tags naming theanox rewrites (a view: rules registered later count too)."""

    def __contains__(self, tag):
        return tag in FUSION or tag in GROUPS or tag in _rule_names() or \
            any(tag in getattr(r, "theano_tags", ()) for r in RULES)

    def __iter__(self):
        return iter(sorted(set(FUSION) | set(GROUPS) | _rule_names()))


KNOWN = _Known()


def _user_rule(name):
    """Returns the user's rule registered as ``name`` (tensor/user_rewrites.py), or None."""
    for r in RULES:
        if r.__name__ == name and hasattr(r, "theano_tags"):
            return r
    return None


def tags_of(name):
    """Returns the tags a rewrite answers to (``name``: a rule's name or 'fusion')."""
    user = _user_rule(name)
    if user is not None:        # the tags it was registered with, its name and group
        return set(user.theano_tags)
    tags = {"fast_run"}
    if name == "fusion":
        tags.update(FUSION)
    else:
        tags.update({name, "stabilize", "specialize", "canonicalize"})
    return tags


def keep(default_on, included, excluded, required, name):
    """Returns whether the rewrite ``name`` runs in a mode with these tag sets."""
    tags = tags_of(name)
    on = (default_on and "fast_run" in tags) or bool(tags & included)
    if tags & excluded or not set(required) <= tags:
        return False
    return on
