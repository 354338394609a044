"""A per-document cap on model tokens, so retries and re-splits can never run away."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from extractor.errors import TokenBudgetError

# A whole Item 1 takes about 5,000 tokens on the embedded model; 40x that is
# only reached by a loop that keeps re-asking.
DEFAULT_TOKEN_BUDGET = 200_000


@dataclass
class TokenBudget:
    """``spent()`` reports tokens used so far (prompt + completion, retries included)."""

    limit: int
    spent: Callable[[], int]
    start: int = 0

    @classmethod
    def starting_now(cls, limit: int, spent: Callable[[], int]) -> TokenBudget:
        # A backend may serve several documents; only this document's tokens count.
        return cls(limit=limit, spent=spent, start=spent())

    def used(self) -> int:
        return self.spent() - self.start

    def check(self) -> None:
        """Raise before the next call once the budget is used up."""
        used = self.used()
        if used >= self.limit:
            raise TokenBudgetError(
                f"token budget exhausted: the model calls for this document used {used:,} "
                f"tokens (limit {self.limit:,}); raise --token-budget to allow more"
            )
