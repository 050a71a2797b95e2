"""The NDIS host driving a generated LiteEth MAC, and the wire on its MII pins.

:class:`LiteEthEnv` runs on ``tb/hdl/liteeth_top.v``: the system and MII clocks, reset, the host
(:class:`tb.legacy.LegacyNdisHost` over the classic-mode :class:`tb.wishbone.WishboneMaster`), the
adapter's resources from the generated ``csr.json`` (:mod:`models.liteeth`), cocotbext-eth's MII
source and sink on the wire, and a backdoor on the MAC's slot memories with a golden model of each.

:class:`LiteEthMiniport` is what a miniport's send and receive paths do, with NDIS calls only:
``NdisImmediateWriteSharedMemory`` into a TX slot and ``NdisWriteRegisterUlong`` on the CSRs to start
it; on an RX event ``NdisReadRegisterUlong`` of slot and length, ``NdisImmediateReadSharedMemory`` out
of the slot, and a write to ``ev_pending`` to free it.
"""

from __future__ import annotations

import json
import logging
import os
import random
from dataclasses import dataclass, field
from pathlib import Path

import cocotb
from cocotb.clock import Clock
from cocotb.handle import SimHandleBase
from cocotb.triggers import ClockCycles, RisingEdge, with_timeout
from cocotbext.eth import GmiiFrame, MiiSink, MiiSource

from models.liteeth import LiteEthMap, liteeth_platform, wire_frame
from models.platform import MemoryManager
from models.shared_ram import first_mismatch
from tb.call_trace import CallTraceSignal
from tb.legacy.host import LegacyNdisHost
from tb.ndis import CopyStrategy, NdisStatus, Out
from tb.wishbone import WishboneMaster

#: Environment variables the runner sets: the generated map and the list of slot memories.
CSR_JSON_ENV = "LITEETH_CSR_JSON"
MEMORIES_ENV = "LITEETH_MEMORIES"
SYS_PERIOD_NS = 10  # 100 MHz, the clk_freq of the config
MII_PERIOD_NS = 40  # 25 MHz: 100 Mb/s MII


class LiteEthError(Exception):
    """The MAC did not do what the host asked (a timeout, a bad register value)."""


@dataclass
class SlotMemory:
    """Backdoor of one slot memory (32-bit words, byte i of the slot in lane i % 4) with its golden
    model: each byte as the 8-character string the simulator shows (X/Z kept), so never-written
    bytes are compared too."""

    handle: SimHandleBase
    depth: int
    golden: list[str] = field(default_factory=list)
    #: The offsets of the last expected write.
    written: set[int] = field(default_factory=set)

    def snapshot(self) -> list[str]:
        out = []
        for i in range(self.depth):
            word = str(self.handle[i].value).rjust(32, "0")
            out += [word[32 - 8 * (k + 1) : 32 - 8 * k] for k in range(4)]
        return out

    def read_bytes(self, offset: int, length: int) -> bytes:
        snap = self.snapshot()[offset : offset + length]
        bad = [i for i, b in enumerate(snap) if not set(b) <= {"0", "1"}]
        if bad:
            raise LiteEthError(f"slot bytes {offset + bad[0]}.. are not 0/1 ({snap[bad[0]]})")
        return bytes(int(b, 2) for b in snap)

    def expect(self, offset: int, data: bytes) -> None:
        self.written = set(range(offset, offset + len(data)))
        for i, b in enumerate(data):
            self.golden[offset + i] = format(b, "08b")

    def check(self, what: str, base: int) -> None:
        """The memory equals its golden model byte for byte (the written bytes and every other)."""
        got = self.snapshot()
        bad = [i for i, (g, e) in enumerate(zip(got, self.golden)) if g != e]
        if bad:
            i = bad[0]
            hint = ""
            if len(bad) == len(self.written) and bad == sorted(self.written):
                hint = (" (no written byte arrived here at all: the backdoor takes the core's slot memories in "
                        "declaration order, RX slots first; a LiteEth version that declares them otherwise "
                        "breaks that, see LITEETH_MEMORIES)")
            raise AssertionError(f"{what}: byte 0x{base + i:08x} (slot offset {i}) is {got[i]}, expected {self.golden[i]}"
                                 f"; {len(bad)} byte(s) differ{hint}")


