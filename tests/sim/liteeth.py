"""The NDIS host driving LiteEth's MAC (generated from tb/liteeth/liteeth_mii.yml), frames checked
on the MII wire by cocotbext-eth.

Every host write into a TX slot is followed by a backdoor comparison of the slot memory with its
golden model (the frame's bytes, and every other byte unchanged); every frame the host copies out of
an RX slot must equal the frame sent on the wire, byte for byte.
"""

from __future__ import annotations

import zlib

import cocotb
from cocotb.triggers import ClockCycles, RisingEdge, with_timeout


from models.liteeth import MAX_FRAME, MIN_FRAME, wire_frame
from models.shared_ram import first_mismatch
from tb.env import regression_seed
from models.liteeth import LiteEthMapError
from tb.liteeth import LiteEthEnv, LiteEthError, LiteEthMiniport
from tb.ndis import CopyStrategy


def _frame(env: LiteEthEnv, length: int) -> bytes:
    """An Ethernet II frame of ``length`` bytes (no FCS): broadcast destination, random rest."""
    body = env.rng.randbytes(length - 14)
    return b"\xff" * 6 + bytes([0x02, 0, 0, 0, 0, 1]) + b"\x08\x00" + body


async def _setup(dut, strategy: CopyStrategy = CopyStrategy.BURST) -> tuple[LiteEthEnv, LiteEthMiniport]:
    env = await LiteEthEnv(dut, strategy).start()
    env.log.info("rerun the same with SEED=%d", regression_seed())
    mp = LiteEthMiniport(env)
    await mp.initialize()
    return env, mp


async def _send_and_check(env: LiteEthEnv, mp: LiteEthMiniport, frame: bytes, slot: int) -> None:
    await mp.transmit(frame, slot)
    got = await env.frame_on_wire()
    assert got.check_fcs(), f"{len(frame)}-byte frame from TX slot {slot}: bad FCS on the wire"
    want = wire_frame(frame)
    data = got.get_payload()
    assert data == want, f"{len(frame)}-byte frame from TX slot {slot}: {first_mismatch(want, data, 0)}"


async def _receive_and_check(env: LiteEthEnv, mp: LiteEthMiniport, frame: bytes) -> int:
    await env.send_on_wire(frame)
    rx = await mp.receive()
    data = rx.data[: len(frame)]
    assert data == frame, f"{len(frame)}-byte frame copied from RX slot {rx.slot}: {first_mismatch(frame, data, 0)}"
    return rx.slot


@cocotb.test()
async def registers_read_back_what_the_host_wrote(dut) -> None:
    """NdisWriteRegisterUlong / NdisReadRegisterUlong reach the CSRs named in csr.json."""
    env, mp = await _setup(dut)
    for value in (1, 0):
        await mp.write("ethmac_sram_reader_slot", value)
        assert await mp.read("ethmac_sram_reader_slot") == value
    await mp.write("ethmac_sram_reader_length", 1234)
    assert await mp.read("ethmac_sram_reader_length") == 1234
    assert await mp.read("ethmac_sram_reader_ready") & 1 == 1, "the TX side is not ready after reset"


@cocotb.test()
async def a_host_frame_goes_out_on_mii(dut) -> None:
    """A 1514-byte frame written into TX slot 0 arrives on MII byte for byte with a good FCS."""
    env, mp = await _setup(dut)
    await _send_and_check(env, mp, _frame(env, MAX_FRAME), 0)


@cocotb.test()
async def a_wire_frame_reaches_the_host(dut) -> None:
    """A frame sent on MII lands in an RX slot; the host copies it out equal byte for byte."""
    env, mp = await _setup(dut)
    await _receive_and_check(env, mp, _frame(env, 300))



@cocotb.test()
@cocotb.parametrize(strategy=(CopyStrategy.BURST, CopyStrategy.BYTEWISE))
async def every_tx_slot_sends_frames_of_every_size(dut, strategy: CopyStrategy) -> None:
    """Frames of 60..1514 bytes and runts (padded to 60 on the wire) from every TX slot, back to
    back: each arrives on MII byte for byte with a good FCS, in order."""
    env, mp = await _setup(dut, strategy)
    sizes = (MIN_FRAME, 17, MAX_FRAME, 61, 59) if strategy is CopyStrategy.BURST else (61, 33)
    for i, n in enumerate(sizes):
        await _send_and_check(env, mp, _frame(env, n), i % env.map.tx_slots)


