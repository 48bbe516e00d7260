"""The ``kompetanse-opt`` command line: the top layer; nothing in the package imports it."""

from kompetanse_opt import _started_as_command

try:
    from kompetanse_opt.cli.main import main
except KeyboardInterrupt:
    # Ctrl-C while the command starts (its handler is not installed yet): end quietly.
    if _started_as_command():
        raise SystemExit(130) from None
    raise

__all__ = ["main"]
