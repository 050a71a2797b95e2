"""The testbench's own machinery, in the simulators: the AXI protocol checker, stalls, coverage.

- ``protocol_checker`` (on a passive pin shell): each rule fires on a violation driven on
  purpose, at the right edge and on the right channel, and legal traffic fires none.
- ``protocol_env`` (on nic_shared_ram): the checker inside every NicRamEnv fails a test on an
  undeclared violation, with time, channel and rule; declared ones pass and must happen.
- ``stalls`` (on the stall wrapper): slave stalls and master pacing take effect, stay legal AXI
  on both sides, and lose nothing.
- ``coverage_closure`` (on nic_shared_ram, every width the regression builds): directed bursts
  reach every coverage bin, with and without stalls, all checked against the golden model.

A failure prints the seed and the command that reruns the module on the same configuration.
"""

from __future__ import annotations

import pytest

from sim.runner import BuildConfig, toplevel_config
from tests.harness import run_cocotb

WIDTHS = (8, 32, 64, 128)
STALL_WIDTH = 32


def test_protocol_checker_fires_on_each_violation(sim: str, seed: int, waves: bool) -> None:
    run_cocotb(toplevel_config("axi_probe_shell", sim, 32, waves=waves), "tests.sim.protocol_checker", seed)


def test_protocol_checker_fails_the_test(sim: str, seed: int, waves: bool) -> None:
    run_cocotb(BuildConfig(sim=sim, data_width=64, waves=waves), "tests.sim.protocol_env", seed)


def test_stalls_take_effect_legally(sim: str, seed: int, waves: bool) -> None:
    run_cocotb(toplevel_config("nic_stall_wrapper", sim, STALL_WIDTH, waves=waves), "tests.sim.stalls", seed)


@pytest.mark.parametrize("data_width", WIDTHS, ids=lambda w: f"dw{w}")
def test_coverage_closure(sim: str, data_width: int, seed: int, waves: bool) -> None:
    run_cocotb(BuildConfig(sim=sim, data_width=data_width, waves=waves), "tests.sim.coverage_closure", seed)