@cocotb.test()
async def the_slot_check_catches_a_byte_changed_outside_the_frame(dut) -> None:
    """The golden-model check after a host write fails, naming the byte, when a byte past the
    frame in its slot, or in another slot, changed (changed here by backdoor)."""
    env, mp = await _setup(dut)
    for slot, word in ((0, 30), (1, 0)):
        mem = env.tx_mem[slot]
        old = mem.handle[word].value
        mem.handle[word].value = 0xA5A5A5A5 if str(old) != "10100101" * 4 else 0x5A5A5A5A
        try:
            await mp.transmit(_frame(env, 60), 0)
        except AssertionError as exc:
            assert f"TX slot {slot}" in str(exc) and f"slot offset {4 * word}" in str(exc), str(exc)
        else:
            raise AssertionError(f"a byte changed in TX slot {slot} word {word} went unnoticed")
        mem.golden = mem.snapshot()  # accept the change, so the next round starts clean
    assert env.wire_tx.empty(), "a frame whose check failed was started"


@cocotb.test()
async def frames_queued_back_to_back_leave_in_order(dut) -> None:
    """A frame started in every TX slot before the first is on the wire: all leave, in order,
    each byte for byte."""
    env, mp = await _setup(dut)
    frames = [_frame(env, 64 + 100 * i) for i in range(env.map.tx_slots)]
    for slot, f in enumerate(frames):
        await mp.transmit(f, slot)
    for slot, f in enumerate(frames):
        got = await env.frame_on_wire()
        assert got.check_fcs() and got.get_payload() == wire_frame(f), (
            f"frame {slot} of {len(frames)} queued back to back: {first_mismatch(wire_frame(f), got.get_payload(), 0)}"
        )


@cocotb.test()
async def a_bad_transmit_request_is_refused_before_any_bus_cycle(dut) -> None:
    """A slot that does not exist, an empty frame or one longer than the slot's memory: a clear
    error naming the value and what is allowed; the TX memories and the wire are untouched."""
    env, mp = await _setup(dut)
    room = env.tx_mem[0].depth * 4
    cycles = env.master.stats.cycles
    for frame, slot, kind, text in (
        (_frame(env, 100), env.map.tx_slots, LiteEthMapError, f"TX slot {env.map.tx_slots} does not exist; allowed: 0..{env.map.tx_slots - 1}"),
        (b"", 0, LiteEthError, f"frame of 0 bytes for TX slot 0; allowed: 1..{room} bytes"),
        (bytes(room + 1), 1, LiteEthError, f"frame of {room + 1} bytes for TX slot 1; allowed: 1..{room} bytes"),
    ):
        try:
            await mp.transmit(frame, slot)
        except kind as exc:
            assert text in str(exc), f"error {exc!r} does not say {text!r}"
        else:
            raise AssertionError(f"transmit of {len(frame)} bytes into slot {slot} was not refused")
    assert env.master.stats.cycles == cycles, "a refused request made bus cycles"
    for i, m in enumerate(env.tx_mem):
        m.check(f"TX slot {i} after refused requests", env.map.tx_slot(i))
    await ClockCycles(dut.clk, 100)
    assert env.wire_tx.empty(), "a refused request sent a frame"


@cocotb.test()
@cocotb.parametrize(strategy=(CopyStrategy.BURST, CopyStrategy.BYTEWISE))
async def every_rx_slot_delivers_frames_of_every_size(dut, strategy: CopyStrategy) -> None:
    """Frames of 60..1514 bytes sent on MII land in the RX slots in turn; the host copies each out
    equal byte for byte; its length register counts the frame without its FCS."""
    env, mp = await _setup(dut, strategy)
    sizes = (MIN_FRAME, MAX_FRAME, 61, 100) if strategy is CopyStrategy.BURST else (61, 64)
    slots = set()
    for n in sizes:
        frame = _frame(env, n)
        await env.send_on_wire(frame)
        rx = await mp.receive()
        assert len(rx.data) == n, f"{n}-byte frame: length register says {len(rx.data)}"
        assert rx.data == frame, f"{n}-byte frame in RX slot {rx.slot}: {first_mismatch(frame, rx.data, 0)}"
        slots.add(rx.slot)
    assert slots == set(range(env.map.rx_slots)), f"frames used RX slots {sorted(slots)}"


@cocotb.test()
async def rx_runts_with_a_valid_fcs_reach_the_host_as_sent(dut) -> None:
    """Frames shorter than 60 bytes (with a valid FCS) are not discarded by this MAC: each lands in
    an RX slot with its own length and the host copies it out equal (docs/liteeth.md)."""
    env, mp = await _setup(dut)
    for n in (20, 40, MIN_FRAME - 1):
        frame = _frame(env, n)
        await env.send_on_wire(frame)
        rx = await mp.receive()
        assert rx.data == frame, f"{n}-byte runt in RX slot {rx.slot}: {len(rx.data)} bytes, {first_mismatch(frame, rx.data, 0)}"


