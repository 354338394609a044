import pytest

from extractor.errors import ArgumentError
from extractor.providers.base import Usage
from extractor.providers.openai_compatible import split_model


def test_provider_strings_follow_instructor():
    assert split_model("openai/gpt-4o-mini") == ("openai", "gpt-4o-mini")
    assert split_model("ollama/qwen2.5:7b") == ("ollama", "qwen2.5:7b")
    assert split_model("anthropic/claude-3-5-haiku-latest")[0] == "anthropic"
    for bad in ("gpt4", "/x", "openai/"):
        with pytest.raises(ArgumentError, match="provider/name"):
            split_model(bad)


def test_usage_counts_every_completion_including_retries():
    class U:
        prompt_tokens = 10
        completion_tokens = 4

    class R:
        usage = U()

    usage = Usage()
    usage.record(R())
    usage.record(R())
    usage.record(object())  # a response without usage still counts as a call
    assert (usage.calls, usage.prompt_tokens, usage.completion_tokens) == (3, 20, 8)
