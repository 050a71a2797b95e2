"""Wishbone and Avalon-MM engines over the Verilog request transactors of ``wb_fast_top`` and
``avmm_fast_top`` (``tb/hdl/wb_xactor.v``, ``tb/hdl/avmm_xactor.v``).

:class:`WishboneFastEngine` and :class:`AvalonFastEngine` are the pin-level masters
(:class:`tb.wishbone.WishboneMaster`, :class:`tb.avalon.AvalonMaster`) with their pin loops
replaced: Python plans and packs the call exactly as the pin-level master does (same bursts, same
CTI/BTE tags, same Avalon bursts), consults the pacing hook ahead of time in the order that master
would (the idle cycles before each request), and hands the whole call to the transactor: the
first request in the command, the others in the stream file (:data:`tb.xactor_wire.BUS_FILES`).
The transactor drives the bus with the pin-level master's cycle-by-cycle decisions
(``tests/sim/bus_engines.py`` compares the two clock by clock) and writes every answer to the
answer file; Python sleeps until the call ends, one wakeup per call instead of one per clock.
A pacing hook must therefore not depend on bus state (the :mod:`models.pacing` hooks do not).

Both keep the bus-engine shape :mod:`tb.ndis` needs (``bus_bytes``, ``write``, ``read``, ``pace``,
``stats``), and the pin-level masters' ``run``/``run_write``/``run_read`` for directed requests.
``after_call`` hooks run after every call, also one that failed, before its error is raised: a
checker fed from the wrapper's port recorder (:class:`tb.bus_protocol.RecordedBusChecker`) polls
there, so a protocol violation fails the call that caused it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable, Sequence

from cocotb.handle import SimHandleBase
from cocotb.triggers import ReadWrite

from tb.avalon import AvalonError, AvalonMaster
from tb.wishbone import WishboneError, WishboneMaster
from tb.xactor_wire import BUS_FILES, BUS_STATUS, DESCRIPTOR_BYTES, MAX_IDLE, REQUEST, BusError, bus_command, rewrite_file


@dataclass(frozen=True)
class Request:
    """One request of a call: a Wishbone transfer, an Avalon-MM write word or read command."""

    address: int
    sel: int
    data: int = 0
    cti: int = 0
    bte: int = 0
    end: bool = False
    count: int = 0


class _RequestTransactor:
    """The Python side of a request transactor: hand a call over, wait for its end, read its answers."""

    def __init__(self, top: SimHandleBase, bus: str, data_width: int, error: type[Exception],
                 timeout_cycles: int) -> None:
        if not hasattr(top, "x_cmd"):
            raise ValueError(f"the fast {bus} engine needs the {bus} engine wrapper toplevel; this one is {top._name}")
        if not 1 <= timeout_cycles < 1 << 32:
            raise ValueError(f"timeout_cycles={timeout_cycles}; allowed: 1..2**32-1")
        self.top = top
        self.bus = bus
        self.error = error
        self.bus_bytes = data_width // 8
        self.command = bus_command(data_width)
        self.stream_file, self.answer_file, _ = BUS_FILES[bus]
        self.after_call: list[Callable[[], None]] = []
        self.cmd, self.ev, self.stat = top.x_cmd, top.x_ev, top.x_stat
        self.addr_width = len(top.u_ram.s_wb_adr if bus == "wishbone" else top.u_ram.s_avmm_address)
        top.x_sel.value = 1
        stat = self.stat.value
        self.seq = BUS_STATUS["seq"].get(stat.to_unsigned()) if stat.is_resolvable else 0
        self.busy = False

    def _descriptor(self, r: Request, idle: int) -> int:
        return REQUEST.pack(addr=r.address, idle=idle, cti=r.cti, bte=r.bte, end=int(r.end), count=r.count, sel=r.sel)

    async def call(self, requests: Sequence[Request], idles: Sequence[int], *, we: bool, answers: int,
                   pipelined: bool = False, timeout_cycles: int) -> tuple[list[tuple[int, int]], int]:
        """Run ``requests`` (``idles[i]`` idle cycles before request i) as one call that ends after
        ``answers`` answers; return the answers (code, data) and the cycles the call took."""
        if self.busy:
            raise self.error(f"{self.bus}: another call is still running on this engine")
        nb = self.bus_bytes
        for r in requests:
            if not 0 <= r.address < 1 << self.addr_width:
                raise ValueError(f"{self.bus}: address 0x{r.address:x} does not fit {self.addr_width} address bits")
        if len(requests) > 1:
            rewrite_file(self.stream_file, b"".join(
                self._descriptor(r, i).to_bytes(DESCRIPTOR_BYTES, "big") + r.data.to_bytes(nb, "big")
                for r, i in zip(requests[1:], idles[1:])
            ))
        first = requests[0]
        st = BUS_STATUS.unpack(self.stat.value.to_unsigned())
        calls = st["calls"]
        self.seq = (st["seq"] + 1) & 0xFF
        self.busy = True
        try:
            self.cmd.value = self.command.pack(
                seq=self.seq, we=int(we), pipelined=int(pipelined), count=len(requests), bursts=answers,
                timeout=timeout_cycles, desc=self._descriptor(first, idles[0]), data=first.data)
            while st["calls"] == calls:
                await self.ev.value_change
                st = BUS_STATUS.unpack(self.stat.value.to_unsigned())
            if we:
                await ReadWrite()  # the stores of the call's last edge land before the caller looks
        finally:
            self.busy = False
            for hook in self.after_call:
                hook()
        err = BusError(st["err"])
        if err != BusError.NONE:
            raise self.error(self._explain(err, st, len(requests), answers))
        with open(self.answer_file) as f:
            got = [(int(code, 16), int(data, 16)) for code, data in (line.split() for line in f)]
        if len(got) != answers:
            raise self.error(f"{self.bus}: {len(got)} answers in {self.answer_file} for {answers} expected")
        return got, st["cycles"]

    def _explain(self, err: BusError, st: dict[str, int], n: int, answers: int) -> str:
        progress = f"{st['issued']}/{n} requests taken, {st['answered']}/{answers} answered, cycle {st['cycles']}"
        what = {
            BusError.NO_REQUEST: "an answer with no request outstanding",
            BusError.DATA_X: "read data with X or Z bits on an answer",
            BusError.TIMEOUT: "no progress before the timeout",
            BusError.STREAM: f"a request record missing from {os.path.abspath(self.stream_file)}",
            BusError.RESET: "reset during the call",
            BusError.BUSY: "a command while a call ran",
        }[err]
        return f"{self.bus} transactor ended the call: {what} ({err.name}; {progress})"


def _idles(pause: Callable[[], bool] | None, n: int, what: str) -> list[int]:
    """Idle cycles before each of ``n`` requests: the pacing hook's True answers before each False,
    consulted in the order the pin-level master consults it (once per opportunity)."""
    if pause is None:
        return [0] * n
    out = []
    for _ in range(n):
        idle = 0
        while pause():
            idle += 1
            if idle > MAX_IDLE:
                raise ValueError(f"{what}: the pacing holds a request back for more than {MAX_IDLE} cycles")
        out.append(idle)
    return out


class WishboneFastEngine(WishboneMaster):
    """:class:`tb.wishbone.WishboneMaster` (any of its modes) over ``wb_fast_top``'s transactor::

        engine = WishboneFastEngine(dut, dut.clk_core, mode="pipelined")
    """

    def __init__(self, dut: SimHandleBase, clock: SimHandleBase, *, mode: str = "pipelined", **kwargs) -> None:
        super().__init__(dut, clock, mode=mode, **kwargs)
        self.xactor = _RequestTransactor(dut, "wishbone", len(self.dat_w), WishboneError, self.timeout_cycles)
        self.after_call = self.xactor.after_call

    async def run(
        self, requests: Sequence[tuple[int, int, int, int, int]], we: bool
    ) -> tuple[list[bool], list[int], int]:
        """Drive ``requests`` (address, SEL, data, CTI, BTE) in one bus cycle; return per request
        whether it got ERR, the read words, and the cycles taken (as the pin-level master)."""
        if not requests:
            return [], [], 0
        reqs = [Request(adr, sel, dat if we else 0, int(cti), int(bte)) for adr, sel, dat, cti, bte in requests]
        idles = _idles(self.pause, len(reqs), "wishbone")
        answers, cycles = await self.xactor.call(reqs, idles, we=we, answers=len(reqs),
                                                 pipelined=self.mode == "pipelined", timeout_cycles=self.timeout_cycles)
        return [code == 1 for code, _ in answers], ([] if we else [d for _, d in answers]), cycles


class AvalonFastEngine(AvalonMaster):
    """:class:`tb.avalon.AvalonMaster` over ``avmm_fast_top``'s transactor::

        engine = AvalonFastEngine(dut, dut.clk_core)
    """

    def __init__(self, dut: SimHandleBase, clock: SimHandleBase, **kwargs) -> None:
        if kwargs.get("write_responses") is False:
            raise ValueError("write_responses=False: the transactor waits for every write response")
        super().__init__(dut, clock, **kwargs)
        self.xactor = _RequestTransactor(dut, "avalon", len(self.writedata), AvalonError, self.timeout_cycles)
        self.after_call = self.xactor.after_call

    async def run_write(self, commands: Sequence[tuple[int, Sequence[tuple[int, int]]]]) -> tuple[list[int], int]:
        """Write bursts ``(address, [(writedata, byteenable), ...])``; the response of each, and the cycles."""
        if not commands:
            return [], 0
        reqs = [Request(address, sel, data, end=k == len(words) - 1, count=len(words))
                for address, words in commands for k, (data, sel) in enumerate(words)]
        idles = _idles(self.pause, len(reqs), "avalon write")
        answers, cycles = await self.xactor.call(reqs, idles, we=True, answers=len(commands),
                                                 timeout_cycles=self.timeout_cycles)
        return [code for code, _ in answers], cycles

    async def run_read(self, commands: Sequence[tuple[int, int]]) -> tuple[list[int], list[list[int]], int]:
        """Read bursts ``(address, burstcount)``; the worst response and the words of each, and the cycles."""
        if not commands:
            return [], [], 0
        full = (1 << self.bus_bytes) - 1
        reqs = [Request(address, full, count=count) for address, count in commands]
        idles = _idles(self.pause, len(reqs), "avalon read")
        answers, cycles = await self.xactor.call(reqs, idles, we=False, answers=sum(c for _, c in commands),
                                                 timeout_cycles=self.timeout_cycles)
        resps: list[int] = []
        words: list[list[int]] = []
        k = 0
        for _, count in commands:
            group = answers[k : k + count]
            k += count
            resps.append(max(code for code, _ in group))
            words.append([d for _, d in group])
        return resps, words, cycles


__all__ = ["WishboneFastEngine", "AvalonFastEngine", "Request"]
