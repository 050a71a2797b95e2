"""The legacy NIC (nic_legacy) suite, tests/sim/legacy.py, on both simulators.

Two builds: a 16-bit ISA-style window of 8 KiB over 16 KiB of RAM (two banks, as the 3c503-16),
and a 64-bit bus with a 4 KiB window over four banks, where the remote-DMA engine's byte lanes
are not the bus's.  A failure lists every failed cocotb test, the seed, and the command that
reruns it.
"""

from __future__ import annotations

import json

import pytest

from sim.runner import REPO, BuildConfig
from tests.harness import run_cocotb, save_file_signals, waveform_signals

MODULE = "tests.sim.legacy"
PORT_BASE = 0x300

# (DATA_WIDTH, RAM_BYTES, WINDOW_BYTES)
BUILDS = ((16, 16384, 8192), (64, 16384, 4096))


def legacy_config(sim: str, data_width: int, ram_bytes: int, window_bytes: int, waves: bool = False) -> BuildConfig:
    """A nic_legacy build; the window base is 0xD0000, the ports start at 0x300."""
    return BuildConfig(
        sim=sim,
        data_width=data_width,
        ram_bytes=ram_bytes,
        base_addr=0xD0000,
        waves=waves,
        toplevel="nic_legacy",
        extra_parameters=(("WINDOW_BYTES", window_bytes), ("PORT_BASE", PORT_BASE)),
    )


@pytest.mark.parametrize("build", BUILDS, ids=lambda b: f"dw{b[0]}-ram{b[1]}-win{b[2]}")
def test_legacy_suite(sim: str, build: tuple[int, int, int], seed: int, waves: bool) -> None:
    cfg = legacy_config(sim, *build, waves=waves)
    run_cocotb(cfg, MODULE, seed)


def test_scenarios_pass_and_write_waveforms_their_save_file_can_show(sim: str, seed: int) -> None:
    """`make sim SCENARIO=port` and `SCENARIO=paged`: both pass on their nic_legacy build, write a
    summary and a waveform, and every signal of sim/nic_legacy.gtkw is in that waveform."""
    from sim.main import SAVE_FILES, SCENARIOS, TOPLEVELS, scenario_parameters

    names = ("port", "paged")
    configs = {
        BuildConfig(sim=sim, data_width=64, ram_bytes=16384, base_addr=0xD0000, waves=True,
                    toplevel=TOPLEVELS[n], extra_parameters=scenario_parameters(n, 16384))
        for n in names
    }
    assert len(configs) == 1, "the legacy scenarios should share one build"
    cfg = configs.pop()
    result = run_cocotb(cfg, "tests.sim.scenarios", seed, testcase=[SCENARIOS[n] for n in names], run_name="legacy-scenarios",
                        cases=len(names))
    summary = json.loads((result.run_dir / "summary.json").read_text())
    assert summary["result"] == "PASS" and summary["bytes"] == 1514, summary
    assert result.waves_file is not None, f"no waveform in {result.run_dir}"
    present = waveform_signals(result.waves_file)
    for n in names:
        wanted = save_file_signals(REPO / SAVE_FILES[n])
        assert len(wanted) > 20
        missing = [s for s in wanted if s not in present]
        assert not missing, f"{SAVE_FILES[n]} names signals the {sim} waveform does not have: {missing}"
