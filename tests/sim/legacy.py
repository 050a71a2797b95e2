"""The legacy NIC (nic_legacy) end to end: register map, window enable, paged window, remote DMA,
and the NDIS memory and port paths into the same RAM.

Every register-port access goes through :class:`tb.legacy.ports.LitePorts` with the model attached, so
each response and each byte read is also checked against :class:`models.legacy.LegacyNicModel`;
every window burst is checked the same way (:class:`tb.legacy.window.CheckedWindow`).  The tests then
prove their behaviour by backdoor, independently of the model.  Random choices come from cocotb's
seed (COCOTB_RANDOM_SEED).
"""

from __future__ import annotations

import cocotb
from cocotb.triggers import ClockCycles, RisingEdge

from models.axi import Resp
from models.legacy import (
    CTRL_MEMENB,
    CTRL_WTS,
    MAPPED_OFFSETS,
    PORT_RANGE_BYTES,
    RCMD_IDLE,
    RCMD_READ,
    RCMD_WRITE,
    REGISTERS,
    RISR_RDC,
    Access,
    Off,
    register_resets,
)
from models.verifier import NdisVerifierError
from models.frames import udp_frame
from tb.legacy.env import LegacyEnv
from tb.ndis import Out


async def _env(dut, **kwargs) -> LegacyEnv:
    env = await LegacyEnv(dut, **kwargs).start()
    await env.fill_random()
    return env


def _differences(before: bytes, after: bytes) -> list[int]:
    return [i for i, (a, b) in enumerate(zip(before, after)) if a != b]


async def _start_dma(env: LegacyEnv, command: int, address: int, count: int) -> None:
    await env.out(Off.RISR, RISR_RDC)
    await env.out(Off.RBCR0, count, 2)
    await env.out(Off.RSAR0, address, 2)
    await env.out(Off.RCMD, command)


# --------------------------------------------------------------------------- register map


@cocotb.test()
async def register_map_resets_and_reads_back(dut) -> None:
    """Every register reads its documented reset value; RW registers read back what was written,
    limited to their documented bits; read-only registers ignore writes."""
    env = await _env(dut)
    resets = register_resets(env.cfg)
    for reg in REGISTERS:
        if reg.access is Access.DATA:
            continue
        value = await env.inp(reg.offset)
        assert value == resets[reg.offset], f"{reg.name} (0x{reg.offset:02x}) reads 0x{value:02x} after reset, documented 0x{resets[reg.offset]:02x}"
    assert resets[Off.RAMSZ] == env.cfg.ram_bytes.bit_length() - 1
    whole = await env.inp(Off.ID, 4)
    assert whole == resets[Off.ID] | resets[Off.REV] << 8 | resets[Off.RAMSZ] << 16 | resets[Off.WINSZ] << 24

    # read-only: writes are OKAY and change nothing
    for off in (Off.ID, Off.REV, Off.RAMSZ, Off.WINSZ):
        assert await env.out(off, 0xA5) == Resp.OKAY
        assert await env.inp(off) == resets[off]

    # read/write: the documented bits
    pages = env.cfg.pages
    expect = {
        Off.CTRL: (0xFF, CTRL_MEMENB | CTRL_WTS),
        Off.PAGE: (0xFF, pages - 1),
        Off.RSAR0: (0x5A, 0x5A),
        Off.RSAR1: (0xFF, (env.cfg.ram_bytes - 1) >> 8),
        Off.RBCR0: (0x3C, 0x3C),
        Off.RBCR1: (0xC3, 0xC3),
    }
    for off, (written, shown) in expect.items():
        await env.out(off, written)
        value = await env.inp(off)
        assert value == shown, f"{Off(off).name}: wrote 0x{written:02x}, reads 0x{value:02x}, documented 0x{shown:02x}"
    # 16- and 32-bit accesses see the byte registers in lane order
    await env.out(Off.RSAR0, 0x0123, 2)
    await env.out(Off.RBCR0, 0x4567, 2)
    assert await env.inp(Off.RSAR0, 4) == (0x4567 << 16) | (0x0123 & (env.cfg.ram_bytes - 1))
    await env.out(Off.RCMD, 0x07)  # not a start: stays idle
    assert await env.inp(Off.RCMD) == RCMD_IDLE
    env.check_ram("register writes")


