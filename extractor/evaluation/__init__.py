"""The evaluation harness: outputs scored against gold annotations (``extractor eval``)."""

from extractor.evaluation.scoring import DocScore, Gold, load_gold, overall, score_document

__all__ = ["DocScore", "Gold", "load_gold", "overall", "score_document"]
