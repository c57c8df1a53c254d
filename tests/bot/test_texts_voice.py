"""The bot's texts read as one voice: "น้อง" speaking, "คุณ" spoken to, ค่ะ / คะ."""
from __future__ import annotations

import re

from bot import texts


def _sentences() -> dict[str, str]:
    found: dict[str, str] = {}
    for name, value in vars(texts).items():
        if name.startswith("_") or name.isupper() is False:
            continue
        items = value.values() if isinstance(value, dict) else value if isinstance(value, (tuple, list)) else [value]
        for index, item in enumerate(items):
            for text in (item if isinstance(item, list) else [item]):
                if isinstance(text, str):
                    found[f"{name}[{index}]"] = text
    return found


def test_one_form_of_address_and_the_bot_is_nong():
    sentences = _sentences()
    # "คุณ" throughout (ท่าน as a word; เท่านั้น "only" is another word)
    assert not [name for name, text in sentences.items() if re.search("(?<!เ)ท่าน", text)]
    assert not [name for name, text in sentences.items() if "บอต" in text or "บอท" in text]  # the bot is "น้อง"
    assert not [name for name, text in sentences.items() if "ครับ" in text]  # one voice: ค่ะ / คะ