@cocotb.test()
async def reset_restores_registers_and_keeps_ram(dut) -> None:
    """A reset in the middle of a remote write returns every register to its reset value; the RAM
    keeps its contents."""
    env = await _env(dut)
    await env.out(Off.CTRL, CTRL_MEMENB | CTRL_WTS)
    await env.out(Off.PAGE, 1)
    await _start_dma(env, RCMD_WRITE, 0x40, 100)
    await env.out(Off.DATA, 0xBEEF, 2)
    before = env.ram()
    dut.rst.value = 1
    await ClockCycles(dut.clk, 3)
    dut.rst.value = 0
    await RisingEdge(dut.clk)
    env.model.reset()
    resets = register_resets(env.cfg)
    for reg in REGISTERS:
        if reg.access is not Access.DATA:
            assert await env.inp(reg.offset) == resets[reg.offset], f"{reg.name} after reset"
    assert env.ram() == before, "reset changed the RAM"


@cocotb.test()
async def unmapped_offsets_get_decerr_and_change_nothing(dut) -> None:
    """Every unmapped offset, and ports just outside the block, answer DECERR with RDATA 0 to reads
    and writes; no register and no RAM byte changes."""
    env = await _env(dut)
    await env.out(Off.CTRL, CTRL_MEMENB)
    await env.out(Off.RSAR0, 0x0102, 2)
    regs_before = [await env.inp(o) for o in sorted(MAPPED_OFFSETS - {Off.DATA, Off.DATA_HI})]
    ram_before = env.ram()
    unmapped = [o for o in range(PORT_RANGE_BYTES) if o not in MAPPED_OFFSETS]
    assert unmapped, "the map leaves no offset unmapped"
    for off in unmapped:
        port = env.cfg.port(off)
        assert await env.ports.write(port, 0xFF, 1) == Resp.DECERR, f"write of offset 0x{off:02x}"
        value, resp = await env.ports.read(port, 1)
        assert (value, resp) == (0, Resp.DECERR), f"read of offset 0x{off:02x}: 0x{value:02x} {resp.name}"
    # a wide write that touches one unmapped lane is refused as a whole
    assert await env.ports.write(env.cfg.port(Off.CTRL), 0x0000_0000, 4) == Resp.DECERR
    for port in (env.cfg.port_base - 1, env.cfg.port_end):
        assert await env.ports.write(port, 0, 1) == Resp.DECERR, f"write of port 0x{port:04x} outside the block"
        assert (await env.ports.read(port, 1))[1] == Resp.DECERR, f"read of port 0x{port:04x} outside the block"
    regs_after = [await env.inp(o) for o in sorted(MAPPED_OFFSETS - {Off.DATA, Off.DATA_HI})]
    assert regs_after == regs_before, "an error access changed a register"
    assert env.ram() == ram_before, "an error access changed the RAM"


@cocotb.test()
async def data_port_of_the_wrong_width_gets_slverr(dut) -> None:
    """In byte mode a 16-bit data-port write, in word mode an 8-bit one, and a read at the data
    port's high byte get SLVERR and move nothing."""
    env = await _env(dut)
    await _start_dma(env, RCMD_WRITE, 0x100, 8)
    before = env.ram()
    assert await env.out(Off.DATA, 0x1234, 2) == Resp.SLVERR
    await env.out(Off.CTRL, CTRL_WTS)
    assert await env.out(Off.DATA, 0x12, 1) == Resp.SLVERR
    assert await env.ports.write(env.cfg.port(Off.DATA_HI), 0x12, 1) == Resp.SLVERR
    assert (await env.ports.read(env.cfg.port(Off.DATA_HI), 1))[1] == Resp.SLVERR
    assert env.ram() == before
    assert await env.inp(Off.RBCR0, 2) == 8 and await env.inp(Off.RSAR0, 2) == 0x100, "a refused access moved the address or count"


# --------------------------------------------------------------------------- memory window


