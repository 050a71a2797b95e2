"""`make test SHARD=k/N` splits the regression into N shards that together run it exactly once."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from sim.runner import REPO

#: A small selection (fast to collect) that still spans several files and parametrizations.
SELECTION = "tests/test_junit.py tests/test_setup.py tests/models/test_pacing.py tests/models/test_axi_beats.py"


def collected(tmp_path: Path, shard: str | None = None) -> list[str]:
    """The test ids `make test` would run on SELECTION (collect only), for one shard or for all."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "SHARD", "TESTS", "SIM", "PYTEST_ARGS")}
    args = ["make", "test", "JOBS=1", f"RESULTS={tmp_path}", f"PYTEST_ARGS=--collect-only -q -p no:cacheprovider {SELECTION}"]
    if shard:
        args.append(f"SHARD={shard}")
    out = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    return [line for line in out.stdout.splitlines() if re.match(r"^tests/\S+::", line)]


def test_three_shards_run_every_case_of_one_unsharded_run_exactly_once(tmp_path: Path) -> None:
    whole = collected(tmp_path)
    assert len(whole) > 30
    shards = [collected(tmp_path, f"{k}/3") for k in (1, 2, 3)]
    assert all(shards), f"an empty shard: sizes {[len(s) for s in shards]}"
    merged = [case for shard in shards for case in shard]
    assert sorted(merged) == sorted(whole), (
        f"missing {sorted(set(whole) - set(merged))[:5]}, duplicated {sorted({c for c in merged if merged.count(c) > 1})[:5]}"
    )
