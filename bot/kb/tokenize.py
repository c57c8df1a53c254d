"""Thai word segmentation for the knowledge base: newmm, run by nlpO3 (Rust).

PyThaiNLP's own newmm is pure Python; on a 10 MB knowledge base it took most of a
ninety-second index build. nlpO3 runs the same algorithm over the same dictionary
(PyThaiNLP's word list plus the Isan words we map) several times faster. nlpO3 loads a
dictionary from a file, so the word list is written once per process to a temporary file.
"""
from __future__ import annotations

import os
import tempfile
import threading

import bot.kb  # noqa: F401  (sets PyThaiNLP's offline flags before it is imported)
import nlpo3
from pythainlp.corpus import thai_words

from bot.kb.isan import ISAN_TO_CENTRAL

DICTIONARY = "sammachip-kb"
_loaded = False
_lock = threading.Lock()


def words(text: str) -> list[str]:
    _load()
    return nlpo3.segment(text, DICTIONARY)


def _load() -> None:
    global _loaded
    if _loaded:
        return
    with _lock:
        if _loaded:
            return
        vocabulary = sorted(set(thai_words()) | set(ISAN_TO_CENTRAL))
        handle, path = tempfile.mkstemp(prefix="sammachip-kb-words-", suffix=".txt")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write("\n".join(vocabulary))
            message, ok = nlpo3.load_dict(path, DICTIONARY)
        finally:
            os.unlink(path)
        if not ok:
            raise RuntimeError(f"could not load the word list into nlpO3: {message}")
        _loaded = True
