"""The GitHub Actions workflows: valid YAML, and every `make` target they run exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def _make_targets() -> set[str]:
    text = (REPO / "Makefile").read_text()
    return set(re.findall(r"^([A-Za-z][\w-]*):(?!=)", text, flags=re.M))


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_parses_and_names_its_jobs(workflow: Path) -> None:
    doc = yaml.safe_load(workflow.read_text())
    assert isinstance(doc, dict) and doc.get("jobs"), f"{workflow.name}: no jobs"
    for name, job in doc["jobs"].items():
        assert job.get("steps"), f"{workflow.name}: job {name} has no steps"


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_every_make_target_a_workflow_runs_exists(workflow: Path) -> None:
    doc = yaml.safe_load(workflow.read_text())
    targets = _make_targets()
    runs = [step["run"] for job in doc["jobs"].values() for step in job["steps"] if "run" in step]
    called = {m for run in runs for m in re.findall(r"(?:^|[;&|]\s*)make\s+([a-z][\w-]*)", run, flags=re.M)}
    assert called, f"{workflow.name} runs no make target"
    assert called <= targets, f"{workflow.name} runs make targets the Makefile lacks: {sorted(called - targets)}"
