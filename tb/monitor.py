"""Passive AXI monitor: records every handshake on a port with the clock cycle it happened in."""

from __future__ import annotations

from dataclasses import dataclass, field

import cocotb
from cocotb.handle import SimHandleBase
from cocotb.task import Task
from cocotb.triggers import RisingEdge

#: The payload signals recorded for each channel (when ``payload=True``).
PAYLOAD = {
    "aw": ("awid", "awaddr", "awlen", "awsize", "awburst"),
    "w": ("wdata", "wstrb", "wlast"),
    "b": ("bid", "bresp"),
    "ar": ("arid", "araddr", "arlen", "arsize", "arburst"),
    "r": ("rid", "rdata", "rresp", "rlast"),
}


@dataclass(frozen=True)
class Handshake:
    """One VALID && READY at a rising edge."""

    cycle: int
    channel: str
    payload: tuple[int, ...] = ()


@dataclass
class AxiMonitor:
    """Watches ``<prefix>_<ch>valid``/``<ch>ready`` of the given channels at every rising edge."""

    dut: SimHandleBase
    clock: SimHandleBase
    prefix: str = "s_axi"
    channels: tuple[str, ...] = ("aw", "w", "b", "ar", "r")
    payload: bool = False
    cycle: int = 0
    log: list[Handshake] = field(default_factory=list)
    _task: Task | None = None

    def start(self) -> "AxiMonitor":
        self._task = cocotb.start_soon(self._run())
        return self

    def stop(self) -> None:
        """Stop now (a handshake at the current edge may not be recorded yet: see :meth:`drain`)."""
        if self._task is not None:
            self._task.cancel()
            self._task = None

    async def drain(self) -> None:
        """Let the monitor record the current edge, then stop it."""
        await RisingEdge(self.clock)
        self.stop()

    def cycles(self, channel: str) -> list[int]:
        """The cycles of every handshake on ``channel``, in order."""
        return [h.cycle for h in self.log if h.channel == channel]

    def clear(self) -> None:
        self.log.clear()

    async def _run(self) -> None:
        sig = lambda name: getattr(self.dut, f"{self.prefix}_{name}")  # noqa: E731
        watch = [
            (ch, sig(f"{ch}valid"), sig(f"{ch}ready"), [sig(p) for p in PAYLOAD[ch]] if self.payload else [])
            for ch in self.channels
        ]
        while True:
            await RisingEdge(self.clock)
            self.cycle += 1
            for ch, valid, ready, pay in watch:
                if valid.value == 1 and ready.value == 1:
                    self.log.append(Handshake(self.cycle, ch, tuple(int(p.value) for p in pay)))