class LiteEthEnv:
    """Clocks, reset, host, wire and backdoor around ``liteeth_top``."""

    def __init__(self, dut: SimHandleBase, strategy: CopyStrategy = CopyStrategy.BURST, seed: int | None = None) -> None:
        self.dut = dut
        self.log = logging.getLogger("cocotb.tb")
        self.rng = random.Random(cocotb.RANDOM_SEED if seed is None else seed)
        csr_json, memories = os.environ.get(CSR_JSON_ENV), os.environ.get(MEMORIES_ENV)
        if not csr_json or not memories:
            # Run without the environment of sim.liteeth_gen.liteeth_config: the default generation.
            from sim.liteeth_gen import ensure

            core = ensure()
            csr_json = str(core.csr_json)
            memories = core.memories_json(os.environ.get("NIC_SIM", "icarus")).read_text()
        self.map = LiteEthMap.from_csr_json(Path(csr_json))
        self.hal, self.ctx = liteeth_platform(self.map)
        self.mm = MemoryManager()
        self.master = WishboneMaster(dut, dut.clk, mode="classic")
        self.host = LegacyNdisHost(self.hal, self.mm, self.master, strategy=strategy)
        self.host.trace = CallTraceSignal.find(dut)
        memories = json.loads(memories)
        want = self.map.rx_slots + self.map.tx_slots
        if len(memories) != want:
            raise LiteEthError(
                f"the generated core has {len(memories)} slot-sized 32-bit memories ({memories}); "
                f"csr.json promises {self.map.rx_slots} RX + {self.map.tx_slots} TX slots"
            )
        core = dut.u_core
        mems = [SlotMemory(getattr(core, m["name"]), m["depth"]) for m in memories]
        # LiteEth builds the RX (writer) slots before the TX (reader) slots; the checks below
        # fail with the slot named if a version orders them otherwise.
        self.rx_mem = mems[: self.map.rx_slots]
        self.tx_mem = mems[self.map.rx_slots :]
        self.wire_tx: MiiSink | None = None
        self.wire_rx: MiiSource | None = None

    async def start(self) -> "LiteEthEnv":
        d = self.dut
        Clock(d.clk, SYS_PERIOD_NS, unit="ns").start()
        Clock(d.mii_tx_clk, MII_PERIOD_NS, unit="ns").start()
        Clock(d.mii_rx_clk, MII_PERIOD_NS, unit="ns").start()
        d.mii_rxd.value = 0
        d.mii_rx_dv.value = 0
        d.mii_rx_er.value = 0
        d.rst.value = 1
        await ClockCycles(d.clk, 20)
        d.rst.value = 0
        # The core holds its PHY in reset (mii_rst_n low, and its own MII clock domains with it)
        # for a while after reset; a PHY in reset neither sends nor receives, and the MAC's TX pins
        # are X until then: the wire starts after it lets go.
        for _ in range(10000):
            await RisingEdge(d.clk)
            if d.mii_rst_n.value.is_resolvable and int(d.mii_rst_n.value) == 1:
                break
        else:
            raise LiteEthError("mii_rst_n stayed low for 10000 cycles after reset")
        await ClockCycles(d.mii_rx_clk, 4)
        self.wire_tx = MiiSink(d.mii_txd, None, d.mii_tx_en, d.mii_tx_clk)
        self.wire_rx = MiiSource(d.mii_rxd, d.mii_rx_er, d.mii_rx_dv, d.mii_rx_clk)
        for m in self.rx_mem + self.tx_mem:
            m.golden = m.snapshot()
        return self

    async def frame_on_wire(self, timeout_us: float = 500) -> GmiiFrame:
        """The next frame the MAC sent, as cocotbext-eth's MII sink decoded it."""
        return await with_timeout(self.wire_tx.recv(), timeout_us, "us")

    async def send_on_wire(self, frame: bytes, fcs: bytes | None = None) -> None:
        """Put ``frame`` on the MAC's RX pins, with preamble and a correct FCS (or ``fcs``)."""
        if fcs is None:
            g = GmiiFrame.from_payload(frame, min_len=0)
        else:
            g = GmiiFrame.from_raw_payload(bytes(frame) + fcs)
        await self.wire_rx.send(g)
        await self.wire_rx.wait()


