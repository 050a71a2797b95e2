"""Verification depth on both simulators and every bus width the regression builds: memory test
sequences, an independent AXI master on the RTL, the host into an independent AXI RAM, faults.

Each case runs one cocotb module (tests/sim/*.py) in one simulator process; a failure lists every
failed cocotb test with its message, the seed, and the command that reproduces it. The 1 MiB
versions of these runs are in `make soak` (sim/soak.py).
"""

from __future__ import annotations

import pytest

from sim.runner import BuildConfig, toplevel_config
from tests.harness import run_cocotb

WIDTHS = (8, 32, 64, 128)
MODULES = ("tests.sim.memory_sequences", "tests.sim.peers", "tests.sim.faults")


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.rsplit(".", 1)[-1])
@pytest.mark.parametrize("data_width", WIDTHS, ids=lambda w: f"dw{w}")
def test_depth_suite(sim: str, data_width: int, module: str, seed: int, waves: bool) -> None:
    """Memory test sequences, the independent AXI master on the RTL, and faults."""
    run_cocotb(BuildConfig(sim=sim, data_width=data_width, waves=waves), module, seed)


@pytest.mark.parametrize("data_width", WIDTHS, ids=lambda w: f"dw{w}")
def test_host_into_independent_axi_ram(sim: str, data_width: int, seed: int, waves: bool) -> None:
    """The host side's bursts, checked by cocotbext-axi's AxiRam on the empty shell toplevel."""
    run_cocotb(toplevel_config("axi_ram_shell", sim, data_width, waves=waves), "tests.sim.peer_ram", seed)
