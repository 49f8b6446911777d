"""The questions asked around a walk, and the answers: one definition for every front end.

Plain mode asks them as lines on a terminal, the app as a row of keys and a text field; both
take the words, the order and the scale from here, and both hand the answers to the walk as
one `Answers`. Ratings use the 0-10 numeric rating scale.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal

RATING_MAX = 10
PAIN_RISE = 2  # a rise of this much or more (0-10 scale) is worth a gentle note

AnswerKey = Literal["pain_before", "pain_after", "effort", "notes"]


@dataclass(frozen=True)
class Question:
    key: AnswerKey
    ask: str  # the whole question, as plain mode asks it
    label: str  # the short label beside the answer field in the app
    rating: bool  # a 0-10 rating; otherwise a line of free text


PAIN_BEFORE = Question(
    "pain_before",
    "How does your back feel now, 0 (no pain) to 10 (worst)?",
    "Back pain now",
    rating=True,
)
PAIN_AFTER = Question(
    "pain_after",
    "How does your back feel after the walk, 0 (no pain) to 10 (worst)?",
    "Back pain now",
    rating=True,
)
EFFORT = Question(
    "effort",
    "How hard was it, 0 (rest) to 10 (maximum effort)?",
    "Effort",
    rating=True,
)
NOTES = Question("notes", "Notes (Enter to skip):", "Notes", rating=False)
END_QUESTIONS: tuple[Question, ...] = (PAIN_AFTER, EFFORT, NOTES)
SCALE_HINT = "0 = no pain / rest, 10 = worst pain / all-out"


@dataclass(frozen=True)
class Answers:
    """What the walker said; None where a question was skipped or not reached."""

    pain_before: int | None = None
    pain_after: int | None = None
    effort: int | None = None
    notes: str | None = None

    def answer(self, key: AnswerKey, value: int | str | None) -> Answers:
        """These answers with one more; empty notes count as none."""
        if isinstance(value, str):
            value = value.strip() or None
        if isinstance(value, str) != (key == "notes") and value is not None:
            raise TypeError(f"{key} takes {'text' if key == 'notes' else 'a rating'}: {value!r}")
        changes: dict[str, Any] = {key: value}
        return dataclasses.replace(self, **changes)

    @property
    def pain_rose(self) -> bool:
        """Pain after the walk at least PAIN_RISE higher than before: worth a gentle note."""
        before, after = self.pain_before, self.pain_after
        return before is not None and after is not None and after - before >= PAIN_RISE


def parse_rating(text: str) -> int | None:
    """A typed answer as a rating, or None if it is not a whole number from 0 to 10."""
    text = text.strip()
    if text.isascii() and text.isdigit() and int(text) <= RATING_MAX:
        return int(text)
    return None
