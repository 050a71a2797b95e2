"""The FuseSoC core file: the RTL is usable as a dependency, and its lint and sim targets run."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from sim.runner import REPO, setup_verilator_path

CORE = "::nic_shared_ram"


def fusesoc(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("fusesoc")
    setup_verilator_path()
    return subprocess.run(
        [str(exe), "--cores-root", str(REPO), *args],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )


def hierarchy_sources(top: str = "nic_shared_ram") -> set[str]:
    """The hdl/ files ``top`` is built from: the top and every module it instantiates."""
    modules = {}
    for src in (REPO / "hdl").glob("*.v"):
        for name in re.findall(r"^\s*module\s+(\w+)", src.read_text(), re.M):
            modules[name] = src
    needed, todo = set(), [top]
    while todo:
        src = modules[todo.pop()]
        if src.name in needed:
            continue
        needed.add(src.name)
        body = src.read_text()
        todo += [m for m in modules if m != "nic_legacy_illegal_parameters" and re.search(rf"^\s*{m}\b(\s*#|\s+\w+\s*\()", body, re.M)]
    return {f"hdl/{n}" for n in needed}


@pytest.mark.parametrize("target, top", [("lint", "nic_shared_ram"), ("lint_legacy", "nic_legacy")])
def test_lint_target_passes_over_every_source_of_the_hierarchy(tmp_path: Path, target: str, top: str) -> None:
    run = fusesoc(tmp_path, "run", "--build-root", str(tmp_path / "b"), "--target", target, CORE)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    edam = next((tmp_path / "b").rglob("*.eda.yml")).read_text()
    listed = set(re.findall(r"name: (?:\S*/)?(hdl/[\w.]+\.v)", edam))
    missing = hierarchy_sources(top) - listed
    assert not missing, f"the core's rtl fileset lacks {sorted(missing)}"


def test_sim_target_runs_the_smoke_testbench(tmp_path: Path) -> None:
    run = fusesoc(tmp_path, "run", "--build-root", str(tmp_path / "b"), "--target", "sim", CORE)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "PASS: nic_shared_ram_tb" in run.stdout, run.stdout[-2000:]
