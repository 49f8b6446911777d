"""The questions asked around a walk, and the answers: one definition for every front end.

Plain mode asks them as lines on a terminal, the app as a row of keys and a text field; both
take the words, the order and the scale from here, and both hand the answers to the walk as
one `Answers`. Ratings use the 0-10 numeric rating scale. A rating typed one key at a time
follows `type_digit`: a 1 waits a moment for the 0 of a 10, so the worst pain is never
recorded as 1 with its 0 landing in the next answer.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal

RATING_MAX = 10
PAIN_RISE = 2  # a rise of this much or more (0-10 scale) is worth a gentle note
TEN_WAIT_SECONDS = 1.0  # after a 1 typed as a rating, how long a 0 that makes it 10 is awaited

AnswerKey = Literal["pain_before", "pain_after", "effort", "notes"]


@dataclass(frozen=True)
class Question:
    key: AnswerKey
    ask: str  # the whole question, as both front ends ask it
    rating: bool  # a 0-10 rating; otherwise a line of free text
    hint: str = ""  # how to answer, shown with the app's answer field


PAIN_HINT = "0 = no pain, 10 = worst; type 10 for ten"
PAIN_BEFORE = Question(
    "pain_before",
    "How does your back feel now, 0 (no pain) to 10 (worst)?",
    rating=True,
    hint=PAIN_HINT,
)
PAIN_AFTER = Question(
    "pain_after",
    "How does your back feel after the walk, 0 (no pain) to 10 (worst)?",
    rating=True,
    hint=PAIN_HINT,
)
EFFORT = Question(
    "effort",
    "How hard was it, 0 (rest) to 10 (maximum effort)?",
    rating=True,
    hint="0 = rest, 10 = all-out; type 10 for ten",
)
NOTES = Question("notes", "Notes (Enter to skip):", rating=False)
END_QUESTIONS: tuple[Question, ...] = (PAIN_AFTER, EFFORT, NOTES)
SCALE_HINT = "0 = no pain / rest, 10 = worst pain / all-out"

CHECKLIST_TITLE = "Before you go"
CHECKLIST: tuple[tuple[str, str], ...] = (
    ("shoes", "Supportive shoes on"),
    ("water", "Water at hand"),
    ("route", "A flat, even route"),
)
"""The short checklist before a walk (config `checklist`): a key for each item, and its words."""


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


@dataclass(frozen=True)
class Typed:
    """What one digit typed as a 0-10 answer comes to."""

    rating: int | None  # the answer this digit completes, if it completes one
    waiting: int | None  # a digit held back, that the next one may complete (the 1 of 10)


def type_digit(waiting: int | None, digit: int) -> Typed:
    """The next digit of a rating typed key by key, after `waiting` (held back, or None).

    A 1 is held back for up to `TEN_WAIT_SECONDS`: a 0 after it makes 10. Any other digit is
    an answer at once, and so is a digit after the 1 other than 0 (the walker typed again:
    the new digit is meant). A second 1 is held back in its turn. When the wait ends, or
    Enter is pressed, the 1 held back is the answer."""
    if not 0 <= digit <= 9:
        raise ValueError(f"a digit is 0 to 9, got {digit}")
    if waiting == 1 and digit == 0:
        return Typed(rating=RATING_MAX, waiting=None)
    if digit == 1:
        return Typed(rating=None, waiting=1)
    return Typed(rating=digit, waiting=None)
