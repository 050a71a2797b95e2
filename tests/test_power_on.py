"""Outputs defined from time 0: the RTL as a third-party (cocotbext-axi style) testbench meets it.

Each case runs one test of tests/sim/power_on.py as the first and only test of a simulator run,
so it sees the power-on state:

* Icarus (power-on value X for anything without an initial value): from time 0, with reset first
  asserted after 3 clock edges, no output of the AXI4 and AXI4-Lite ports is X or Z at any edge,
  no BVALID/RVALID before a request, and a short copy suite reads back.
* Verilator built with random initial values (``--x-assign unique --x-initial unique``, run with
  ``+verilator+rand+reset+2 +verilator+seed+N``): the same bench over five seeds derived from the
  test seed (one randomised build per toplevel, shared by the seeds).

nic_shared_ram and nic_legacy run on the randomised build; the test-only wrappers (stall wrapper,
engine toplevel) run on the regression's own builds of them, so they add no build.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from sim.runner import BuildConfig, random_init_plusargs, run, toplevel_config
from tests.test_legacy import legacy_config

MODULE = "tests.sim.power_on"
BENCH = "third_party_bench_samples_before_reset_then_copies"
NO_RESET = "requests_before_any_reset_are_served"
AT_RESET_VALUES = "outputs_hold_their_reset_values_until_the_first_clock_edge"
#: Seeds of the randomised power-on values per Verilator case (the bench; the no-reset case).
RANDOM_SEEDS = 5
NO_RESET_SEEDS = 2


def _config(sim: str, top: str) -> BuildConfig:
    """The build of ``top``: randomised power-on values on Verilator for the designs in hdl/."""
    if top == "nic_shared_ram":
        return BuildConfig(sim=sim, data_width=64, random_init=sim == "verilator")
    if top == "nic_legacy":
        return replace(legacy_config(sim, 16, 16384, 8192), random_init=sim == "verilator")
    if top == "nic_stall_wrapper":
        return toplevel_config("nic_stall_wrapper", sim, 32)
    return toplevel_config("nic_fast_top", sim, 64)


def _seeds(cfg: BuildConfig, seed: int, count: int) -> list[int]:
    """One seed on Icarus (nothing is random there) or on a build without random init; ``count``
    on a randomised Verilator build, derived from the test seed."""
    count = count if cfg.random_init and cfg.sim == "verilator" else 1
    return [(seed + 7919 * i) % 0x7FFFFFFF or 1 for i in range(count)]


def _run_seeds(cfg: BuildConfig, testcase: str, seed: int, count: int) -> None:
    failures = []
    seeds = _seeds(cfg, seed, count)
    for s in seeds:
        result = run(cfg, MODULE, testcase=testcase, seed=s)
        if cfg.random_init and cfg.sim == "verilator":
            # the randomisation is really on: in the model's build command and in the run's plusargs
            built_with = (cfg.build_dir / "Vtop__verFiles.dat").read_text()
            assert "--x-initial unique" in built_with and "--x-assign unique" in built_with, cfg.build_dir
            plusargs = json.loads((result.run_dir / "run.json").read_text())["plusargs"]
            assert plusargs[:2] == random_init_plusargs(s), plusargs
        if not result.cases:
            failures.append(f"seed {s}: no cocotb test ran; see {result.run_dir / 'sim.log'}")
        elif result.failed or result.exit_code:
            failures.append(f"seed {s}:\n{result.summary()}")
    assert not failures, f"{len(failures)} of {len(seeds)} seeds failed on {cfg.name}:\n" + "\n".join(failures)


@pytest.mark.parametrize("top", ("nic_shared_ram", "nic_legacy", "nic_stall_wrapper", "nic_fast_top"))
def test_bus_defined_and_silent_before_the_first_reset_then_copies(sim: str, top: str, seed: int) -> None:
    """Masters and clock from time 0, reset after 3 edges: defined outputs at every edge, no response
    before a request, a copy suite that reads back and leaves the rest of the RAM untouched."""
    _run_seeds(_config(sim, top), BENCH, seed, RANDOM_SEEDS)


@pytest.mark.parametrize("top", ("nic_shared_ram", "nic_legacy"))
def test_requests_before_any_reset_are_served(sim: str, top: str, seed: int) -> None:
    """No reset at all: the power-on state serves requests as the reset state does."""
    _run_seeds(_config(sim, top), NO_RESET, seed, NO_RESET_SEEDS)


def test_outputs_hold_their_reset_values_until_the_first_clock_edge(sim: str, seed: int) -> None:
    """From time 0 to the first clock edge every AXI output and nic_rdata hold their reset values
    (low, zero); AWREADY/ARREADY rise at that edge. On the regression's own build: its inputs
    start at 0 on Verilator too, where a build with randomised values may see a clock edge at
    time 0."""
    result = run(BuildConfig(sim=sim, data_width=32), MODULE, testcase=AT_RESET_VALUES, seed=seed)
    assert result.cases, f"no cocotb test ran; see {result.run_dir / 'sim.log'}"
    assert not result.failed and not result.exit_code, result.summary()
