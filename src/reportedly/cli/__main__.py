"""``python -m reportedly.cli`` runs the command line, as ``python -m reportedly`` does."""

from reportedly.cli import main

main()
