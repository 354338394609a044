"""Why verification refuses a statement: one code per problem, with its message and
whether the fact may be restated as its cited passage.

The message is what ``rejected[].reason`` records; code never matches it. A problem
of the model's wording only (its citation was found and is the company's) may be
restated (``core/verify/restate.py``); one that credits the company with someone else's
fact, or plants an instruction, may not.
"""

from __future__ import annotations

from enum import Enum


class Problem(Enum):
    EMPTY = ("empty statement", False)
    TOO_LONG = ("statement longer than one sentence", False)
    CUT_OFF = ("statement cut off mid-sentence", True)
    INSTRUCTION = ("quote is an instruction addressed to a model, not a fact", False)
    UNSUPPORTED_WORDS = ("statement not supported by the words of its quote", True)
    OTHER_PARTY = ("statement credits the company with a fact about someone else", False)
    NEIGHBOUR = ("statement is about the sentence next to its quote", False)
    DIRECTION = ("statement says up or down where its passage does not", True)
    DUPLICATE = ("duplicate of an earlier fact", False)
    CONTROL_CHARACTERS = ("statement contains control characters", False)
    MARKUP = ("statement contains markup", False)
    NEGATION_ADDED = ("statement negates where its passage does not", True)
    NEGATION_DROPPED = ("statement drops the negation of its passage", True)
    HEDGE_DROPPED = ("statement states as fact what its passage says may be", True)
    RESULT_FLIPPED = ("statement turns a loss into income or income into a loss", True)
    PERIODS_SWAPPED = ("statement gives a figure another year than its passage", True)
    SIGN_ADDED = ("statement gives a figure a sign its passage does not", True)
    NAMES_ADDED = ("statement names what its passage does not", True)

    def __init__(self, message: str, restatable: bool) -> None:
        self.message = message
        self.restatable = restatable

    def __str__(self) -> str:
        return self.message
