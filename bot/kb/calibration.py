"""The numbers that decide between answering and declining.

Chosen by benchmarks/kb_calibrate.py on the "tune" half of benchmarks/kb_questions.jsonl
(the project's own questions, split by a hash of the question) and reported on the other
half; see BENCHMARKS.md. Change them only by running that script again.
"""
from __future__ import annotations

# confidence = a mix of how much of the question the section holds, how much its best
# sentence holds, and whether the section's heading names the topic
COVERAGE_SHARE = 0.4
SENTENCE_SHARE = 0.45
HEADING_SHARE = 0.15

MIN_CONFIDENCE = 0.275
MIN_SENTENCE = 0.15
# a long story-like question spreads over many words the answer never repeats ("I am new
# here, my boss asked me..."), so its scores run lower: it has thresholds of its own
MIN_CONFIDENCE_LONG = 0.125
MIN_SENTENCE_LONG = 0.05
MIN_FIGURE_SENTENCE = 0.55
MIN_FIGURE_SENTENCE_LONG = 0.1  # the asking clause of a long question carries some of its story too
IN_SCOPE = 0.7  # share of the question's content the knowledge base knows at all
# ...or this many of its content words, whatever their share (see answer.scope)
KNOWN_WORDS_IN_SCOPE = 4
# a question that uses few of the documents' words (scope below IN_SCOPE) is answered only
# this sure, else declined as outside the bot's work: off-topic questions reach middling
# confidence on common words alone
MIN_CONFIDENCE_UNFAMILIAR = 0.6


def confidence(coverage: float, sentence: float, heading: float) -> float:
    return COVERAGE_SHARE * coverage + SENTENCE_SHARE * min(sentence, 1.0) + HEADING_SHARE * heading


def answers(confidence: float, sentence: float, kind: str, figure_score: float = 1.0, long: bool = False,
            scope: float = 1.0) -> bool:
    """A figure question is answered only where a sentence holds a number of the thing asked
    together with enough of the question to say the number is about it."""
    min_confidence, min_sentence, min_figure = ((MIN_CONFIDENCE_LONG, MIN_SENTENCE_LONG, MIN_FIGURE_SENTENCE_LONG) if long
                                                else (MIN_CONFIDENCE, MIN_SENTENCE, MIN_FIGURE_SENTENCE))
    return (confidence >= min_confidence and sentence >= min_sentence
            and (scope >= IN_SCOPE or confidence >= MIN_CONFIDENCE_UNFAMILIAR)
            and (kind != "figure" or figure_score >= min_figure))
