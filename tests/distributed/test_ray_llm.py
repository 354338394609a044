"""``extractor batch --ray`` with the real embedded model: a one-node cluster started for the run.

The worker starts its own llama.cpp server with the node's CPUs as threads.
One short real paragraph (one extraction call) keeps this near a minute.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.batch import SUMMARY_FILE
from extractor.core.schema import Output
from tests.distributed.conftest import need_ray

need_ray()

pytestmark = pytest.mark.llm

DOC = Path(__file__).resolve().parents[1] / "data" / "batch_llm" / "SONM_2022_paragraph.txt"
TIMEOUT_S = 900  # generous: a busy machine is slow, not wrong


def test_embedded_model_on_a_local_cluster(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    shutil.copy(DOC, folder / DOC.name)
    cmd = [sys.executable, "-m", "extractor", "batch", str(folder), "--out", str(out)]
    cmd += ["--cache-dir", str(tmp_path / "cache"), "-q", "--ray", "--read", "4"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "documents per Ray node" in done.stderr
    output = Output.model_validate_json((out / f"{DOC.stem}.out.json").read_text())
    assert output.run.backend == "local" and output.run.llm_calls >= 1
    source = DOC.read_text(encoding="utf-8")
    assert output.facts
    for fact in output.facts:
        for c in fact.citations:
            assert source[c.start : c.end] == c.quote
    assert output.summary.text
    rows = json.loads((out / SUMMARY_FILE).read_text())["documents"]
    assert [r["status"] for r in rows] == ["done"]
