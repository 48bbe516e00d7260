"""The ``kompetanse-opt`` command line: the top layer; nothing in the package imports it."""

from kompetanse_opt.cli.main import main

__all__ = ["main"]
