"""Files shipped with the package: package data when installed, the checkout's folders otherwise."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[2]


def package_path(*parts: str) -> Path:
    """``templates/`` or ``schemas/...`` of the installed wheel, else of the source checkout."""
    packaged = resources.files("extractor").joinpath(*parts)
    if packaged.is_dir() or packaged.is_file():
        return Path(str(packaged))
    return _CHECKOUT.joinpath(*parts)


def template_dir() -> Path:
    return package_path("templates")
