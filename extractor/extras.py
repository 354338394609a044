"""What to install for an optional extra, said so that it is true wherever extractor runs.

``pip install 'extractor[edgar]'`` would fetch a package of that name from PyPI, which is
not this project; so the hint names the extra's own requirements, pinned as this
package's metadata pins them (an installed wheel), and the form for a checkout.
"""

from __future__ import annotations

import re
from importlib import metadata

DISTRIBUTION = "extractor"


def _requirements(extra: str) -> list[str]:
    try:
        declared = metadata.requires(DISTRIBUTION) or []
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        declared = []
    marker = re.compile(rf"""extra\s*==\s*['"]{re.escape(extra)}['"]""")
    return [r.split(";")[0].strip() for r in declared if ";" in r and marker.search(r)]


def install_hint(extra: str) -> str:
    """``pip install 'edgartools==5.62.1' (in a checkout: pip install -e '.[edgar]')``."""
    checkout = f"pip install -e '.[{extra}]'"
    names = " ".join(f"'{r}'" for r in _requirements(extra))
    return f"pip install {names} (in a checkout: {checkout})" if names else checkout
