"""The GTKWave views: every signal a save file names exists in the waveform its scenario writes,
and the translate filters name every encoding. A renamed signal cannot silently empty a view."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.main import SAVE_FILES as SCENARIO_SAVE_FILES
from sim.main import (
    BUS_SAVE_FILES,
    ENGINES,
    SCENARIOS,
    TOP_SAVE_FILES,
    scenario_config,
    scenario_launch,
    scenario_save_file,
    scenario_scope,
)
from sim.runner import BUS_FAST_TOPLEVELS, BUS_TOPLEVELS, REPO
from tests.harness import run_cocotb, save_file_signals, waveform_signals

SAVE_FILES = sorted(set(SCENARIO_SAVE_FILES.values()) | set(BUS_SAVE_FILES.values()) | set(TOP_SAVE_FILES.values()))
#: Every scenario as `make sim` runs it (its default engine), and the frame scenario with the
#: pin-level master too (`make sim ENGINE=pin`).
RUNS = [(scenario, None) for scenario in sorted(SCENARIOS)] + [("frame", "pin")]
RUN_IDS = [scenario if engine is None else f"{scenario}-{engine}" for scenario, engine in RUNS]


def run_scenario(sim: str, scenario: str, engine: str | None, seed: int):
    env, plusargs = scenario_launch(scenario, engine=engine)
    return run_cocotb(scenario_config(scenario, sim, engine=engine), "tests.sim.scenarios", seed,
                      testcase=SCENARIOS[scenario], env=env, plusargs=plusargs)


def save_file_filters(path: Path) -> list[Path]:
    return [REPO / line.split(maxsplit=1)[1] for line in path.read_text().splitlines() if line.startswith("^")]


#: Each scenario's main call (the start of its trace text) and the channel its bursts use.
MAIN_CALLS = {
    "frame": ("NdisImmediateWriteSharedMemory 0xd0000 1514", "s_axi_aw"),
    "port": ("NdisImmediateWriteSharedMemory 0xd0000 1514", "s_axil_aw"),
    "paged": ("NdisMoveToMappedMemory 0x", "s_axi_aw"),
    "liteeth": ("NdisImmediateWriteSharedMemory 0x", "s_wb_"),
}
#: The frame scenario on the other buses (`make sim BUS=...`): the main call, and the "channel"
#: whose transfers are checked (see HANDSHAKES).
BUS_MAIN_CALLS = {
    "wishbone": ("NdisImmediateWriteSharedMemory 0xd0000 1514", "wishbone"),
    "avalon": ("NdisImmediateWriteSharedMemory 0xd0000 1514", "avalon"),
}
#: A transfer is a clock edge where every signal of one of these groups is high ("!": low); by
#: default <channel>valid and <channel>ready. Classic Wishbone (LiteEth): STB and ACK. Pipelined
#: Wishbone: a request taken (CYC, STB, STALL low). Avalon-MM: a write word or a read command
#: taken (waitrequest low).
HANDSHAKES = {
    "s_wb_": (("s_wb_stb", "s_wb_ack"),),
    "wishbone": (("s_wb_cyc", "s_wb_stb", "!s_wb_stall"),),
    "avalon": (("s_avmm_write", "!s_avmm_waitrequest"), ("s_avmm_read", "!s_avmm_waitrequest")),
}


def trace_at_handshakes(fst: Path, top: str, channel: str) -> list[tuple[int, str]]:
    """(time, call-trace text) at every rising clock edge where the channel transfers (see
    :data:`HANDSHAKES`), sampled just before the edge."""
    import pywellen

    wave = pywellen.Waveform(str(fst))
    var = {v.full_name: v for v in wave.all_vars()}
    groups = HANDSHAKES.get(channel, ((f"{channel}valid", f"{channel}ready"),))
    wanted = [[(var[f"{top}.{n.lstrip('!')}"].signal, 0 if n.startswith("!") else 1) for n in g] for g in groups]
    trace = var[f"{top}.u_call_trace.ndis_call"]
    chars = trace.bitwidth // 8
    seen = []
    for t, level in var[f"{top}.clk"].tv:
        if level == 1 and t > 0 and any(all(sig.value_at(t - 1) == want for sig, want in g) for g in wanted):
            raw = trace.signal.value_at(t - 1) or 0
            seen.append((t, raw.to_bytes(chars, "big").lstrip(b"\0").decode("ascii")))
    assert seen, f"no {channel} transfer in {fst}"
    return seen


def check_call_trace(fst: Path, top: str, text: str, channel: str) -> None:
    """Every transfer on ``channel`` happens under a host call's text, and some under the main call's
    (name, address and length 1514)."""
    seen = trace_at_handshakes(fst, top, channel)
    untraced = [t for t, shown in seen if not shown.startswith("Ndis")]
    assert not untraced, f"{channel} handshakes at {untraced[:5]} ps with no host call in the trace"
    main = [t for t, shown in seen if shown.startswith(text) and shown.split(" > ")[0].endswith(" 1514")]
    assert main, f"no {channel} handshake under '{text}...': the trace showed {sorted({s for _, s in seen})}"


@pytest.mark.parametrize("scenario, engine", RUNS, ids=RUN_IDS)
def test_save_file_signals_exist_in_the_scenario_waveform(sim: str, scenario: str, engine: str | None, seed: int) -> None:
    save_file = scenario_save_file(scenario)
    result = run_scenario(sim, scenario, engine, seed)
    assert result.waves_file is not None, f"the {scenario} scenario wrote no waveform in {result.run_dir}"
    present = waveform_signals(result.waves_file)
    wanted = save_file_signals(REPO / save_file)
    assert len(wanted) > 20
    missing = [name for name in wanted if name not in present]
    assert not missing, f"{save_file} names signals the {sim} waveform does not have: {missing}"
    assert wanted[0].endswith("u_call_trace.ndis_call"), f"{save_file}: the first row is {wanted[0]}, not the call trace"


@pytest.mark.parametrize("scenario, engine", RUNS, ids=RUN_IDS)
def test_the_waveform_shows_the_ndis_call_during_its_bursts(sim: str, scenario: str, engine: str | None, seed: int) -> None:
    """Every burst of the scenario's bus happens under a host call's text, and the main call's
    bursts under its own: name, address and length."""
    result = run_scenario(sim, scenario, engine, seed)
    assert result.waves_file, f"the {scenario} scenario wrote no waveform in {result.run_dir}"
    text, channel = MAIN_CALLS[scenario]
    check_call_trace(result.waves_file, scenario_scope(scenario), text, channel)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("bus", sorted(BUS_MAIN_CALLS))
def test_the_waveform_shows_the_ndis_call_during_the_transfers_of_each_bus(sim: str, bus: str, engine: str, seed: int) -> None:
    """`make sim BUS=wishbone|avalon` (ENGINE=fast, the default, and pin, on the same build): every
    transfer of the frame scenario on the RAM inside the bus's engine wrapper happens under a host
    call's text, and the frame's own under NdisImmediateWriteSharedMemory's."""
    env, plusargs = scenario_launch("frame", bus, engine)
    result = run_cocotb(scenario_config("frame", sim, bus=bus, engine=engine), "tests.sim.scenarios", seed,
                        testcase=SCENARIOS["frame"], env=env, plusargs=plusargs)
    assert result.waves_file, f"the frame scenario on {bus} wrote no waveform in {result.run_dir}"
    text, channel = BUS_MAIN_CALLS[bus]
    check_call_trace(result.waves_file, scenario_scope("frame", bus), text, channel)


