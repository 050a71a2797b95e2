"""The GTKWave views: every signal a save file names exists in the waveform its scenario writes,
and the translate filters name every encoding. A renamed signal cannot silently empty a view."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.main import SAVE_FILES as SCENARIO_SAVE_FILES
from sim.main import SCENARIOS, TOPLEVELS, scenario_config
from sim.runner import REPO
from tests.harness import run_cocotb, save_file_signals, waveform_signals

SAVE_FILES = sorted(set(SCENARIO_SAVE_FILES.values()))


def save_file_filters(path: Path) -> list[Path]:
    return [REPO / line.split(maxsplit=1)[1] for line in path.read_text().splitlines() if line.startswith("^")]


#: Each scenario's main call (the start of its trace text) and the channel its bursts use.
MAIN_CALLS = {
    "frame": ("NdisImmediateWriteSharedMemory 0xd0000 1514", "s_axi_aw"),
    "port": ("NdisImmediateWriteSharedMemory 0xd0000 1514", "s_axil_aw"),
    "paged": ("NdisMoveToMappedMemory 0x", "s_axi_aw"),
    "liteeth": ("NdisImmediateWriteSharedMemory 0x", "s_wb_"),
}
#: A transfer is a clock edge with both of these high: <channel>valid and <channel>ready, except
#: on classic Wishbone (STB and ACK).
HANDSHAKES = {"s_wb_": ("s_wb_stb", "s_wb_ack")}


def trace_at_handshakes(fst: Path, top: str, channel: str) -> list[tuple[int, str]]:
    """(time, call-trace text) at every rising clock edge where ``<channel>valid`` and
    ``<channel>ready`` are both high, sampled just before the edge."""
    import pywellen

    wave = pywellen.Waveform(str(fst))
    var = {v.full_name: v for v in wave.all_vars()}
    names = HANDSHAKES.get(channel, (f"{channel}valid", f"{channel}ready"))
    clk, valid, ready = (var[f"{top}.{n}"].signal for n in ("clk", *names))
    trace = var[f"{top}.u_call_trace.ndis_call"]
    chars = trace.bitwidth // 8
    seen = []
    for t, level in var[f"{top}.clk"].tv:
        if level == 1 and t > 0 and valid.value_at(t - 1) == 1 and ready.value_at(t - 1) == 1:
            raw = trace.signal.value_at(t - 1) or 0
            seen.append((t, raw.to_bytes(chars, "big").lstrip(b"\0").decode("ascii")))
    assert clk is not None and seen, f"no {channel} handshake in {fst}"
    return seen


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_save_file_signals_exist_in_the_scenario_waveform(sim: str, scenario: str, seed: int) -> None:
    save_file = SCENARIO_SAVE_FILES[scenario]
    result = run_cocotb(scenario_config(scenario, sim), "tests.sim.scenarios", seed, testcase=SCENARIOS[scenario])
    assert result.waves_file is not None, f"the {scenario} scenario wrote no waveform in {result.run_dir}"
    present = waveform_signals(result.waves_file)
    wanted = save_file_signals(REPO / save_file)
    assert len(wanted) > 20
    missing = [name for name in wanted if name not in present]
    assert not missing, f"{save_file} names signals the {sim} waveform does not have: {missing}"
    assert wanted[0].endswith("u_call_trace.ndis_call"), f"{save_file}: the first row is {wanted[0]}, not the call trace"


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_the_waveform_shows_the_ndis_call_during_its_bursts(sim: str, scenario: str, seed: int) -> None:
    """Every burst of the scenario's bus happens under a host call's text, and the main call's
    bursts under its own: name, address and length."""
    result = run_cocotb(scenario_config(scenario, sim), "tests.sim.scenarios", seed, testcase=SCENARIOS[scenario])
    assert result.waves_file, f"the {scenario} scenario wrote no waveform in {result.run_dir}"
    text, channel = MAIN_CALLS[scenario]
    seen = trace_at_handshakes(result.waves_file, TOPLEVELS[scenario], channel)
    untraced = [t for t, shown in seen if not shown.startswith("Ndis")]
    assert not untraced, f"{channel} handshakes at {untraced[:5]} ps with no host call in the trace"
    main = [t for t, shown in seen if shown.startswith(text) and shown.split(" > ")[0].endswith(" 1514")]
    assert main, f"no {channel} handshake under '{text}...': the trace showed {sorted({s for _, s in seen})}"


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
