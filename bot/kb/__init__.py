"""The knowledge base library: read field documents, index passages, answer questions.

Pure library: no database, no LINE. PyThaiNLP must never download at run time, so its
offline flags are set here, before any module of this package imports it.
"""
from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

DEFAULT_DIR = Path(__file__).resolve().parent / "default"


def default_documents() -> list[Path]:
    """The starter knowledge base shipped with the bot, in a stable order."""
    return sorted(DEFAULT_DIR.glob("*.md"))