def test_make_sim_runs_the_frame_on_the_fast_engine_unless_pin_is_asked() -> None:
    """The frame scenario, on every bus, defaults to the bus's transactor under the Verilog clock on
    the bus's engine wrapper; ENGINE=pin gives the pin-level master on the same build; the other
    scenarios have the pin-level engine only."""
    from sim.main import scenario_engine

    for bus in BUS_TOPLEVELS:
        assert scenario_engine("frame", bus) == "fast"
        assert scenario_launch("frame", bus) == ({"NIC_ENGINE": "fast"}, ("+fast_clock",))
        assert scenario_launch("frame", bus, "pin") == ({"NIC_ENGINE": "pin"}, ())
        assert scenario_config("frame", bus=bus) == scenario_config("frame", bus=bus, engine="pin")
        assert scenario_config("frame", bus=bus).toplevel == BUS_FAST_TOPLEVELS[bus]
        assert scenario_scope("frame", bus) == f"{BUS_FAST_TOPLEVELS[bus]}.u_ram"
    assert scenario_engine("port") == scenario_engine("liteeth") == "pin"
    with pytest.raises(ValueError, match="ENGINE=fast runs the frame scenario only"):
        scenario_engine("paged", engine="fast")
    with pytest.raises(ValueError, match="ENGINE='turbo' is not known; allowed: fast, pin"):
        scenario_engine("frame", engine="turbo")
    with pytest.raises(ValueError, match="BUS='pci' is not known; allowed: axi, wishbone, avalon"):
        scenario_engine("frame", "pci")


