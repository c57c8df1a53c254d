"""Lexical search over passages that does not rely on perfect Thai word segmentation.

Each passage is indexed under two kinds of terms in one BM25 model:
character trigrams of the normalised text with spaces removed (robust to typos,
missing spaces and PDF damage) and PyThaiNLP word tokens (reward whole-word
matches). bm25s is fed our own term ids: its default tokenizer deletes Thai.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import bm25s
import numpy as np
from bm25s.tokenization import Tokenized

from pythainlp.corpus import thai_words

from bot.kb.isan import ISAN_TO_CENTRAL
from bot.kb.stopwords import STOPWORDS
from bot.kb.normalize import fold_abbreviations, normalize
from bot.kb.tokenize import words as segment

NGRAM = 3
CANDIDATES = 10  # BM25 finds them; coverage of the question re-ranks them
BM25_SHARE = 0.5  # weight of BM25 (relative to the best candidate) against coverage in the ranking
STORY_WEIGHT = 0.3  # the story around a long question's asking clause helps find the record, a little


@dataclass(frozen=True)
class IndexedPassage:
    id: int | str
    title: str
    owner: str
    source_file: str
    heading: str
    text: str


@dataclass(frozen=True)
class Hit:
    passage: IndexedPassage
    score: float       # BM25 score, only comparable within one question
    coverage: float    # 0..1: how much of the question (weighted by rarity) the passage contains


@dataclass(frozen=True)
class Terms:
    central: str            # the text in Central Thai, lower case, spaces removed
    words: list[str]        # content words (no stopwords)
    trigrams: list[str]


_WORD_CHARS = re.compile(r"[\w\u0e00-\u0e7f]")
_THAI_WORD = re.compile("[\u0e01-\u0e45\u0e47-\u0e4c]+")  # no ๆ
_THAI_LETTERS = [chr(c) for c in range(0x0E01, 0x0E4D) if chr(c) != "\u0e3f"]
SPELLED_CHARS = 4  # a shorter unknown piece is as likely a name or a particle as a typo
SPELLING_TRIES = 12  # words tried per question: a villager's question has a few typos, junk has hundreds


def _one_edit(word: str):
    """Every Thai spelling one letter away: dropped, swapped with its neighbour, changed, added."""
    for i in range(len(word)):
        yield word[:i] + word[i + 1:]
        if i + 1 < len(word):
            yield word[:i] + word[i + 1] + word[i] + word[i + 2:]
        for letter in _THAI_LETTERS:
            yield word[:i] + letter + word[i + 1:]
    for i in range(len(word) + 1):
        for letter in _THAI_LETTERS:
            yield word[:i] + letter + word[i:]

def analyse(text: str, normalized: bool = False) -> Terms:
    """Terms of a question or passage, after normalisation and Isan-to-Central mapping.

    Stored passages were normalised when their document was imported (`normalized`):
    doing it again at every index build cost a fifth of the build.
    """
    text = fold_abbreviations(text if normalized else normalize(text)).casefold()
    tokens = []
    for token in segment(text):
        central = ISAN_TO_CENTRAL.get(token)
        tokens.extend(segment(central) if central else [token])
    words = [t for t in tokens if _WORD_CHARS.search(t) and not t.isspace() and t not in STOPWORDS]
    central = re.sub(r"\s+", "", "".join(tokens))
    trigrams = [central[i:i + NGRAM] for i in range(len(central) - NGRAM + 1)]
    return Terms(central=central, words=words, trigrams=trigrams)


def _terms_of(terms: Terms) -> list[str]:
    return terms.trigrams + ["w:" + w for w in terms.words]


class KnowledgeIndex:
    def __init__(self, passages: list[IndexedPassage], centrals: list[str], vocab: dict[str, int],
                 idf: np.ndarray, model: bm25s.BM25 | None):
        self.passages = passages
        self._centrals = centrals
        self._vocab = vocab
        self._idf = idf
        self._model = model

    @classmethod
    def build(cls, passages: list[IndexedPassage]) -> "KnowledgeIndex":
        passages = list(passages)
        vocab: dict[str, int] = {}
        ids: list[list[int]] = []
        centrals: list[str] = []
        seen_in: list[list[int]] = []  # each passage's distinct terms, for document frequencies
        for passage in passages:
            terms = analyse(f"{passage.title}\n{passage.owner}\n{passage.heading}\n{passage.text}", normalized=True)
            centrals.append(terms.central)
            every = _terms_of(terms)
            unique = set(every)
            for term in unique.difference(vocab):  # set and map work run in C: this loop is the build's hot spot
                vocab[term] = len(vocab)
            ids.append(list(map(vocab.__getitem__, every)))
            seen_in.append(list(map(vocab.__getitem__, unique)))
        n = max(len(passages), 1)
        flat = np.fromiter((t for row in seen_in for t in row), dtype=np.int64)
        document_frequency = np.bincount(flat, minlength=len(vocab) + 1).astype(np.float32)
        idf = np.where(document_frequency > 0,
                       np.log1p((n - document_frequency + 0.5) / (document_frequency + 0.5)), 0.0).astype(np.float32)
        model = None
        if passages:
            model = bm25s.BM25()
            model.index(Tokenized(ids=ids, vocab=vocab), show_progress=False)
        return cls(passages, centrals, vocab, idf, model)

    def __len__(self) -> int:
        return len(self.passages)

    def search(self, question: str, k: int = 3, story: str = "") -> list[Hit]:
        """Passages for `question` (the asking part); `story` is the rest of a long question."""
        terms = analyse(question)
        term_ids = [self._vocab[t] for t in _terms_of(terms) if t in self._vocab]
        if self._model is None or not term_ids:
            return []
        scores = self._model.get_scores(term_ids)
        story_ids = [self._vocab[t] for t in _terms_of(analyse(story)) if t in self._vocab] if story else []
        if story_ids:
            scores = scores + STORY_WEIGHT * self._model.get_scores(story_ids)
        top = np.argsort(-scores)[:CANDIDATES]
        hits = [Hit(self.passages[i], float(scores[i]), self._coverage(terms, i)) for i in top if scores[i] > 0]
        if not hits:
            return []
        # BM25 favours long passages that repeat a common term, coverage favours any passage
        # that holds the question's filler words; each corrects the other
        best_score = hits[0].score
        hits.sort(key=lambda h: h.coverage + BM25_SHARE * h.score / best_score, reverse=True)
        return hits[:k]

    def weight(self, term: str) -> float:
        """Rarity (IDF) of a trigram or "w:"-word; a term the corpus never saw is as rare as it gets."""
        index = self._vocab.get(term)
        return float(self._idf[index]) if index is not None else float(self._idf.max(initial=1.0))

    def knows(self, term: str) -> bool:
        return term in self._vocab

    def spelled(self, question: str) -> str:
        """The question with a misspelt word put right: a word the documents never use (alone
        or as the segmenter cut it, "เศรษ" + "กิจ") that one letter added, dropped, changed or
        swapped turns into a word they do use ("เศรษฐกิจ", "หมู่บ้าน"). Of several such words,
        the one most passages use."""
        out, tries = [], 0
        for chunk in normalize(question).split(" "):
            tokens = segment(chunk)
            i = 0
            while i < len(tokens):
                for span in (2, 1):
                    joined = "".join(tokens[i:i + span])
                    if (len(tokens[i:i + span]) == span and len(joined) >= SPELLED_CHARS and _THAI_WORD.fullmatch(joined)
                            and not self.knows("w:" + joined)
                            and not all(self._familiar(t) for t in tokens[i:i + span])
                            and tries < SPELLING_TRIES):
                        tries += 1
                        fixed = self._nearest_word(joined)
                        if fixed:
                            tokens[i:i + span] = [fixed]
                            break
                i += 1
            out.append("".join(tokens))
        return " ".join(out)

    def _familiar(self, token: str) -> bool:
        """A word the documents use, a Thai word at all (แต่งกลอน is no typo for แห่งก่อน), a
        question or polite word, or Isan we map: not a typo."""
        return (self.knows("w:" + token) or token in STOPWORDS or token in ISAN_TO_CENTRAL or token in thai_words()
                or not _THAI_WORD.fullmatch(token))

    def _nearest_word(self, word: str) -> str | None:
        best, best_idf = None, None
        for candidate in _one_edit(word):
            index = self._vocab.get("w:" + candidate)
            if index is not None and (best_idf is None or self._idf[index] < best_idf):
                best, best_idf = candidate, self._idf[index]
        return best

    def _coverage(self, terms: Terms, row: int) -> float:
        """Share of the question's rarity-weighted trigrams and words found in the passage."""
        central = self._centrals[row]
        weights, found = 0.0, 0.0
        for term in set(terms.trigrams) | {"w:" + w for w in terms.words}:
            # a term the corpus has never seen is as rare as it gets
            weight = float(self._idf[self._vocab[term]]) if term in self._vocab else float(self._idf.max(initial=1.0))
            weights += weight
            if (term[2:] if term.startswith("w:") else term) in central:
                found += weight
        return found / weights if weights else 0.0
