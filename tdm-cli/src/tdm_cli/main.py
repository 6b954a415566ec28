"""`tdm` entry point. Each command group lives in `tdm_cli/commands/<group>.py` and registers itself."""

from __future__ import annotations

import typer

from tdm_cli.commands import agents, apikey, db, demo, discover, pii, stack, worker

app = typer.Typer(
    name="tdm",
    help="Test Data Management platform: local stack, migrations, workers, API keys, and every agent's jobs.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # locals may hold connection strings
)

for group in (stack, db, worker, apikey, discover, pii, agents, demo):
    group.register(app)


if __name__ == "__main__":
    app()
