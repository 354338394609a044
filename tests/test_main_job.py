"""The README's first command, the main job on ``examples/``, leaves the checkout as it was.

It runs as written (its loop, in bash) in a git repository made from a copy of
this one, with ``.venv/bin/extractor`` standing for the installed command: the
real CLI, sent to a loopback endpoint (tests/batch/fake_openai.py) instead of
the embedded model. Its outputs must land in a git-ignored place, so
``git status`` stays clean and the checked-in reference outputs stay as they are.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from tests.batch.fake_openai import fake_server
from tests.conftest import ROOT
from tests.repo_copy import copy_repository


def _main_job() -> str:
    """The command after the install steps, from the README's first ``sh`` block."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", readme, re.DOTALL)
    assert block, "README has no sh block"
    steps = block.group(1).strip().split(" && ")
    assert "venv" in steps[0] and "pip install" in steps[1], steps
    job = " && ".join(steps[2:])
    assert job.startswith("for f in examples/") and "extractor summarize" in job, job
    return job


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_readme_main_job_leaves_git_status_clean(tmp_path: Path):
    repo = copy_repository(tmp_path / "extractor")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "clone")
    with fake_server() as server:
        command = repo / ".venv" / "bin" / "extractor"
        command.parent.mkdir(parents=True)
        command.write_text(
            "#!/bin/sh\n"
            f"PYTHONPATH={shlex.quote(str(repo))} exec {shlex.quote(sys.executable)} "
            f'-m extractor "$@" --base-url {server.base_url}\n',
            encoding="utf-8",
        )
        command.chmod(0o755)
        env = {**os.environ, "EXTRACTOR_CACHE_DIR": str(tmp_path / "cache")}
        proc = subprocess.run(
            ["bash", "-c", _main_job()],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
    assert proc.returncode == 0, proc.stderr[-3000:]
    examples = sorted((repo / "examples").glob("*_item1.txt"))
    assert proc.stdout.count("\n") >= len(examples) == 2  # one paragraph per text
    # What the job wrote is what git ignores and was not there before: one output per text.
    ignored = _git(repo, "ls-files", "--others", "--ignored", "--exclude-standard").split()
    written = sorted(Path(p).name for p in ignored if p.endswith(".out.json"))
    assert written == [e.name.replace(".txt", ".out.json") for e in examples]
    assert _git(repo, "status", "--porcelain", "--untracked-files=all") == ""
