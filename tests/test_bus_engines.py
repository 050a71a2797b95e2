"""The fast Wishbone and Avalon-MM engines in the regression: differential against the pin-level
masters clock by clock, the same call results under the Verilog clock, a violation injected under
the Verilog clock failing its call, and the NDIS suite through each fast engine.

Everything runs on the bus's engine wrapper at the width its pin-level suites in
``tests/test_buses.py`` use, so the wrapper's build is shared with them (no build of its own).
"""

from __future__ import annotations

import json

import pytest

from sim.runner import BuildConfig, build, bus_engine_config
from tests.harness import run_cocotb

MODULE = "tests.sim.bus_engines"
#: (mode, pacing) of each comparison (tests/sim/bus_engines.py: WB_MODES, PACINGS): every Wishbone
#: mode paced at random (idle cycles before requests), the burst modes also unpaced; Avalon-MM has one.
WB_CASES = (("pipelined", "none"), ("pipelined", "random"), ("standard", "none"), ("standard", "random"),
            ("classic", "random"))
#: The width of each bus's differential run: one the pin-level suites build anyway.
WIDTH = 32


def _cases(bus: str) -> tuple[tuple[str, str], ...]:
    return WB_CASES if bus == "wishbone" else WB_CASES[:2]


#: What the full differential run adds to the comparisons: bad input and reset under cocotb's
#: clock, an injected violation under the Verilog clock.
EDGE_CASES = ("fast_engine_rejects_bad_input", "reset_ends_a_fast_call_cleanly")
VIOLATION_CASES = ("a_violation_fails_its_call",)


def _agree(cfg: BuildConfig, bus: str, cases: tuple[tuple[str, str], ...], seed: int,
           edge: tuple[str, ...] = (), violation: tuple[str, ...] = ()) -> None:
    """Run ``cases`` with both engines under cocotb's clock (compared clock by clock in the
    simulation), then with the fast engine alone under the Verilog clock, and hold the call results
    of the two runs to each other."""
    runner = build(cfg)
    both = run_cocotb(cfg, MODULE, seed, testcase=[f"bus_engines_agree_cycle_for_cycle/mode={m}/pacing={p}"
                                                   for m, p in cases] + list(edge),
                      run_name="bus-engines-python-clock", runner=runner, cases=len(cases) + len(edge))
    fast = run_cocotb(cfg, MODULE, seed, testcase=[f"fast_engine_scenario/mode={m}/pacing={p}" for m, p in cases]
                      + list(violation),
                      run_name="bus-engines-verilog-clock", plusargs=["+fast_clock"], runner=runner,
                      cases=len(cases) + len(violation))
    for mode, pacing in cases:
        name = f"bus-engine-calls-{mode}-{pacing}.json"
        reference = json.loads((both.run_dir / name).read_text())
        verilog_clock = json.loads((fast.run_dir / name).read_text())
        assert len(reference) == len(verilog_clock) > 5
        for i, (a, b) in enumerate(zip(reference, verilog_clock)):
            assert a == b, f"seed {seed}, {bus} {mode} {pacing}: call {i} differs under the Verilog clock:\n{a}\n{b}"


@pytest.mark.parametrize("bus", ("wishbone", "avalon"))
def test_bus_engines_agree_on_python_and_verilog_clock(sim: str, bus: str, seed: int, waves: bool) -> None:
    """Pin-level master and transactor make the same requests and answers in the same cycles, leave
    the same RAM and return the same results, with and without pacing (Wishbone: pipelined,
    standard-mode bursts, classic cycles); under the Verilog clock the fast engine returns, call
    for call, the same results, and a spurious answer injected on the port fails its call by the
    recorder-fed rules; what the transactor cannot carry is refused before any bus cycle, and reset
    ends a call cleanly."""
    _agree(bus_engine_config(bus, sim, WIDTH, waves=waves), bus, _cases(bus), seed, EDGE_CASES, VIOLATION_CASES)


@pytest.mark.parametrize("bus", ("wishbone", "avalon"))
def test_bus_engines_agree_at_the_width_make_sim_runs(sim: str, bus: str, seed: int) -> None:
    """At the width and on the build of `make sim BUS=...` (64 bits, waves on), where the fast engine
    is the default: the paced comparisons of every mode, both clocks, the same results."""
    from sim.main import scenario_config

    cases = tuple(case for case in _cases(bus) if case[1] == "random")
    _agree(scenario_config("frame", sim, bus=bus), bus, cases, seed)


@pytest.mark.parametrize("bus", ("wishbone", "avalon"))
def test_ndis_suite_on_fast_bus_engine(sim: str, bus: str, seed: int, waves: bool) -> None:
    """The end-to-end NDIS suite with every call moved by the bus's transactor under the Verilog
    clock, the protocol rules and coverage fed by the wrapper's recorder after every call."""
    cfg = bus_engine_config(bus, sim, WIDTH, waves=waves)
    run_cocotb(cfg, "tests.sim.ndis_write", seed, run_name="ndis_write-fast", env={"NIC_ENGINE": "fast"},
               plusargs=["+fast_clock"])