@dataclass
class Received:
    """A frame the host copied out of an RX slot."""

    slot: int
    data: bytes


class LiteEthMiniport:
    """A miniport's send and receive paths on LiteEth, through NDIS calls only."""

    def __init__(self, env: LiteEthEnv) -> None:
        self.env = env
        self.host = env.host
        self.map = env.map
        self.csr_va: int | None = None

    async def initialize(self) -> None:
        """Map the register range (the adapter's first memory resource)."""
        regs = self.env.ctx.memory_ranges()[0]
        va = Out[int]()
        status = await self.host.NdisMMapIoSpace(va, self.env.ctx, regs.start, regs.length)
        if status != NdisStatus.SUCCESS or va.value is None:
            raise LiteEthError(f"NdisMMapIoSpace of the register range {regs} failed: {status!r}")
        self.csr_va = va.value
        self.regs = regs

    def _va(self, name: str) -> int:
        return self.csr_va + self.map.reg(name) - self.regs.start

    async def write(self, name: str, value: int) -> None:
        await self.host.NdisWriteRegisterUlong(self._va(name), value)

    async def read(self, name: str) -> int:
        out = Out[int]()
        await self.host.NdisReadRegisterUlong(self._va(name), out)
        if out.value is None:
            raise LiteEthError(f"NdisReadRegisterUlong of {name} returned nothing: {self.host.failures[-1:]}")
        return out.value

    async def transmit(self, frame: bytes, slot: int, check: bool = True) -> None:
        """Copy ``frame`` into TX slot ``slot`` and start it; with ``check``, every TX slot memory is
        compared with its golden model right after the copy (the frame, the rest of its slot, and
        the other slots). A slot that does not exist or a frame that does not fit is refused with
        an error before any bus cycle."""
        address = self.map.tx_slot(slot)  # LiteEthMapError for a slot that does not exist
        room = self.env.tx_mem[slot].depth * 4
        if not isinstance(frame, (bytes, bytearray, memoryview)) or not 0 < len(frame) <= room:
            got = f"{len(frame)} bytes" if isinstance(frame, (bytes, bytearray, memoryview)) else type(frame).__name__
            raise LiteEthError(f"frame of {got} for TX slot {slot}; allowed: 1..{room} bytes (the slot's memory)")
        for _ in range(10000):
            if await self.read("ethmac_sram_reader_ready") & 1:
                break
        else:
            raise LiteEthError("ethmac_sram_reader_ready stayed 0")
        await self.host.NdisImmediateWriteSharedMemory(self.env.ctx, address, frame, len(frame))
        if self.host.failures:
            raise LiteEthError(f"the host's write failed: {self.host.failures[-1]}")
        if check:
            self.env.tx_mem[slot].expect(0, frame)
            for i, mem in enumerate(self.env.tx_mem):  # the slot, and the bytes around it: every TX slot
                mem.check(f"TX slot {i} after NdisImmediateWriteSharedMemory of {len(frame)} bytes into slot {slot}",
                          self.map.tx_slot(i))
        await self.write("ethmac_sram_reader_slot", slot)
        await self.write("ethmac_sram_reader_length", len(frame))
        await self.write("ethmac_sram_reader_start", 1)

    async def rx_pending(self) -> bool:
        return bool(await self.read("ethmac_sram_writer_ev_pending") & 1)

    async def receive(self, polls: int = 20000, release: bool = True) -> Received:
        """Wait for the RX event (polled register), copy the frame out of its slot, free the slot."""
        for _ in range(polls):
            if await self.rx_pending():
                break
        else:
            raise LiteEthError(f"no RX event after {polls} polls of ethmac_sram_writer_ev_pending")
        slot = await self.read("ethmac_sram_writer_slot")
        length = await self.read("ethmac_sram_writer_length")
        if not 0 <= slot < self.map.rx_slots or not 0 < length <= self.map.slot_size:
            raise LiteEthError(f"RX event with slot={slot} length={length}")
        buf = bytearray(length)
        await self.host.NdisImmediateReadSharedMemory(self.env.ctx, self.map.rx_slot(slot), buf, length)
        if self.host.failures:
            raise LiteEthError(f"the host's read failed: {self.host.failures[-1]}")
        if release:
            await self.write("ethmac_sram_writer_ev_pending", 1)
        return Received(slot, bytes(buf))


