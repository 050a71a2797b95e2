"""The shared RAM on its other host buses: the NDIS suites, the memory sequences and the port tests
run over Wishbone (nic_shared_ram_wb) and Avalon-MM (nic_shared_ram_avmm) on both simulators.

They run on each bus's engine wrapper (wb_fast_top, avmm_fast_top) with the pin-level engine
selected (x_sel = 0, the wrapper's default): the RTL top sees exactly the pins these tests drive,
and the fast engine's tests (tests/test_bus_engines.py) share the same builds.

Two widths per bus and simulator (the memory sequences at the wider one) keep the added time small (each
Verilator configuration is a build of its own); `make soak` and `make test-one TOPLEVEL=...` reach
the others.
"""

from __future__ import annotations

import json

import pytest

from sim.runner import BuildConfig, bus_engine_config, run

BUS_WIDTHS = (32, 128)

SUITES = {
    "wishbone": (
        ("ndis_write", "tests.sim.ndis_write", None, {}),
        ("memory_sequences", "tests.sim.memory_sequences", None, {}),
        ("port", "tests.sim.wishbone_port", None, {}),
    ),
    "avalon": (
        ("ndis_write", "tests.sim.ndis_write", None, {}),
        ("memory_sequences", "tests.sim.memory_sequences", None, {}),
        ("port", "tests.sim.avalon_port", None, {}),
    ),
}

#: Suites run at one width only, the widest: the memory sequences touch every word of the RAM
#: several times (March C- is ten single-word transfers a word), so 128 bits is a quarter of the
#: transfers of 32 over the same RAM, every byte lane included. The other widths are `make soak`'s
#: wb_memory_sequences and avmm_memory_sequences.
ONE_WIDTH = ("memory_sequences",)
#: Suites run at the narrowest width only: the NDIS suite, which also runs through each fast engine
#: (tests/test_bus_engines.py) and, on Wishbone, with registered-feedback bursts at 128 bits below;
#: `make soak`'s wb_ndis_write and avmm_ndis_write run it at every width, wb_classic_ndis_write over
#: classic cycles.
NARROW_ONLY = ("ndis_write",)

CASES = [
    pytest.param(bus, module, tests, env, data_width, id=f"{bus}-{name}-dw{data_width}")
    for bus, suites in SUITES.items()
    for name, module, tests, env in suites
    for data_width in (BUS_WIDTHS[-1:] if name in ONE_WIDTH else BUS_WIDTHS[:1] if name in NARROW_ONLY else BUS_WIDTHS)
]


def _check(cfg: BuildConfig, module: str, seed: int, tests=None, env=None) -> None:
    result = run(cfg, module, testcase=tests, seed=seed, extra_env=env,
                 run_name=module.rsplit(".", 1)[-1] + ("-" + "-".join(f"{v}" for v in env.values()) if env else ""))
    assert result.cases, f"no cocotb test ran; see {result.run_dir / 'sim.log'}"
    prefix = " ".join(f"{k}={v}" for k, v in (env or {}).items())
    assert not result.failed and result.exit_code == 0, f"seed {seed} {prefix}\n" + result.summary()


@pytest.mark.parametrize("bus, module, tests, env, data_width", CASES)
def test_bus_suite(sim: str, data_width: int, bus: str, module: str, tests, env, seed: int, waves: bool) -> None:
    cfg = bus_engine_config(bus, sim, data_width, waves=waves)
    _check(cfg, module, seed, tests, env)


def test_independent_wishbone_master_against_the_rtl(sim: str, seed: int, waves: bool) -> None:
    """cocotbext-wishbone's master: random reads and writes in and out of the window, checked
    against the golden model."""
    cfg = bus_engine_config("wishbone", sim, 32, waves=waves)
    _check(cfg, "tests.sim.wishbone_peers", seed)


def test_host_over_wishbone_into_a_model_ram(sim: str, seed: int, waves: bool) -> None:
    """The host's Wishbone master and NDIS calls against a stalling Python RAM model (not the RTL)."""
    cfg = BuildConfig(sim=sim, data_width=64, waves=waves, toplevel="wb_ram_shell",
                      extra_sources=("wb_ram_shell.v",))
    _check(cfg, "tests.sim.wishbone_peer_ram", seed)


def test_independent_avalon_master_against_the_rtl(sim: str, seed: int, waves: bool) -> None:
    """cocotbext-avalon's master: random reads and writes checked against the golden model."""
    cfg = bus_engine_config("avalon", sim, 32, waves=waves)
    _check(cfg, "tests.sim.avalon_peers", seed)