@pytest.mark.parametrize("bus", sorted(BUS_TOPLEVELS))
def test_the_engine_wrapper_save_file_is_the_bus_top_save_file_one_level_down(bus: str) -> None:
    """The save file of `make sim BUS=...` (the bus's engine wrapper: nic_fast_top, wb_fast_top,
    avmm_fast_top) shows the rows of the bus top's own save file (for runs on the top itself) on
    u_ram, in the same order and format, translate filters included: the waveform tests of the
    frame scenario then prove the signals of both files."""
    def body(path: str, prefix: str) -> list[str]:
        lines = (REPO / path).read_text().splitlines()
        return [line.replace(prefix, "TOP.") for line in lines if not line.startswith(("[*]", "[treeopen]"))]

    wrapper = body(BUS_SAVE_FILES[bus], f"{BUS_FAST_TOPLEVELS[bus]}.u_ram.")
    assert wrapper == body(TOP_SAVE_FILES[bus], f"{BUS_TOPLEVELS[bus]}.")
    assert any(line.startswith("TOP.") for line in wrapper) and not any(BUS_TOPLEVELS[bus] + "." in line for line in wrapper)


def test_a_transfer_outside_any_call_fails_the_trace_check(tmp_path: Path) -> None:
    """The trace check is not blind: a waveform whose transfers fall outside the traced call fails."""
    fst = _tiny_trace_waveform(tmp_path)
    with pytest.raises(AssertionError, match="no host call in the trace"):
        check_call_trace(fst, "top", "NdisImmediateWriteSharedMemory", "wishbone")


@pytest.mark.parametrize("save_file", SAVE_FILES)
def test_save_file_filters_exist(save_file: str) -> None:
    filters = save_file_filters(REPO / save_file)
    assert filters, f"{save_file} uses no translate filter"
    for f in filters:
        assert f.is_file(), f"{save_file} refers to a missing filter {f}"


@pytest.mark.parametrize(
    "name, codes",
    [("axi_burst.txt", {0: "FIXED", 1: "INCR", 2: "WRAP"}), ("axi_resp.txt", {0: "OKAY", 2: "SLVERR", 3: "DECERR"}),
     ("axi_size.txt", {k: f"{1 << k}B" for k in range(8)})],
)
def test_translate_filter_names_every_encoding(name: str, codes: dict[int, str]) -> None:
    table = dict(line.split(maxsplit=1) for line in (REPO / "sim/gtkwave" / name).read_text().splitlines() if line)
    for code, label in codes.items():
        assert table.get(f"{code:x}") == label, f"{name}: code {code} should read {label}, reads {table.get(f'{code:x}')}"


def _tiny_trace_waveform(tmp_path: Path) -> Path:
    """A VCD of a Wishbone port taking two requests while the call trace is still empty."""
    vcd = tmp_path / "tiny.vcd"
    vcd.write_text(
        "$timescale 1ps $end\n$scope module top $end\n"
        "$var wire 1 c clk $end\n$var wire 1 y s_wb_cyc $end\n$var wire 1 s s_wb_stb $end\n"
        "$var wire 1 l s_wb_stall $end\n"
        "$scope module u_call_trace $end\n$var wire 16 t ndis_call $end\n$upscope $end\n"
        "$upscope $end\n$enddefinitions $end\n"
        "#0\n0c\n0y\n0s\n1l\nb0 t\n"
        "#5\n1c\n#10\n0c\n1y\n1s\n0l\n#15\n1c\n#20\n0c\n#25\n1c\n#30\n0c\n0y\n0s\n#35\n1c\n#40\n"
    )
    return vcd
