"""Theano's logging set-up (``theano.theano_logger`` & co): the ``theano`` logger.

As Theano 1.0.5: messages of loggers under ``theano`` go to stderr as
``LEVEL (logger name): message`` at WARNING and above, through a handler added only
when the logger has none (an application's logging configuration wins).
"""
import logging

theano_logger = logging.getLogger("theano")
logging_default_handler = logging.StreamHandler()
logging_default_formatter = logging.Formatter(fmt="%(levelname)s (%(name)s): %(message)s")
logging_default_handler.setFormatter(logging_default_formatter)


def has_handlers(logger):
    """Returns whether ``logger`` or one of its ancestors (while propagating) has a handler."""
    current = logger
    while current:
        if current.handlers:
            return True
        if not current.propagate:
            return False
        current = current.parent
    return False


def disable_log_handler(logger=theano_logger, handler=logging_default_handler):
    """Removes ``handler`` from ``logger`` (Theano's way to silence its default handler)."""
    if logger.hasHandlers():
        logger.removeHandler(handler)


if theano_logger.level == logging.NOTSET:
    theano_logger.setLevel(logging.WARNING)
if not has_handlers(theano_logger):
    theano_logger.addHandler(logging_default_handler)
