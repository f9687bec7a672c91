"""`python -m reconcile` runs the command line."""

from reconcile.cli import app

app(prog_name="reconcile")
