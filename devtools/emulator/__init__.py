"""A local stand-in for the LINE platform (development and tests only).

LINE cannot be reached from development machines or CI, yet the bot must be exercised
through the real line-bot-sdk client exactly as in production. This package speaks
LINE's documented Messaging API (paths, bodies, status codes, headers, limits) and plays
the users' side: signed webhooks, replies and pushes received. It imports nothing from
the rest of the bot, so it runs (and is tested) on its own.
"""
from devtools.emulator.app import create_emulator_app
from devtools.emulator.config import EmulatorConfig
from devtools.emulator.server import running_emulator, serve

__all__ = ["EmulatorConfig", "create_emulator_app", "running_emulator", "serve"]
