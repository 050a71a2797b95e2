"""Regression options: which simulators, a fixed seed, waveforms.

    pytest tests --sim icarus --seed 1234 --waves
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from sim.runner import SIMULATORS  # noqa: E402

# cocotb test modules run inside a simulator, never under pytest directly.
collect_ignore = ["sim"]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("nic-shared-ram")
    group.addoption("--sim", action="append", choices=SIMULATORS, help="simulator(s) to run (default: all)")
    group.addoption("--seed", type=int, default=None, help="random seed for every simulation (default: fresh)")
    group.addoption("--waves", action="store_true", help="write an FST waveform for every simulation")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "sim" in metafunc.fixturenames:
        sims = metafunc.config.getoption("--sim") or list(SIMULATORS)
        metafunc.parametrize("sim", sims)


@pytest.fixture
def seed(request: pytest.FixtureRequest) -> int:
    """The seed of a simulation: --seed, else $SEED, else a fresh one (printed on failure)."""
    value = request.config.getoption("--seed")
    if value is None and os.environ.get("SEED"):
        value = int(os.environ["SEED"])
    if value is None:
        value = int.from_bytes(os.urandom(4), "little") & 0x7FFFFFFF
    return value


@pytest.fixture
def waves(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--waves"))


def pytest_configure(config: pytest.Config) -> None:
    # Tag every simulator run of this session (xdist workers inherit the environment).
    if not hasattr(config, "workerinput"):
        os.environ["NIC_TEST_SESSION"] = f"{os.getpid()}-{time.time():.6f}"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """On the controller: one JUnit case per cocotb test and configuration, in build/results/cocotb.xml."""
    if hasattr(session.config, "workerinput"):
        return
    from sim.junit import RUN_INFO, combine, html_matrix
    from sim.runner import BUILD_ROOT

    tag = os.environ.get("NIC_TEST_SESSION")
    runs = [
        p.parent for p in (BUILD_ROOT / "runs").glob(f"*/*/{RUN_INFO}") if json.loads(p.read_text()).get("session") == tag
    ]
    if runs:
        out = BUILD_ROOT / "results" / "cocotb.xml"
        cases, failed = combine(runs, out)
        html_matrix(out, out.with_suffix(".html"))
        session.config._nic_junit = (out, cases, failed)  # type: ignore[attr-defined]
    # Functional coverage: every run's tests add to coverage.json in its run directory.
    covered = [r / "coverage.json" for r in runs if (r / "coverage.json").exists()]
    if covered:
        from models.coverage import write_reports

        session.config._nic_coverage = write_reports(covered, BUILD_ROOT / "results")  # type: ignore[attr-defined]
    # ... and of the Wishbone and Avalon-MM ports (bus-coverage.json)
    bus_covered = [r / "bus-coverage.json" for r in runs if (r / "bus-coverage.json").exists()]
    if bus_covered:
        from models.bus_coverage import write_bus_reports

        session.config._nic_bus_coverage = write_bus_reports(bus_covered, BUILD_ROOT / "results")  # type: ignore[attr-defined]


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    info = getattr(config, "_nic_junit", None)
    if info:
        out, cases, failed = info
        terminalreporter.write_line(
            f"cocotb results: {cases} tests, {failed} failed; JUnit XML in {out.relative_to(REPO)}, "
            f"matrix in {out.with_suffix('.html').relative_to(REPO)}"
        )
    coverage = getattr(config, "_nic_coverage", None)
    if coverage:
        text, txt, js = coverage
        terminalreporter.write_line(text)
        terminalreporter.write_line(f"coverage summary in {txt.relative_to(REPO)} and {js.relative_to(REPO)}")
    bus_coverage = getattr(config, "_nic_bus_coverage", None)
    if bus_coverage:
        text, txt, js = bus_coverage
        terminalreporter.write_line(text)
        terminalreporter.write_line(f"bus coverage summary in {txt.relative_to(REPO)} and {js.relative_to(REPO)}")