@cocotb.test()
async def disabled_window_loses_writes_and_reads_all_ones(dut) -> None:
    """With MEMENB off (reset) a shared-memory write changes no RAM byte and a read returns 0xFF
    bytes, both with OKAY responses; enabled, the same calls work."""
    env = await _env(dut)
    n = 200
    address = env.cfg.base_addr + 0x30
    data = env.random_bytes(n)
    before = env.ram()
    await env.host.NdisImmediateWriteSharedMemory(env.ctx, address, data, n)  # raises on a non-OKAY response
    assert env.ram() == before, f"the disabled window wrote RAM bytes at offsets {_differences(before, env.ram())[:8]}"
    buf = bytearray(n)
    await env.host.NdisImmediateReadSharedMemory(env.ctx, address, buf, n)
    assert buf == b"\xff" * n, f"the disabled window read {bytes(buf[:16]).hex(' ')} ..., not all ones"

    await env.out(Off.CTRL, CTRL_MEMENB)
    await env.host.NdisImmediateWriteSharedMemory(env.ctx, address, data, n)
    assert env.ram()[0x30 : 0x30 + n] == data
    await env.host.NdisImmediateReadSharedMemory(env.ctx, address, buf, n)
    assert buf == data
    env.check_ram()


@cocotb.test()
async def enable_copy_disable_around_each_window_copy(dut) -> None:
    """SMC Ultra style: the window is enabled only for the copy; the copy lands, and afterwards the
    window is off again (a write through it is lost)."""
    env = await _env(dut)
    drv = env.driver()
    await drv.initialize(word_mode=True, window_enabled=False)
    offset = min(0x80, env.cfg.window_bytes // 4)
    frame = env.random_bytes(min(600, env.cfg.window_bytes - offset))
    await drv.copy_to_window(offset, frame)
    assert env.ram()[offset : offset + len(frame)] == frame
    assert await env.inp(Off.CTRL) & CTRL_MEMENB == 0, "MEMENB left on after the copy"
    assert await drv.copy_from_window(offset, len(frame)) == frame
    before = env.ram()
    await env.host.NdisMoveToMappedMemory(drv.window_va, b"\x00" * 16, 16)
    assert env.ram() == before, "a copy with the window off between copies changed RAM"
    await drv.halt()
    env.mm.assert_no_leaks()
    env.check_ram()


@cocotb.test()
async def bank_aliasing(dut) -> None:
    """A write through page 1 lands in bank 1 only: page 0 shows bank 0's old bytes at the same
    window offset."""
    env = await _env(dut)
    if env.cfg.pages < 2:
        raise AssertionError(f"bank aliasing needs a paged window; this build has RAM {env.cfg.ram_bytes} = window {env.cfg.window_bytes}")
    w = env.cfg.window_bytes
    offset, n = 0x40, 64
    data = env.random_bytes(n)
    ram = env.ram()
    await env.out(Off.CTRL, CTRL_MEMENB)
    await env.out(Off.PAGE, 1)
    await env.host.NdisImmediateWriteSharedMemory(env.ctx, env.cfg.base_addr + offset, data, n)
    after = env.ram()
    assert after[w + offset : w + offset + n] == data, "the write did not land in bank 1"
    changed = _differences(ram, after)
    assert all(w + offset <= i < w + offset + n for i in changed), f"bytes outside bank 1's range changed: {[hex(i) for i in changed if not w + offset <= i < w + offset + n][:8]}"
    await env.out(Off.PAGE, 0)
    buf = bytearray(n)
    await env.host.NdisImmediateReadSharedMemory(env.ctx, env.cfg.base_addr + offset, buf, n)
    assert bytes(buf) == ram[offset : offset + n], "page 0 shows the bytes written through page 1"
    assert bytes(buf) != data
    env.check_ram()


@cocotb.test()
async def paged_transmit_copy_switches_bank_and_back(dut) -> None:
    """3c503 style: the window shows the receive bank; a transmit copy switches to bank 0, copies
    the frame and switches back, leaving the receive bank untouched."""
    env = await _env(dut)
    rx = env.cfg.pages - 1
    drv = env.driver()
    await drv.initialize(word_mode=False, window_enabled=True, page=rx)
    frame = udp_frame(1514 if env.cfg.window_bytes >= 1514 else 64, seed=cocotb.RANDOM_SEED)
    before = env.ram()
    await drv.transmit_copy_paged(frame, tx_page=0)
    assert env.ram()[: len(frame)] == frame, "the frame is not at the start of bank 0"
    assert _differences(before, env.ram()) and max(_differences(before, env.ram())) < len(frame)
    assert await env.inp(Off.PAGE) == rx, "the window was not switched back to the receive bank"
    await drv.halt()
    env.check_ram()


@cocotb.test()
async def register_calls_on_the_mapped_window(dut) -> None:
    """NdisWriteRegister* / NdisReadRegister* make one access of their width through the mapping."""
    env = await _env(dut)
    drv = env.driver()
    await drv.initialize(window_enabled=True)
    va = drv.window_va
    await env.host.NdisWriteRegisterUlong(va + 8, 0x89ABCDEF)
    await env.host.NdisWriteRegisterUshort(va + 2, 0x1234)
    await env.host.NdisWriteRegisterUchar(va + 5, 0x56)
    ram = env.ram()
    assert ram[2:4] == b"\x34\x12" and ram[5] == 0x56 and ram[8:12] == bytes.fromhex("efcdab89")
    out = Out(0)
    await env.host.NdisReadRegisterUlong(va + 8, out)
    assert out.value == 0x89ABCDEF
    await env.host.NdisReadRegisterUshort(va + 2, out)
    assert out.value == 0x1234
    await env.host.NdisReadRegisterUchar(va + 5, out)
    assert out.value == 0x56
    await drv.halt()
    env.check_ram()


# --------------------------------------------------------------------------- remote DMA


@cocotb.test()
@cocotb.parametrize(mode=("byte", "word"))
async def remote_dma_count_exhaustion(dut, mode: str) -> None:
    """Data-port writes past the count change no RAM byte; the transfer ends at count 0 with RDC
    set, RSAR advanced by the count; reads past the count return 0xFF."""
    env = await _env(dut)
    word = mode == "word"
    await env.out(Off.CTRL, CTRL_WTS if word else 0)
    address, count = 0x123, 6
    data = env.random_bytes(count + 6)
    before = env.ram()
    await _start_dma(env, RCMD_WRITE, address, count)
    step = 2 if word else 1
    for i in range(0, len(data), step):
        assert await env.out(Off.DATA, int.from_bytes(data[i : i + step], "little"), step) == Resp.OKAY
    after = env.ram()
    assert after[address : address + count] == data[:count]
    assert _differences(before, after) == [i for i in range(address, address + count) if before[i] != data[i - address]], "a byte past the count changed"
    assert await env.inp(Off.RBCR0, 2) == 0
    assert await env.inp(Off.RSAR0, 2) == address + count
    assert await env.inp(Off.RISR) & RISR_RDC
    assert await env.inp(Off.RCMD) == RCMD_IDLE

    await _start_dma(env, RCMD_READ, address, count)
    got = bytearray()
    for _ in range(0, count + 4, step):
        got += (await env.inp(Off.DATA, step)).to_bytes(step, "little")
    assert bytes(got[:count]) == data[:count]
    assert set(got[count:]) == {0xFF}, f"reads past the count returned {bytes(got[count:]).hex(' ')}"
    env.check_ram()


@cocotb.test()
async def odd_count_in_word_mode_moves_the_low_byte_only(dut) -> None:
    """Word mode, odd count: the last word moves its low byte only; the byte after the count is
    untouched and reads back as 0xFF in the last word's high half."""
    env = await _env(dut)
    await env.out(Off.CTRL, CTRL_WTS)
    address, count = 0x201, 5  # odd start too
    data = env.random_bytes(6)
    before = env.ram()
    await _start_dma(env, RCMD_WRITE, address, count)
    for i in range(0, 6, 2):
        await env.out(Off.DATA, int.from_bytes(data[i : i + 2], "little"), 2)
    after = env.ram()
    assert after[address : address + count] == data[:count]
    assert after[address + count] == before[address + count], "the high byte of the last word was written past the count"
    assert await env.inp(Off.RISR) & RISR_RDC, "RDC not set after the odd count"
    await _start_dma(env, RCMD_READ, address, count)
    words = [await env.inp(Off.DATA, 2) for _ in range(3)]
    assert words[2] == 0xFF00 | data[4], f"last word of an odd read is 0x{words[2]:04x}, expected 0xff{data[4]:02x}"
    env.check_ram()


@cocotb.test()
async def remote_dma_wraps_at_the_end_of_ram(dut) -> None:
    """The remote address after the last RAM byte is byte 0."""
    env = await _env(dut)
    end = env.cfg.ram_bytes
    data = env.random_bytes(4)
    await _start_dma(env, RCMD_WRITE, end - 2, 4)
    for b in data:
        await env.out(Off.DATA, b)
    ram = env.ram()
    assert ram[end - 2 :] + ram[:2] == data
    assert await env.inp(Off.RSAR0, 2) == 2
    env.check_ram()


@cocotb.test()
async def start_with_zero_count_completes_at_once(dut) -> None:
    """RCMD with RBCR = 0 sets RDC at once and leaves the engine idle; a data-port write then
    changes nothing; writing 1 to RISR.RDC clears it."""
    env = await _env(dut)
    await env.out(Off.RISR, RISR_RDC)
    await env.out(Off.RBCR0, 0, 2)
    await env.out(Off.RCMD, RCMD_WRITE)
    assert await env.inp(Off.RISR) == RISR_RDC
    assert await env.inp(Off.RCMD) == RCMD_IDLE
    before = env.ram()
    await env.out(Off.DATA, 0x00)
    assert env.ram() == before
    await env.out(Off.RISR, RISR_RDC)
    assert await env.inp(Off.RISR) == 0


@cocotb.test()
async def nic_port_has_priority_over_remote_dma(dut) -> None:
    """While the NIC port is busy the remote DMA waits; it finishes when the port is free, and
    the NIC port's read data is held across the engine's accesses."""
    env = await _env(dut)
    bus = env.cfg.data_width // 8
    ram = env.ram()
    # NIC reads word 3 continuously while a data-port write is in flight
    dut.nic_addr.value = 3
    dut.nic_en.value = 1
    await _start_dma(env, RCMD_WRITE, 0x10 * bus, 2)
    write = cocotb.start_soon(env.out(Off.DATA, 0xAB))
    await ClockCycles(dut.clk, 40)
    assert not write.done(), "the remote DMA wrote while the NIC port was busy"
    assert env.ram()[0x10 * bus] == ram[0x10 * bus]
    dut.nic_en.value = 0
    await RisingEdge(dut.clk)
    held = dut.nic_rdata.value.to_unsigned()
    assert held == int.from_bytes(ram[3 * bus : 4 * bus], "little")
    await write
    for _ in range(4):
        await RisingEdge(dut.clk)
        assert dut.nic_rdata.value.to_unsigned() == held, "nic_rdata changed while nic_en was low"
    assert env.ram()[0x10 * bus] == 0xAB
    env.check_ram()


# --------------------------------------------------------------------------- NDIS calls, both paths


@cocotb.test()
async def memory_path_and_port_path_agree(dut) -> None:
    """For random (address, length, data) NdisImmediateWriteSharedMemory through the window (memory
    space) and through the ports (I/O space, remote DMA) leave the same RAM; the reads agree too."""
    env = await _env(dut)
    start = await env.fill_random()
    w = env.cfg.window_bytes
    for i in range(6):
        word = bool(i & 1)
        page = env.rng.randrange(env.cfg.pages)
        length = env.rng.choice([1, 2, 3, env.rng.randrange(1, 160)])
        offset = env.rng.randrange(w - length + 1)
        data = env.random_bytes(length)
        env.log.info("case %d: page %d offset 0x%x length %d %s mode", i, page, offset, length, "word" if word else "byte")

        await env.out(Off.CTRL, CTRL_MEMENB | (CTRL_WTS if word else 0))
        await env.out(Off.PAGE, page)
        await env.host.NdisImmediateWriteSharedMemory(env.ctx, env.cfg.base_addr + offset, data, length)
        by_memory = env.ram()
        mem_buf = bytearray(length)
        await env.host.NdisImmediateReadSharedMemory(env.ctx, env.cfg.base_addr + offset, mem_buf, length)

        env.backdoor.write(0, start)
        env.model.ram[:] = start
        await RisingEdge(dut.clk)
        device = page * w + offset
        await env.io_host.NdisImmediateWriteSharedMemory(env.io_ctx, env.cfg.base_addr + device, data, length)
        by_ports = env.ram()
        io_buf = bytearray(length)
        await env.io_host.NdisImmediateReadSharedMemory(env.io_ctx, env.cfg.base_addr + device, io_buf, length)

        assert by_memory == by_ports, f"case {i}: the paths differ at RAM offsets {_differences(by_memory, by_ports)[:8]}"
        assert by_ports[device : device + length] == data
        assert set(_differences(start, by_ports)) <= set(range(device, device + length)), f"case {i}: bytes outside the range changed"
        assert mem_buf == io_buf == data, f"case {i}: reads differ"
        env.check_ram()
        env.backdoor.write(0, start)
        env.model.ram[:] = start
        await RisingEdge(dut.clk)
    env.mm.assert_no_leaks()
    env.io_mm.assert_no_leaks()


@cocotb.test()
async def frame_transmit_through_the_port_path(dut) -> None:
    """NE2000 style: a driver without a mapped window sends a 1514-byte frame through the data port
    (remote-DMA write), then reads it back the same way."""
    env = await _env(dut)
    drv = env.driver(io=True)
    await drv.initialize(word_mode=True, map_window=False)
    frame = udp_frame(1514, seed=cocotb.RANDOM_SEED)
    address = min(0x0100, env.cfg.ram_bytes - len(frame)) if env.cfg.ram_bytes >= len(frame) else 0
    frame = frame[: env.cfg.ram_bytes - address]
    await drv.transmit_port(address, frame)
    assert env.ram()[address : address + len(frame)] == frame
    assert await drv.receive_port(address, len(frame)) == frame
    env.check_ram()


@cocotb.test()
async def port_calls_have_ndis_widths_and_checks(dut) -> None:
    """NdisImmediateRead/WritePort* move 1, 2 and 4 bytes at the port in the adapter's range;
    a misaligned or out-of-range port is refused before any bus cycle."""
    env = await _env(dut)
    h, ctx, port = env.host, env.ctx, env.cfg.port
    await h.NdisImmediateWritePortUshort(ctx, port(Off.RSAR0), 0x0123)
    await h.NdisImmediateWritePortUlong(ctx, port(Off.RSAR0), 0x0456_0123)
    lo, hi, both, whole = Out(0), Out(0), Out(0), Out(0)
    await h.NdisImmediateReadPortUchar(ctx, port(Off.RSAR0), lo)
    await h.NdisImmediateReadPortUchar(ctx, port(Off.RSAR1), hi)
    await h.NdisImmediateReadPortUshort(ctx, port(Off.RBCR0), both)
    await h.NdisImmediateReadPortUlong(ctx, port(Off.ID), whole)
    mask = env.cfg.ram_bytes - 1
    assert (hi.value << 8 | lo.value) == 0x0123 & mask
    assert both.value == 0x0456
    resets = register_resets(env.cfg)
    assert whole.value == resets[Off.ID] | resets[Off.REV] << 8 | resets[Off.RAMSZ] << 16 | resets[Off.WINSZ] << 24

    accesses = env.lite.stats.writes + env.lite.stats.reads
    ram = env.ram()
    for call, args, rule in (
        (h.NdisImmediateWritePortUshort, (ctx, port(Off.RSAR1), 1), "port-misaligned"),
        (h.NdisImmediateWritePortUchar, (ctx, env.cfg.port_end, 1), "port-outside-resources"),
        (h.NdisImmediateWritePortUlong, (ctx, port(0x1C), 1 << 32), "data-too-wide"),
        (h.NdisImmediateReadPortUshort, (ctx, 0x10000, Out(0)), "port-type"),
    ):
        try:
            await call(*args)
        except NdisVerifierError as exc:
            assert exc.violation.rule == rule, f"{call.__name__}{args[1:]}: rule {exc.violation.rule}, expected {rule}"
        else:
            raise AssertionError(f"{call.__name__}{args[1:]} was not refused")
    assert env.lite.stats.writes + env.lite.stats.reads == accesses, "a refused call reached the bus"
    assert env.ram() == ram, "a refused call changed the RAM"
