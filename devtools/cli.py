"""`sammachip dev` and `sammachip emulator`, added to the product's command line
through the `sammachip.commands` entry point."""
from __future__ import annotations

from pathlib import Path

import click

from bot.settings import Settings


@click.command()
@click.option("--port", default=5000, show_default=True, help="Port of the bot's web server.")
@click.option("--emulator-port", default=5100, show_default=True)
@click.option("--emulator-data-port", type=int, help="The emulator's data address (LINE's api-data.line.me). "
                                                     "[default: emulator port + 1]")
@click.option("--reset", is_flag=True, help="Start clean: forget the emulator's users, the SQLite database and "
                                            "the embedded Redis kept in the instance folder.")
@click.option("--verbose", is_flag=True, help="Show every process's log here instead of instance/logs/.")
def dev(port: int, emulator_port: int, emulator_data_port: int | None, reset: bool, verbose: bool) -> None:
    """Start the whole bot on the embedded default, with the LINE emulator and chat simulator."""
    from devtools.devrunner import run

    run(port=port, emulator_port=emulator_port, verbose=verbose, reset=reset, emulator_data_port=emulator_data_port)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5100, show_default=True, help="LINE's api.line.me and the simulated users' API.")
@click.option("--data-port", default=5101, show_default=True, help="LINE's api-data.line.me (content, images).")
@click.option("--webhook-url", default="http://127.0.0.1:5000/callback", show_default=True)
@click.option("--state-file", type=click.Path(dir_okay=False, path_type=Path),
              help="Keep users, chats and rich menus in this file across restarts.")
def emulator(host: str, port: int, data_port: int, webhook_url: str, state_file: Path | None) -> None:
    """Run the local LINE platform emulator (development only)."""
    from bot import texts
    from devtools.emulator import EmulatorConfig, serve

    settings = Settings.from_env()
    if not settings.emulator_enabled:
        raise click.ClickException("the emulator is disabled in this environment")
    # The bot's name in groups is what people type after @ to mention it.
    config = EmulatorConfig(channel_secret=settings.line_channel_secret,
                            access_token=settings.line_channel_access_token, webhook_url=webhook_url,
                            bot_basic_id=settings.line_basic_id, bot_display_name=texts.GROUP_CALL_NAME)
    serve(config, host=host, port=port, data_port=data_port, state_file=state_file)