async def frames_both_ways(dut: SimHandleBase, frame: bytes, rx_frame: bytes) -> dict:
    """The `make sim SCENARIO=liteeth` run: ``frame`` out through TX slot 0 and checked on MII,
    then ``rx_frame`` in on MII and copied out of its RX slot by the host. Returns the summary."""
    from models.liteeth import wire_frame as _wire

    env = await LiteEthEnv(dut).start()
    mp = LiteEthMiniport(env)
    await mp.initialize()
    stats = env.master.stats
    summary: dict = {"scenario": "liteeth_frames", "bytes": len(frame), "result": "FAIL", "rows": []}
    tx_addr = env.map.tx_slot(0)
    summary["call"] = f"NdisImmediateWriteSharedMemory(ctx, 0x{tx_addr:08x}, frame, {len(frame)}) into TX slot 0"
    c0, w0 = stats.cycles, stats.beats
    await mp.transmit(frame, 0)
    tx_cycles, tx_words = stats.cycles - c0, stats.beats - w0
    env.log.info("checked: TX slot 0 equals the frame byte for byte (backdoor), every other byte of the slot unchanged")
    got = await env.frame_on_wire()
    if not got.check_fcs() or got.get_payload() != _wire(frame):
        raise AssertionError(f"the frame on MII differs: {first_mismatch(_wire(frame), got.get_payload(), 0)} (FCS ok: {got.check_fcs()})")
    env.log.info("checked: the frame arrived on MII byte for byte with a valid FCS")
    await env.send_on_wire(rx_frame)
    c0 = stats.cycles
    rx = await mp.receive()
    rx_cycles = stats.cycles - c0
    if rx.data != rx_frame:
        raise AssertionError(f"the frame copied out of RX slot {rx.slot} differs: {first_mismatch(rx_frame, rx.data, 0)}")
    env.log.info("checked: NdisImmediateReadSharedMemory copied the %d-byte wire frame out of RX slot %d byte for byte", len(rx_frame), rx.slot)
    summary["rows"] = [
        ("TX copy", f"{tx_words} Wishbone words in {tx_cycles} cycles (classic: one word per ACK)"),
        ("on MII", f"{len(got.get_payload())} bytes + FCS, FCS valid, equal to the frame"),
        ("RX", f"{len(rx_frame)}-byte frame from MII -> RX slot {rx.slot} -> NdisImmediateReadSharedMemory, equal"),
        ("RX host work", f"{rx_cycles} cycles (event poll, slot, length, copy, release)"),
    ]
    summary["cycles"] = tx_cycles + rx_cycles
    summary["result"] = "PASS"
    return summary


__all__ = ["frames_both_ways", "LiteEthEnv", "LiteEthMiniport", "LiteEthError", "Received", "SlotMemory", "wire_frame", "first_mismatch"]
