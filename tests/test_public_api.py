import subprocess
import sys

import extractor


def test_public_surface_is_curated():
    assert sorted(extractor.__all__) == sorted(
        [
            "CATEGORIES",
            "SCHEMA_VERSION",
            "Citation",
            "ExtractionError",
            "ExtractorError",
            "Fact",
            "FactFields",
            "InputError",
            "ModelSetupError",
            "ModelUnavailableError",
            "NotDisclosed",
            "Output",
            "RenderError",
            "RunInfo",
            "Summary",
            "SummarySentence",
            "summarize",
        ]
    )
    for name in extractor.__all__:
        assert getattr(extractor, name) is not None


def test_every_error_shares_one_root():
    for name in (
        "ExtractionError",
        "InputError",
        "ModelSetupError",
        "ModelUnavailableError",
        "RenderError",
    ):
        assert issubclass(getattr(extractor, name), extractor.ExtractorError)


def test_core_never_imports_an_llm_client():
    code = (
        "import sys, extractor, extractor.core.verify.facts, extractor.core.paragraph.render, "
        "extractor.core.select.rank, extractor.core.verify.drafts\n"
        "bad = [m for m in ('openai', 'instructor', 'httpx') if m in sys.modules]\n"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
