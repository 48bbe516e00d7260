"""``python -m kompetanse_opt`` runs the CLI."""

from kompetanse_opt.cli.main import main

main()