def test_host_over_avalon_into_a_third_party_memory_model(sim: str, seed: int, waves: bool) -> None:
    """The host's Avalon-MM master and NDIS calls against cocotbext-avalon's memory model."""
    cfg = BuildConfig(sim=sim, data_width=64, waves=waves, toplevel="avmm_ram_shell",
                      extra_sources=("avmm_ram_shell.v",))
    _check(cfg, "tests.sim.avalon_peer_ram", seed)


def test_ndis_suite_over_classic_registered_feedback_bursts(sim: str, seed: int, waves: bool) -> None:
    """The whole NDIS suite through the standard-mode master issuing registered-feedback bursts
    (CTI 010 .. 111), judged by the monitor's classic rules."""
    cfg = bus_engine_config("wishbone", sim, BUS_WIDTHS[1], waves=waves)
    _check(cfg, "tests.sim.ndis_write", seed, env={"NIC_ENGINE": "classic-burst"})


# ------------------------------------------------------------------ make sim BUS=..., GTKWave views


#: What moves the frame scenario's requests under each engine of `make sim BUS=...`, and what judges them.
SIM_MASTERS = {"wishbone": {"fast": "WishboneFastEngine", "pin": "WishboneMaster"},
               "avalon": {"fast": "AvalonFastEngine", "pin": "AvalonMaster"}}
SIM_CHECKERS = {"fast": "RecordedBusChecker", "pin": "BusProtocolChecker"}


@pytest.mark.parametrize("engine", ("fast", "pin"))
@pytest.mark.parametrize("bus", ("wishbone", "avalon"))
def test_frame_scenario_and_its_save_file(sim: str, bus: str, engine: str, seed: int) -> None:
    """`make sim BUS=...` (and with ENGINE=pin, on the same build): the frame scenario passes on the
    bus's engine wrapper, moved by that engine's master and judged by the checker the wrapper gives
    it under its clock (the recorder's under the Verilog clock, the sampling monitor under
    cocotb's), whose coverage saw the bursts; every signal the wrapper's GTKWave save file names is
    in the waveform it writes; every filter file the save file uses exists."""
    from sim.main import SCENARIOS, scenario_config, scenario_launch, scenario_save_file
    from sim.runner import REPO
    from tests.test_waves import save_file_filters, save_file_signals, waveform_signals

    env, plusargs = scenario_launch("frame", bus, engine)
    # the scenario's single write is no coverage to speak of: its counts stay out of the report
    result = run(scenario_config("frame", sim, bus=bus, engine=engine), "tests.sim.scenarios", testcase=SCENARIOS["frame"],
                 seed=seed, extra_env={**env, "NIC_COVERAGE_FILE": "scenario-coverage.json"}, plusargs=plusargs)
    assert result.cases and not result.failed, result.summary()
    summary = json.loads((result.run_dir / "summary.json").read_text())
    ran = summary.get("engine"), summary.get("master"), summary.get("checker")
    assert ran == (engine, SIM_MASTERS[bus][engine], SIM_CHECKERS[engine]), f"ENGINE={engine} on {bus} ran with {ran}"
    coverage = json.loads((result.run_dir / "bus-scenario-coverage.json").read_text())
    assert sum(entry["bursts"] for entry in coverage[bus].values()) > 0, f"the {engine} engine's checker fed no burst to coverage"
    assert result.waves_file is not None, f"no waveform in {result.run_dir}"
    save = REPO / scenario_save_file("frame", bus)
    wanted = save_file_signals(save)
    missing = [n for n in wanted if n not in waveform_signals(result.waves_file)]
    assert len(wanted) > 20 and not missing, f"{save.name} names signals the {sim} waveform does not have: {missing}"
    filters = save_file_filters(save)
    assert filters and all(f.is_file() for f in filters), f"{save.name}: filters {filters}"


@pytest.mark.parametrize(
    "name, codes",
    [("wb_cti.txt", {0: "CLASSIC", 1: "CONSTANT", 2: "INCR", 7: "END-OF-BURST", 3: "RESERVED"}),
     ("wb_bte.txt", {0: "LINEAR", 1: "WRAP4", 2: "WRAP8", 3: "WRAP16"}),
     ("avmm_resp.txt", {0: "OKAY", 1: "RESERVED", 2: "SLVERR", 3: "DECODEERROR"})],
)
def test_bus_translate_filters_name_every_encoding(name: str, codes: dict[int, str]) -> None:
    from sim.runner import REPO

    table = dict(line.split(maxsplit=1) for line in (REPO / "sim/gtkwave" / name).read_text().splitlines() if line)
    for code, label in codes.items():
        assert table.get(f"{code:x}") == label, f"{name}: code {code} should read {label}, reads {table.get(f'{code:x}')}"
