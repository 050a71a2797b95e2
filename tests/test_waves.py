"""The GTKWave views: every signal a save file names exists in the waveform its scenario writes,
and the translate filters name every encoding. A renamed signal cannot silently empty a view."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sim.main import SAVE_FILES as SCENARIO_SAVE_FILES
from sim.main import SCENARIOS, scenario_config
from sim.runner import REPO, run

SAVE_FILES = sorted(set(SCENARIO_SAVE_FILES.values()))


def save_file_signals(path: Path) -> list[str]:
    """The signal names a .gtkw file lists (bit ranges stripped)."""
    names = []
    for line in path.read_text().splitlines():
        if not line or line[0] in "[*@-^#":
            continue
        names.append(re.sub(r"\[\d+:\d+\]$", "", line.strip()))
    return names


def save_file_filters(path: Path) -> list[Path]:
    return [REPO / line.split(maxsplit=1)[1] for line in path.read_text().splitlines() if line.startswith("^")]


def waveform_signals(fst: Path) -> set[str]:
    import pywellen

    return {v.full_name for v in pywellen.Waveform(str(fst)).all_vars()}


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_save_file_signals_exist_in_the_scenario_waveform(sim: str, scenario: str, seed: int) -> None:
    save_file = SCENARIO_SAVE_FILES[scenario]
    result = run(scenario_config(scenario, sim), "sim.scenarios", testcase=SCENARIOS[scenario], seed=seed)
    assert not result.failed and result.cases, result.summary()
    assert result.waves_file is not None, f"the {scenario} scenario wrote no waveform in {result.run_dir}"
    present = waveform_signals(result.waves_file)
    wanted = save_file_signals(REPO / save_file)
    assert len(wanted) > 20
    missing = [name for name in wanted if name not in present]
    assert not missing, f"{save_file} names signals the {sim} waveform does not have: {missing}"


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
