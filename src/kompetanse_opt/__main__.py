"""``python -m kompetanse_opt`` runs the CLI."""

try:
    from kompetanse_opt.cli.main import main
except KeyboardInterrupt:  # Ctrl-C while starting: no traceback, the shell's exit code
    raise SystemExit(130) from None

main()
