"""The `sammachip` command line."""
from __future__ import annotations

import json

import click
from sqlalchemy import func, select

from bot import migrate, runtime
from bot.settings import Settings


@click.group()
def main() -> None:
    """สัมมาชีพชุมชน LINE bot."""


@main.command()
@click.option("--port", default=5000, show_default=True, help="Port of the bot's web server.")
@click.option("--emulator-port", default=5100, show_default=True)
@click.option("--verbose", is_flag=True, help="Show every process's log here instead of instance/logs/.")
def dev(port: int, emulator_port: int, verbose: bool) -> None:
    """Start the whole bot on the embedded default, with the LINE emulator and chat simulator."""
    from bot.devrunner import run

    run(port=port, emulator_port=emulator_port, verbose=verbose)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5100, show_default=True)
@click.option("--webhook-url", default="http://127.0.0.1:5000/callback", show_default=True)
def emulator(host: str, port: int, webhook_url: str) -> None:
    """Run the local LINE platform emulator (development only)."""
    from bot.emulator import EmulatorConfig, serve

    settings = Settings.from_env()
    if not settings.emulator_enabled:
        raise click.ClickException("the emulator is disabled in this environment")
    serve(EmulatorConfig(channel_secret=settings.line_channel_secret,
                         access_token=settings.line_channel_access_token,
                         webhook_url=webhook_url), host=host, port=port)


@main.group()
def db() -> None:
    """Database schema."""


@db.command()
def upgrade() -> None:
    """Apply every migration."""
    migrate.upgrade(Settings.from_env().database_url)


@db.command()
@click.option("-m", "--message", required=True)
def revision(message: str) -> None:
    """Write a new migration from the models (developers)."""
    migrate.revision(Settings.from_env().database_url, message)


@main.command()
@click.option("--json", "as_json", is_flag=True)
def outbox(as_json: bool) -> None:
    """Outgoing messages by status (quota_exceeded means LINE's monthly limit was reached)."""
    from bot.models import OutboundMessage

    with runtime.current().db.sessions() as session:
        counts = dict(session.execute(
            select(OutboundMessage.status, func.count()).group_by(OutboundMessage.status)).all())
    if as_json:
        click.echo(json.dumps(counts))
    else:
        for status, count in sorted(counts.items()):
            click.echo(f"{status:16} {count}")


@main.command()
def sweep() -> None:
    """Re-enqueue unsent messages and unprocessed events once."""
    from workers.jobs import sweep as run_sweep

    click.echo(json.dumps(run_sweep()))
