import os
from pathlib import Path

import pytest

from bot.kb import default_documents
from bot.kb.index import IndexedPassage, KnowledgeIndex
from bot.kb.ingest import read_document, split_passages


def _samples() -> Path | None:
    for folder in (Path(__file__).resolve().parents[3] / "shared" / "kb-samples",
                   Path(os.environ.get("SAMMACHIP_SHARED_DIR", "/nonexistent")) / "kb-samples",
                   Path(os.environ.get("SAMMACHIP_SHARED_DIR", "/nonexistent"))):
        if folder.is_dir() and list(folder.glob("*.txt")):
            return folder
    return None


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    folder = _samples()
    if folder is None:
        pytest.skip("shared kb-samples not available")
    return folder


def build_index(paths) -> KnowledgeIndex:
    passages = []
    for path in paths:
        doc = read_document(path)
        for draft in split_passages(doc):
            passages.append(IndexedPassage(len(passages), doc.title, doc.owner, doc.source_file, draft.heading, draft.text))
    return KnowledgeIndex.build(passages)


@pytest.fixture(scope="session")
def default_index() -> KnowledgeIndex:
    return build_index(default_documents())
