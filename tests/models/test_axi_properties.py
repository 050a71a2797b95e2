"""Properties of the planner and of packing, over random copies and random bursts."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import (
    Burst,
    BurstType,
    Resp,
    SharedRamModel,
    beat_strobes,
    pack_burst,
    pack_burst_wide,
    plan_bursts,
    unpack_burst,
    unpack_burst_wide,
)

PAGE = 4096
BUS_WIDTHS = [1 << n for n in range(8)]

fast = settings(
    max_examples=100,
    deadline=None,
    derandomize=False,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)


@st.composite
def copies(draw: st.DrawFn) -> tuple[int, int, int, int]:
    """(address, length, bus_bytes, max_beats) of a linear copy below 4 GiB."""
    bus_bytes = draw(st.sampled_from(BUS_WIDTHS))
    max_beats = draw(st.one_of(st.just(256), st.just(1), st.integers(1, 256)))
    length = draw(st.one_of(st.integers(0, 300), st.integers(300, 20000), st.sampled_from([1, 4095, 4096, 4097, 20000])))
    # Large copies with tiny bursts make thousands of bursts; keep those cases short.
    if length // (bus_bytes * max_beats) > 600:
        length = draw(st.integers(0, 600 * bus_bytes * max_beats))
    top = (1 << 32) - 1 - length
    address = draw(
        st.one_of(
            st.integers(0, top),
            st.integers(0, top // PAGE).map(lambda p: p * PAGE).flatmap(
                lambda base: st.integers(max(0, base - 128), min(top, base + 128))
            ),
        )
    )
    return address, length, bus_bytes, max_beats


def payload(length: int, seed: int) -> bytes:
    return bytes((seed + 7 * i + (i >> 8)) & 0xFF for i in range(length)) if length < 64 else (
        (seed.to_bytes(4, "little") + bytes(range(251))) * (length // 255 + 1)
    )[:length]


@fast
@given(copies())
def test_planner_carries_every_byte_exactly_once_in_ascending_order(copy):
    address, length, bus_bytes, max_beats = copy
    expected_next = address
    offset = 0
    for burst in plan_bursts(address, length, bus_bytes, max_beats):
        assert burst.burst_type == BurstType.INCR and 1 << burst.size == bus_bytes
        assert burst.offset == offset
        for beat, (first, n) in zip(burst.beat_addresses(), burst.carried_lanes(bus_bytes)):
            row = beat - beat % bus_bytes
            if n:
                assert row + first == expected_next
                expected_next += n
        offset += burst.length
    assert expected_next == address + length
    assert offset == length


@fast
@given(copies())
def test_no_planned_burst_crosses_a_4k_boundary(copy):
    address, length, bus_bytes, max_beats = copy
    for burst in plan_bursts(address, length, bus_bytes, max_beats):
        row = burst.address - burst.address % bus_bytes
        last_byte = row + burst.beats * bus_bytes - 1
        assert row // PAGE == last_byte // PAGE


@fast
@given(copies())
def test_planned_bursts_respect_max_beats_and_use_every_beat(copy):
    address, length, bus_bytes, max_beats = copy
    for burst in plan_bursts(address, length, bus_bytes, max_beats):
        assert 1 <= burst.beats <= max_beats
        assert all(s != 0 for s in beat_strobes(burst, bus_bytes))


@fast
@given(copies())
def test_planner_uses_the_fewest_bursts(copy):
    # Every burst but the last runs until a 4 KiB boundary or max_beats stops it.
    address, length, bus_bytes, max_beats = copy
    bursts = plan_bursts(address, length, bus_bytes, max_beats)
    for burst in bursts[:-1]:
        end = burst.address + burst.length
        assert end % PAGE == 0 or burst.beats == max_beats


@fast
@given(copies())
def test_strobes_are_contiguous_and_partial_only_at_unaligned_ends(copy):
    address, length, bus_bytes, max_beats = copy
    full = (1 << bus_bytes) - 1
    strobes = [s for b in plan_bursts(address, length, bus_bytes, max_beats) for s in beat_strobes(b, bus_bytes)]
    for s in strobes:
        low = (s & -s).bit_length() - 1
        run = s >> low
        assert s and run & (run + 1) == 0
    if not strobes:
        assert length == 0
        return
    head = address % bus_bytes
    tail = (address + length) % bus_bytes
    first_expected = full & ~((1 << head) - 1)
    last_expected = (1 << tail) - 1 if tail else full
    if len(strobes) == 1:
        assert strobes == [first_expected & last_expected]
    else:
        assert strobes[0] == first_expected
        assert strobes[-1] == last_expected
        assert all(s == full for s in strobes[1:-1])


@fast
@given(copies(), st.integers(0, 255))
def test_packed_bursts_written_to_the_ram_model_reproduce_the_buffer(copy, seed):
    address, length, bus_bytes, max_beats = copy
    data = payload(length, seed)
    base = max(0, address - PAGE)
    ram = SharedRamModel(base, address - base + length + PAGE, fill=0xA5)
    before = ram.snapshot()
    for burst in plan_bursts(address, length, bus_bytes, max_beats):
        words, strobes = pack_burst(burst, bus_bytes, data)
        assert ram.write_burst(burst, bus_bytes, words, strobes) == Resp.OKAY
    assert ram.read(address, length) == data
    after = ram.snapshot()
    assert after[: address - base] == before[: address - base]
    assert after[address - base + length :] == before[address - base + length :]


@fast
@given(copies(), st.integers(0, 255))
def test_wide_packing_equals_per_beat_packing_for_planner_bursts(copy, seed):
    address, length, bus_bytes, max_beats = copy
    data = payload(length, seed)
    for burst in plan_bursts(address, length, bus_bytes, max_beats):
        words, strobes = pack_burst(burst, bus_bytes, data)
        wide_data, wide_strobes = pack_burst_wide(burst, bus_bytes, data)
        assert wide_data == sum(w << (8 * bus_bytes * i) for i, w in enumerate(words))
        assert wide_strobes == sum(s << (bus_bytes * i) for i, s in enumerate(strobes))


@fast
@given(copies(), st.integers(0, 255))
def test_unpack_inverts_pack_for_planner_bursts(copy, seed):
    address, length, bus_bytes, max_beats = copy
    data = payload(length, seed)
    out = []
    for burst in plan_bursts(address, length, bus_bytes, max_beats):
        words, _ = pack_burst(burst, bus_bytes, data)
        part = unpack_burst(burst, bus_bytes, words)
        assert unpack_burst_wide(burst, bus_bytes, pack_burst_wide(burst, bus_bytes, data)[0]) == part
        out.append(part)
    assert b"".join(out) == data


# ---------------------------------------------------------------- any legal burst


@st.composite
def bursts(draw: st.DrawFn) -> tuple[Burst, int]:
    """A legal burst of any type and size, with a random length and offset, and its bus width."""
    bus_bytes = draw(st.sampled_from(BUS_WIDTHS))
    size = draw(st.integers(0, bus_bytes.bit_length() - 1))
    kind = draw(st.sampled_from([BurstType.FIXED, BurstType.INCR, BurstType.WRAP]))
    nb = 1 << size
    if kind == BurstType.WRAP:
        beats = draw(st.sampled_from([2, 4, 8, 16]))
        address = draw(st.integers(0, 1 << 20)) * nb
    else:
        beats = draw(st.integers(1, 16 if kind == BurstType.FIXED else 256))
        address = draw(st.integers(0, 1 << 26))
    probe = Burst(address, beats, size, kind)
    length = draw(st.integers(0, probe.capacity))
    offset = draw(st.integers(0, 64))
    return Burst(address, beats, size, kind, offset, length), bus_bytes


def reference_write(burst: Burst, bus_bytes: int, words, strobes) -> dict[int, int]:
    """Byte address -> value after the beats, by walking every valid lane one at a time."""
    memory: dict[int, int] = {}
    for beat, (first, n), word, strobe in zip(burst.beat_addresses(), burst.lanes(bus_bytes), words, strobes):
        row = beat - beat % bus_bytes
        for lane in range(first, first + n):
            if strobe >> lane & 1:
                memory[row + lane] = word >> (8 * lane) & 0xFF
    return memory


@fast
@given(bursts(), st.integers(0, 255))
def test_unpack_inverts_pack_for_any_burst(case, seed):
    burst, bus_bytes = case
    data = payload(burst.offset + burst.length, seed)
    words, _ = pack_burst(burst, bus_bytes, data)
    assert unpack_burst(burst, bus_bytes, words) == data[burst.offset : burst.offset + burst.length]
    wide, _ = pack_burst_wide(burst, bus_bytes, data)
    assert unpack_burst_wide(burst, bus_bytes, wide) == data[burst.offset : burst.offset + burst.length]


@fast
@given(bursts(), st.integers(0, 255))
def test_wide_packing_equals_per_beat_packing_for_any_burst(case, seed):
    burst, bus_bytes = case
    data = payload(burst.offset + burst.length, seed)
    words, strobes = pack_burst(burst, bus_bytes, data)
    wide_data, wide_strobes = pack_burst_wide(burst, bus_bytes, data)
    assert wide_data == sum(w << (8 * bus_bytes * i) for i, w in enumerate(words))
    assert wide_strobes == sum(s << (bus_bytes * i) for i, s in enumerate(strobes))


@fast
@given(bursts(), st.integers(0, 255))
def test_packed_strobes_stay_inside_the_valid_lanes_and_count_length_bytes(case, seed):
    burst, bus_bytes = case
    data = payload(burst.offset + burst.length, seed)
    _, strobes = pack_burst(burst, bus_bytes, data)
    assert strobes == beat_strobes(burst, bus_bytes)
    for strobe, (first, n) in zip(strobes, burst.lanes(bus_bytes)):
        assert strobe & ~(((1 << n) - 1) << first) == 0
    assert sum(bin(s).count("1") for s in strobes) == burst.length


@fast
@given(bursts(), st.integers(0, 255), st.data())
def test_ram_model_applies_any_beats_like_a_lane_by_lane_reference(case, seed, draw):
    burst, bus_bytes = case
    full = (1 << bus_bytes) - 1
    words = draw.draw(st.lists(st.integers(0, (1 << (8 * bus_bytes)) - 1), min_size=burst.beats, max_size=burst.beats))
    strobes = draw.draw(
        st.lists(st.one_of(st.just(full), st.integers(0, full)), min_size=burst.beats, max_size=burst.beats)
    )
    low = burst.address - burst.address % (burst.beats << burst.size) - bus_bytes
    base = max(0, low)
    ram = SharedRamModel(base, (burst.beats << burst.size) + 3 * bus_bytes + burst.address - base, fill=0x5A)
    expected = bytearray(ram.snapshot())
    for address, value in reference_write(burst, bus_bytes, words, strobes).items():
        expected[address - base] = value
    assert ram.write_burst(burst, bus_bytes, words, strobes) == Resp.OKAY
    assert ram.snapshot() == bytes(expected)


@fast
@given(bursts(), st.integers(0, 255))
def test_read_burst_then_unpack_returns_the_bytes_at_the_burst_addresses(case, seed):
    burst, bus_bytes = case
    low = burst.address - burst.address % (burst.beats << burst.size) - bus_bytes
    base = max(0, low)
    ram = SharedRamModel(base, (burst.beats << burst.size) + 3 * bus_bytes + burst.address - base)
    ram.write(base, payload(ram.size, seed))
    image = ram.snapshot()
    expected = bytearray()
    for beat, (first, n) in zip(burst.beat_addresses(), burst.carried_lanes(bus_bytes)):
        row = beat - beat % bus_bytes
        expected += image[row + first - base : row + first + n - base]
    words, resp = ram.read_burst(burst, bus_bytes)
    assert resp == Resp.OKAY
    assert unpack_burst(burst, bus_bytes, words) == bytes(expected)