@cocotb.test()
async def the_rx_event_raises_the_interrupt_when_enabled(dut) -> None:
    """With ethmac_sram_writer_ev_enable set, a received frame raises irq; giving the slot back
    (1 to ev_pending) lowers it once no other frame waits. Disabled, irq stays low."""
    env, mp = await _setup(dut)
    await env.send_on_wire(_frame(env, 64))
    await ClockCycles(dut.clk, 100)
    assert dut.irq.value == 0, "irq with the RX event disabled"
    await mp.write("ethmac_sram_writer_ev_enable", 1)
    await ClockCycles(dut.clk, 2)
    assert dut.irq.value == 1, "a pending RX event with the event enabled did not raise irq"
    await mp.receive()
    await ClockCycles(dut.clk, 2)
    assert dut.irq.value == 0, "irq stayed high after the only frame was given back"
    frame = _frame(env, 100)
    sending = cocotb.start_soon(env.send_on_wire(frame))
    await with_timeout(RisingEdge(dut.irq), 100, "us")
    await sending
    rx = await mp.receive()
    assert rx.data == frame, f"frame announced by irq: {first_mismatch(frame, rx.data, 0)}"


@cocotb.test()
async def frames_beyond_the_free_rx_slots_are_dropped_and_counted(dut) -> None:
    """A slow host: frames arrive while every RX slot is full. The extra ones are dropped and
    counted (ethmac_sram_writer_errors); the frames kept are intact, in order."""
    env, mp = await _setup(dut)
    errors0 = await mp.read("ethmac_sram_writer_errors")
    frames = [_frame(env, 64 + 8 * i) for i in range(env.map.rx_slots + 2)]
    for f in frames:
        await env.send_on_wire(f)
    await ClockCycles(dut.clk, 200)
    dropped = await mp.read("ethmac_sram_writer_errors") - errors0
    assert dropped == 2, f"{len(frames)} frames into {env.map.rx_slots} slots: {dropped} counted as dropped, expected 2"
    for f in frames[: env.map.rx_slots]:
        rx = await mp.receive()
        assert rx.data[: len(f)] == f, f"kept frame in RX slot {rx.slot}: {first_mismatch(f, rx.data[: len(f)], 0)}"
    assert not await mp.rx_pending(), "a dropped frame reached the host"


def _corrupt(frame: bytes, where: str) -> tuple[bytes, bytes]:
    """``frame`` and a 4-byte FCS that does not match it: the FCS itself wrong, or a payload bit
    flipped after the FCS was computed."""
    fcs = zlib.crc32(frame).to_bytes(4, "little")
    if where == "fcs":
        return frame, bytes([fcs[0] ^ 0x01]) + fcs[1:]
    body = bytearray(frame)
    body[len(body) // 2] ^= 0x10
    return bytes(body), fcs


@cocotb.test()
@cocotb.parametrize(where=("fcs", "payload"))
async def a_frame_with_a_bad_fcs_never_reaches_the_host(dut, where: str) -> None:
    """Frames whose FCS does not match (the FCS corrupted, or a payload bit) are dropped and
    counted in ethmac_rx_datapath_crc_errors; the good frame after them is the only one the host gets."""
    env, mp = await _setup(dut)
    crc0 = await mp.read("ethmac_rx_datapath_crc_errors")
    bads = [_corrupt(_frame(env, n), where) for n in (MIN_FRAME, 300)]
    for data, fcs in bads:
        await env.send_on_wire(data, fcs=fcs)
    good = _frame(env, 80)
    await env.send_on_wire(good)
    await ClockCycles(dut.clk, 200)
    crc = await mp.read("ethmac_rx_datapath_crc_errors") - crc0
    got = []
    while await mp.rx_pending():
        got.append(await mp.receive())
    leaked = [r for r in got if any(r.data == d for d, _ in bads)]
    assert not leaked, (
        f"a frame with a bad FCS reached the host as a good frame (RX slot {[r.slot for r in leaked]}; "
        f"ethmac_rx_datapath_crc_errors went up by {crc})"
    )
    assert [r.data for r in got] == [good], f"the host got {[len(r.data) for r in got]}-byte frames, expected only the good one"
    assert crc == len(bads), f"ethmac_rx_datapath_crc_errors went up by {crc}, expected {len(bads)}"
