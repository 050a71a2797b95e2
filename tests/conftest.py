"""Regression options: which simulators, a fixed seed, waveforms.

    pytest tests --sim icarus --seed 1234 --waves
"""

from __future__ import annotations

import os
import sys
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
