"""Ray is optional: a plain batch never imports it, and --ray without it is one clear line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_PLAIN_RUN = """
import sys
from extractor.cli import main
from tests.batch.fake_openai import fake_server
with fake_server() as server:
    rc = main(["batch", sys.argv[1], "--out", sys.argv[2], "--base-url", server.base_url,
               "--cache-dir", sys.argv[3], "-q"])
assert rc == 0, rc
assert not [m for m in sys.modules if m == "ray" or m.startswith(("ray.", "extractor.distributed"))]
"""

_NO_RAY = """
import sys
sys.modules["ray"] = None  # as if the extra were not installed
from extractor.cli import main
sys.exit(main(["batch", sys.argv[1], "--out", sys.argv[2], "--ray"]))
"""


def _python(code: str, *args: Path) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-c", code, *map(str, args)]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_a_plain_batch_never_imports_ray(tmp_path, docs):
    done = _python(_PLAIN_RUN, docs, tmp_path / "out", tmp_path / "cache")
    assert done.returncode == 0, done.stderr[-2000:]
    assert len(list((tmp_path / "out").glob("*.out.json"))) == 3


def test_ray_flag_without_ray_is_a_one_line_error(tmp_path, docs):
    done = _python(_NO_RAY, docs, tmp_path / "out")
    assert done.returncode == 3
    line = done.stderr.strip()
    assert line.startswith("extractor: --ray needs Ray: pip install 'ray==") and "\n" not in line
    assert line.endswith("(in a checkout: pip install -e '.[ray]'), on the driver and every node")
    assert not (tmp_path / "out").exists()  # nothing started, nothing written
