"""Coverage bins: classifiers, the legal bins of each width, the directed closure, files and report."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.axi import Burst, BurstRecord, BurstType, Resp
from models.coverage import (
    SHAPES,
    CoverageCollector,
    CoverageModel,
    alignment,
    boundary_positions,
    directed_bursts,
    lane_masks,
    length_class,
    load_file,
    merge,
    report,
    strobe_shape,
    strobes_for_shape,
    summary,
    write_reports,
)
from models.shared_ram import SharedRamModel

BASE, RAM = 0xD0000, 16384
WIDTHS = (1, 2, 4, 8, 16)


def test_length_classes_and_their_edges():
    got = {n: length_class(n) for n in (1, 2, 15, 16, 17, 255, 256)}
    assert got == {1: "1", 2: "2-15", 15: "2-15", 16: "16", 17: "17-255", 255: "17-255", 256: "256"}
    for bad in (0, 257):
        with pytest.raises(ValueError, match=f"1 to 256 beats, got {bad}"):
            length_class(bad)


def test_alignment_classes():
    assert alignment(0x100, 3, 8) == "bus-aligned"
    assert alignment(0x102, 1, 8) == "size-aligned"
    assert alignment(0x101, 1, 8) == "unaligned"
    assert alignment(0x101, 0, 8) == "size-aligned"
    assert alignment(0x101, 0, 1) == "bus-aligned"


def test_4k_positions():
    assert boundary_positions(0x1100, 4, 3) == ["inside"]
    assert boundary_positions(0x1000, 4, 3) == ["starts-at-4k"]
    assert boundary_positions(0x1FE0, 4, 3) == ["ends-at-4k"]
    assert boundary_positions(0x1000, 256, 4) == ["starts-at-4k", "ends-at-4k"]
    assert boundary_positions(0x1FF8, 2, 3) == ["crosses"]
    assert boundary_positions(0xFFF, 1, 2) == ["ends-at-4k"], "an unaligned beat runs to the end of its container"
    assert boundary_positions(0xFFF, 2, 2) == ["crosses"]


def test_strobe_shapes_over_owned_lanes():
    full4 = [0xF] * 4
    assert strobe_shape(full4, [0xF, 0xF, 0xF, 0xF]) == "full"
    assert strobe_shape(full4, [0xC, 0xF, 0xF, 0xF]) == "partial-head"
    assert strobe_shape(full4, [0x0, 0xE, 0xF, 0xF]) == "partial-head"
    assert strobe_shape(full4, [0xF, 0xF, 0xF, 0x1]) == "partial-tail"
    assert strobe_shape(full4, [0xE, 0xF, 0xF, 0x3]) == "head-and-tail"
    assert strobe_shape(full4, [0xF, 0xB, 0xF, 0xF]) == "sparse"
    assert strobe_shape(full4, [0x0] * 4) == "sparse"
    # a narrow beat at address 1 owns lane 1 only: strobing exactly it is full
    masks = lane_masks(Burst(0x101, 2, 0, BurstType.INCR), 4)
    assert masks == [0b10, 0b100]
    assert strobe_shape(masks, [0b10, 0b100]) == "full"
    assert strobe_shape(masks, [0b00, 0b100]) == "partial-head"


@st.composite
def legal_bursts(draw):
    bus_bytes = draw(st.sampled_from(WIDTHS))
    size = draw(st.integers(0, bus_bytes.bit_length() - 1))
    kind = draw(st.sampled_from([BurstType.FIXED, BurstType.INCR, BurstType.WRAP]))
    beats = draw(st.sampled_from(sorted({2, 4, 8, 16}))) if kind is BurstType.WRAP else draw(st.integers(1, 16))
    address = draw(st.integers(0, 0x3FFF))
    if kind is BurstType.WRAP:
        address -= address % (1 << size)
    return bus_bytes, Burst(address, beats, size, kind)


@given(legal_bursts(), st.sampled_from(SHAPES))
def test_strobes_for_a_shape_have_that_shape_and_stay_in_the_lanes(case, shape):
    bus_bytes, burst = case
    masks = lane_masks(burst, bus_bytes)
    lanes = sum(bin(m).count("1") for m in masks)
    need = {"full": 1, "partial-head": 2, "partial-tail": 2, "head-and-tail": 3, "sparse": 3}[shape]
    if lanes < need:
        with pytest.raises(ValueError, match=f"needs {need} owned byte lanes, the burst has {lanes}"):
            strobes_for_shape(masks, shape)
        return
    strobes = strobes_for_shape(masks, shape)
    assert strobe_shape(masks, strobes) == shape
    assert all(s & ~m == 0 for s, m in zip(strobes, masks))


def test_unknown_shape_is_refused():
    with pytest.raises(ValueError, match="'zigzag' is not one of full, partial-head"):
        strobes_for_shape([0xF], "zigzag")


def test_bins_are_unique_and_grow_with_the_sizes():
    for nb in WIDTHS:
        model = CoverageModel(nb)
        for cross in model.crosses.values():
            assert len(set(cross.bins)) == len(cross.bins), cross.name
            assert all(len(b) == len(cross.dims) for b in cross.bins), cross.name
        sizes = model.crosses["type x size"].bins
        assert len(sizes) == 2 * 3 * nb.bit_length()
    assert len(CoverageModel(1).crosses["type x alignment"].bins) == 6  # only bus-aligned on 8 bits


def _run_directed(nb: int, stalls: bool, collector: CoverageCollector | None = None) -> CoverageCollector:
    """The directed bursts through the golden model, sampled as the checker would sample them."""
    model = SharedRamModel(BASE, RAM)
    col = collector or CoverageCollector(nb, stalls)
    col.stalls = stalls
    for db in directed_bursts(nb, BASE, RAM):
        b = db.burst
        try:
            masks = lane_masks(b, nb)
        except ValueError:
            masks = [(1 << nb) - 1] * b.beats
        if db.direction == "write":
            strobes = strobes_for_shape(masks, db.shape) if db.legal else masks
            resp = model.write_burst(b, nb, [0] * b.beats, strobes)
        else:
            strobes, (_, resp) = [], model.read_burst(b, nb)
        col.sample(BurstRecord(db.direction, 0, b.address, b.beats, b.size, int(b.burst_type), int(resp),
                               tuple(strobes) if db.direction == "write" else ()))
    return col


@pytest.mark.parametrize("nb", WIDTHS)
def test_directed_bursts_reach_every_bin(nb):
    col = _run_directed(nb, False)
    _run_directed(nb, True, col)
    assert col.holes() == {}
    assert not col.counts.outside


def test_directed_bursts_declare_the_rules_they_break():
    for db in directed_bursts(8, BASE, RAM):
        expected = {
            BurstType.RESERVED: ("burst-reserved",),
        }.get(db.burst.burst_type, ())
        if db.burst.size > 3:
            expected = ("size-too-wide",)
        if db.burst.burst_type is BurstType.WRAP and db.burst.beats == 3:
            expected = ("wrap-length",)
        assert db.expect == expected, db


def test_directed_bursts_need_two_pages():
    with pytest.raises(ValueError, match="at least 8192 bytes, got 4096"):
        directed_bursts(8, BASE, 4096)


def test_only_the_response_of_an_error_or_illegal_burst_is_sampled():
    model = CoverageModel(8)
    decerr = BurstRecord("write", 0, BASE + RAM, 4, 3, 1, int(Resp.DECERR), (0xFF,) * 4)
    reserved = BurstRecord("read", 0, BASE, 2, 3, 3, int(Resp.SLVERR))
    okay = BurstRecord("write", 0, BASE + 0x1000, 4, 3, 1, 0, (0xFF,) * 4)
    assert model.sample(decerr, False) == [("response x type", ("write", "DECERR", "INCR"))]
    assert model.sample(reserved, True) == [("response x type", ("read", "SLVERR", "RESERVED"))]
    hits = dict(model.sample(okay, True))
    assert hits["stalls x type"] == ("write", "on", "INCR")
    assert hits["INCR x 4 KiB"] == ("write", "starts-at-4k")
    assert hits["type x strobe shape"] == ("INCR", "full")


def test_save_adds_to_the_run_file_and_merge_sums_runs(tmp_path):
    path = tmp_path / "coverage.json"
    col = _run_directed(8, False)
    col.save(path)
    col.save(path)  # nothing new since the last save: no change
    once = load_file(path)["8"]
    assert once.bursts == col.counts.bursts
    other = _run_directed(8, True)
    other.save(path)
    second = tmp_path / "other.json"
    _run_directed(4, True).save(second)
    merged = merge([path, second])
    assert sorted(merged) == [4, 8]
    assert merged[8].bursts == col.counts.bursts + other.counts.bursts
    assert summary(merged)["widths"]["dw64"]["covered"] == CoverageModel(8).total


def test_report_names_holes_exclusions_and_totals(tmp_path):
    col = _run_directed(8, False)
    path = tmp_path / "c.json"
    col.save(path)
    text = report(merge([path]))
    assert "holes (6):" in text and "dw64 stalls x type: write / on / FIXED" in text
    assert "AXI4 limits FIXED bursts to 16 beats" in text
    assert "functional coverage: 107/113 bins" in text
    _run_directed(8, True).save(path)
    text, txt, js = write_reports([path], tmp_path / "results")
    assert "functional coverage: 113/113 bins (100.0%)" in text and "holes: none" in text
    assert txt.read_text().strip() == text
    assert json.loads(js.read_text())["percent"] == 100.0


def test_report_of_nothing():
    assert report({}) == "functional coverage: no burst sampled"
