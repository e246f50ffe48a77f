"""ProfileMode / PROFILE_MODE: Theano's deprecated mode whose functions are all profiled.

``function(..., profile=True)`` is the current spelling (``compile/profiling.py``).
"""
import sys

from theanox.compile.mode import Mode, op_by_op_runner, register_mode
from theanox.compile.profiling import ProfileStats


class ProfileMode(Mode):
    """Returns a mode whose functions are all profiled (Theano's deprecated ProfileMode)."""

    def __init__(self, linker=None, optimizer="default"):
        super().__init__(linker, optimizer)
        self.profiles = []

    runner = op_by_op_runner

    def run(self, function, program, values):
        if getattr(function, "profile", None) is None:
            function.profile = ProfileStats(atexit_print=False, name=function.name,
                                            function=function)
            self.profiles.append(function.profile)
        return function.profile.run(program, values)

    def print_summary(self, file=sys.stderr):
        """Prints the summary of every function compiled with this mode."""
        for p in self.profiles:
            p.summary(file=file)


PROFILE_MODE = ProfileMode()
register_mode("ProfileMode", PROFILE_MODE)
register_mode("PROFILE_MODE", PROFILE_MODE)
