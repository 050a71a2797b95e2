"""March elements through the host port, one RAM word per operation, in exact March order.

:class:`MarchEngine` drives the AXI4 port; :class:`WishboneMarchEngine` and
:class:`AvalonMarchEngine` drive the other buses (their ports keep request order at the RAM, so
there the order follows from issuing the requests in order); :func:`march_engine` picks by port.

A March element visits every word in ascending or descending order and, at each word, reads it
(expecting a value) and then writes it (a new value). The fault coverage of a March test comes from
that order: the write of word ``i`` must reach the RAM before the read of the next word, and after
the read of word ``i``. :class:`MarchEngine` drives single-beat full-width reads and writes pin by pin
so that this order holds at the RAM while still moving one word per clock:

* the engine wakes at every falling edge, when the slave's registered READY/VALID outputs have
  settled for the coming rising edge, so it knows which handshakes that edge will complete;
* the read of word ``i`` and the write of word ``i`` handshake at the same edge at the earliest
  (nic_shared_ram launches the RAM read in the AR handshake cycle and its RAM is read-first, so the
  read still returns the word from before the write);
* the read of word ``i + 1`` handshakes at an edge strictly after the write of word ``i`` (a W beat
  is in the RAM on the edge of its handshake).

Those two facts are in the RTL's header comments. Should the RTL stop honouring them, reads return
the value the same element wrote and the element fails loudly; it can never pass silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from cocotb.handle import SimHandleBase
from cocotb.triggers import FallingEdge, RisingEdge

from models.axi import BurstType, Resp


class MarchError(AssertionError):
    """A March element read an unexpected value, got an error response, or the port stalled."""


@dataclass
class ElementResult:
    """What one element did: words visited, cycles taken, and the first few mismatches."""

    words: int = 0
    cycles: int = 0
    mismatches: list[str] = field(default_factory=list)
    mismatch_count: int = 0


class MarchEngine:
    """Pin-level engine for March elements ``(r x, w y)`` over whole RAM words.

    Words are RAM word indices (word ``i`` is at bus address ``base_addr + i * bus_bytes``); data
    values are whole-word integers. Every access is a single-beat full-width INCR burst with ID
    ``axid``. ``timeout_cycles`` bounds how long the port may make no progress.
    """

    def __init__(
        self,
        dut: SimHandleBase,
        clock: SimHandleBase,
        base_addr: int,
        bus_bytes: int,
        *,
        prefix: str = "s_axi",
        axid: int = 0,
        timeout_cycles: int = 1000,
        max_reported: int = 8,
    ) -> None:
        self.dut = dut
        self.clock = clock
        self.base_addr = base_addr
        self.bus_bytes = bus_bytes
        self.size = bus_bytes.bit_length() - 1
        self.axid = axid
        self.timeout_cycles = timeout_cycles
        self.max_reported = max_reported
        s = lambda name: getattr(dut, f"{prefix}_{name}")  # noqa: E731
        self.awvalid, self.awready, self.awaddr = s("awvalid"), s("awready"), s("awaddr")
        self.wvalid, self.wready, self.wdata = s("wvalid"), s("wready"), s("wdata")
        self.bvalid, self.bresp, self.bready = s("bvalid"), s("bresp"), s("bready")
        self.arvalid, self.arready, self.araddr = s("arvalid"), s("arready"), s("araddr")
        self.rvalid, self.rdata, self.rresp, self.rready = s("rvalid"), s("rdata"), s("rresp"), s("rready")
        self._fixed = (
            (s("awid"), axid), (s("awlen"), 0), (s("awsize"), self.size), (s("awburst"), int(BurstType.INCR)),
            (s("wstrb"), (1 << bus_bytes) - 1), (s("wlast"), 1),
            (s("arid"), axid), (s("arlen"), 0), (s("arsize"), self.size), (s("arburst"), int(BurstType.INCR)),
        )

    def _address(self, word: int) -> int:
        return self.base_addr + word * self.bus_bytes

    async def element(self, name: str, words: Sequence[int], expect: int, write: int) -> ElementResult:
        """Run ``(r expect, w write)`` over ``words`` in the given order.

        Reads that differ from ``expect`` are counted (and the first few described) in the result;
        an error response or a stalled port raises :class:`MarchError`."""
        for handle, value in self._fixed:
            handle.value = value
        self.bready.value = 1
        self.rready.value = 1
        n = len(words)
        res = ElementResult(words=n)
        ar_next = aw_next = w_next = 0  # next AR / AW / W to present
        ar_done = w_done = 0  # ARs / W beats handshaked at a past edge
        r_done = b_done = 0
        ar_on = aw_on = w_on = False  # VALID driven high
        ar_hs = aw_hs = w_hs = False  # handshake at the coming edge
        self.wdata.value = write
        cycles = quiet = 0
        while r_done < n or b_done < n:
            await FallingEdge(self.clock)
            cycles += 1
            quiet += 1
            # The handshakes planned at the previous falling edge happened at the edge just past.
            if ar_hs:
                ar_next += 1
                ar_done = ar_next
                ar_on = False
            if aw_hs:
                aw_next += 1
                aw_on = False
            if w_hs:
                w_next += 1
                w_done = w_next
                w_on = False
            if ar_hs or aw_hs or w_hs:
                quiet = 0
            # The slave's outputs are registers: what they show now is what the coming edge samples.
            # R and B: READY is always high, so a VALID seen now completes at the coming edge.
            if self.rvalid.value == 1:
                got = self.rdata.value
                resp = self.rresp.value.to_unsigned()
                if resp != Resp.OKAY or not got.is_resolvable or got.to_unsigned() != expect:
                    res.mismatch_count += 1
                    if len(res.mismatches) < self.max_reported:
                        shown = f"0x{got.to_unsigned():0{2 * self.bus_bytes}x}" if got.is_resolvable else str(got)
                        res.mismatches.append(
                            f"word 0x{self._address(words[r_done]):08x}: read {shown} ({Resp(resp).name}), "
                            f"expected 0x{expect:0{2 * self.bus_bytes}x}"
                        )
                r_done += 1
                quiet = 0
            if self.bvalid.value == 1:
                resp = self.bresp.value.to_unsigned()
                if resp != Resp.OKAY:
                    raise MarchError(f"{name}: write of word 0x{self._address(words[b_done]):08x} got {Resp(resp).name}")
                b_done += 1
                quiet = 0
            # AR of word i: only once the write of word i-1 is in the RAM (handshaked at a past edge).
            if not ar_on:
                if ar_next < n and w_done >= ar_next:
                    self.araddr.value = self._address(words[ar_next])
                    self.arvalid.value = 1
                    ar_on = True
                elif ar_hs:
                    self.arvalid.value = 0
            ar_hs = ar_on and self.arready.value == 1
            # AW runs ahead of W by at most two bursts.
            if not aw_on:
                if aw_next < n and aw_next - w_done < 2:
                    self.awaddr.value = self._address(words[aw_next])
                    self.awvalid.value = 1
                    aw_on = True
                elif aw_hs:
                    self.awvalid.value = 0
            aw_hs = aw_on and self.awready.value == 1
            # W of word j: not before the read of word j (the same edge at the earliest).
            if not w_on:
                if w_next < n and (ar_done > w_next or (ar_hs and ar_next == w_next)):
                    self.wvalid.value = 1
                    w_on = True
                elif w_hs:
                    self.wvalid.value = 0
            w_hs = w_on and self.wready.value == 1
            if quiet > self.timeout_cycles:
                raise MarchError(
                    f"{name}: no progress for {self.timeout_cycles} cycles (AR {ar_done}/{n}, W {w_done}/{n}, "
                    f"R {r_done}/{n}, B {b_done}/{n})"
                )
        self.arvalid.value = 0
        self.awvalid.value = 0
        self.wvalid.value = 0
        await RisingEdge(self.clock)  # the last R and B beats complete at this edge
        res.cycles = cycles
        return res


class _PortMarch:
    """Shared parts of the March engines of the Wishbone and Avalon-MM ports.

    Those ports keep request order at the RAM by themselves (a request is executed at the edge it is
    taken, in order; see the headers of nic_shared_ram_wb and nic_shared_ram_avmm), so an element is
    the request stream ``read word i, write word i, read word i+1, ...`` driven in order, a request
    per clock at most: the read of word ``i`` reaches the RAM before its write, and that write before
    the read of word ``i + 1``."""

    def __init__(self, clock: SimHandleBase, base_addr: int, bus_bytes: int, timeout_cycles: int,
                 max_reported: int) -> None:
        self.clock = clock
        self.base_addr = base_addr
        self.bus_bytes = bus_bytes
        self.timeout_cycles = timeout_cycles
        self.max_reported = max_reported

    def _address(self, word: int) -> int:
        return self.base_addr + word * self.bus_bytes

    def _check_read(self, res: ElementResult, word: int, got, ok: bool, what: str, expect: int) -> None:
        if ok and got.is_resolvable and got.to_unsigned() == expect:
            return
        res.mismatch_count += 1
        if len(res.mismatches) < self.max_reported:
            shown = f"0x{got.to_unsigned():0{2 * self.bus_bytes}x}" if got.is_resolvable else str(got)
            res.mismatches.append(f"word 0x{self._address(word):08x}: read {shown} ({what}), "
                                  f"expected 0x{expect:0{2 * self.bus_bytes}x}")

    def _stuck(self, name: str, quiet: int, done: str) -> None:
        if quiet > self.timeout_cycles:
            raise MarchError(f"{name}: no progress for {self.timeout_cycles} cycles ({done})")


class WishboneMarchEngine(_PortMarch):
    """March elements over a pipelined Wishbone port: each read and write is a single End-Of-Burst
    transfer of a whole word (SEL full), all of an element in one bus cycle."""

    def __init__(self, dut: SimHandleBase, clock: SimHandleBase, base_addr: int, bus_bytes: int, *,
                 prefix: str = "s_wb", timeout_cycles: int = 1000, max_reported: int = 8) -> None:
        super().__init__(clock, base_addr, bus_bytes, timeout_cycles, max_reported)
        s = lambda name: getattr(dut, f"{prefix}_{name}")  # noqa: E731
        self.cyc, self.stb, self.we, self.adr, self.sel = s("cyc"), s("stb"), s("we"), s("adr"), s("sel")
        self.cti, self.bte, self.dat_w, self.dat_r = s("cti"), s("bte"), s("dat_i"), s("dat_o")
        self.ack, self.err, self.stall = s("ack"), s("err"), s("stall")

    async def element(self, name: str, words: Sequence[int], expect: int, write: int) -> ElementResult:
        """Run ``(r expect, w write)`` over ``words`` in the given order (see :class:`MarchEngine`)."""
        requests = [(we, w) for w in words for we in (0, 1)]
        total = len(requests)
        res = ElementResult(words=len(words))
        self.sel.value = (1 << self.bus_bytes) - 1
        self.cti.value = 0b111
        self.bte.value = 0
        self.cyc.value = 1
        issued = answered = 0
        driving = False
        cycles = quiet = 0
        while answered < total:
            if not driving and issued < total:
                we, word = requests[issued]
                self.adr.value = self._address(word)
                self.we.value = we
                self.dat_w.value = write if we else 0
                self.stb.value = 1
                driving = True
            await RisingEdge(self.clock)
            cycles += 1
            quiet += 1
            if self.ack.value == 1 or self.err.value == 1:
                if answered >= issued:
                    raise MarchError(f"{name}: an answer with no request outstanding (cycle {cycles})")
                we, word = requests[answered]
                if we and self.err.value == 1:
                    raise MarchError(f"{name}: write of word 0x{self._address(word):08x} got ERR")
                if not we:
                    err = self.err.value == 1
                    self._check_read(res, word, self.dat_r.value, not err, "ERR" if err else "ACK", expect)
                answered += 1
                quiet = 0
            if driving and self.stall.value == 0:
                issued += 1
                driving = False
                quiet = 0
            if not driving:
                self.stb.value = 0
            self._stuck(name, quiet, f"{issued}/{total} requests taken, {answered} answered")
        self.cyc.value = 0
        self.we.value = 0
        res.cycles = cycles
        return res


class AvalonMarchEngine(_PortMarch):
    """March elements over an Avalon-MM port: each read and write is a one-word command
    (burstcount 1, byteenable full); reads come back on readdatavalid, writes on writeresponsevalid."""

    def __init__(self, dut: SimHandleBase, clock: SimHandleBase, base_addr: int, bus_bytes: int, *,
                 prefix: str = "s_avmm", timeout_cycles: int = 1000, max_reported: int = 8) -> None:
        super().__init__(clock, base_addr, bus_bytes, timeout_cycles, max_reported)
        s = lambda name: getattr(dut, f"{prefix}_{name}")  # noqa: E731
        self.address, self.read_, self.write_ = s("address"), s("read"), s("write")
        self.writedata, self.byteenable, self.burstcount = s("writedata"), s("byteenable"), s("burstcount")
        self.waitrequest, self.readdata, self.readdatavalid = s("waitrequest"), s("readdata"), s("readdatavalid")
        self.response, self.writeresponsevalid = s("response"), s("writeresponsevalid")

    async def element(self, name: str, words: Sequence[int], expect: int, write: int) -> ElementResult:
        """Run ``(r expect, w write)`` over ``words`` in the given order (see :class:`MarchEngine`)."""
        commands = [(we, w) for w in words for we in (0, 1)]
        total, n = len(commands), len(words)
        res = ElementResult(words=n)
        self.byteenable.value = (1 << self.bus_bytes) - 1
        self.burstcount.value = 1
        self.writedata.value = write
        c = reads = writes = 0
        driving = False
        cycles = quiet = 0
        while reads < n or writes < n:
            if not driving and c < total:
                we, word = commands[c]
                self.address.value = self._address(word)
                self.read_.value = 1 - we
                self.write_.value = we
                driving = True
            await RisingEdge(self.clock)
            cycles += 1
            quiet += 1
            if self.readdatavalid.value == 1:
                if reads >= n:
                    raise MarchError(f"{name}: readdatavalid with no read outstanding (cycle {cycles})")
                resp = self.response.value.to_unsigned()
                self._check_read(res, words[reads], self.readdata.value, resp == 0, f"response {resp:02b}", expect)
                reads += 1
                quiet = 0
            if self.writeresponsevalid.value == 1:
                resp = self.response.value.to_unsigned()
                if writes >= n:
                    raise MarchError(f"{name}: writeresponsevalid with no write outstanding (cycle {cycles})")
                if resp != 0:
                    raise MarchError(
                        f"{name}: write of word 0x{self._address(words[writes]):08x} got response {resp:02b}")
                writes += 1
                quiet = 0
            if driving and self.waitrequest.value == 0:
                c += 1
                driving = False
                quiet = 0
            if not driving:
                self.read_.value = 0
                self.write_.value = 0
            self._stuck(name, quiet, f"{c}/{total} commands taken, {reads}/{n} reads and {writes}/{n} writes answered")
        res.cycles = cycles
        return res


def march_engine(dut: SimHandleBase, clock: SimHandleBase, base_addr: int, bus_bytes: int):
    """The March engine for the toplevel's host port: AXI4, Wishbone or Avalon-MM."""
    from tb.bus_env import bus_of

    bus = bus_of(dut)
    engine = {"axi": MarchEngine, "wishbone": WishboneMarchEngine, "avalon": AvalonMarchEngine}[bus]
    return engine(dut, clock, base_addr, bus_bytes)
