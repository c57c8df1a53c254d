"""A local stand-in for the LINE platform (development and tests only).

LINE cannot be reached from development machines or CI, yet the bot must be exercised
through the real line-bot-sdk client exactly as in production. This package speaks
LINE's documented Messaging API (paths, bodies, status codes, headers, limits) and plays
the users' side: signed webhooks, replies and pushes received. It imports nothing from
the rest of the bot (an import-linter contract keeps it so): it judges the bot's requests
with its own reading of LINE's rules, so a wrong limit in the bot is caught, not mirrored.
"""
from devtools.emulator.app import create_emulator_app, create_emulator_apps
from devtools.emulator.config import EmulatorConfig
from devtools.emulator.server import EmulatorAddresses, running_emulator, serve

__all__ = ["EmulatorAddresses", "EmulatorConfig", "create_emulator_app", "create_emulator_apps", "running_emulator",
           "serve"]
