"""Stalls on both sides of the bus, from one seeded pattern.

A run's stall setting is a :class:`models.pacing.Pacing` text (``none``, ``random:P``,
``fixed:BITS``), given to :class:`tb.env.NicRamEnv` directly or through the ``NIC_STALLS``
environment variable. It paces the master (idle cycles on AW/W/AR, BREADY/RREADY held low) and,
when the toplevel is ``tb/hdl/nic_stall_wrapper.v``, stalls the slave too (AWREADY/WREADY/ARREADY
held low, BVALID/RVALID held back) through :class:`SlaveStaller`. Each channel of each side draws
its own decisions from the seed, so a failing run replays exactly with the same seed.
"""

from __future__ import annotations

import os

import cocotb
from cocotb.handle import SimHandleBase
from cocotb.task import Task
from cocotb.triggers import RisingEdge

from models.pacing import MasterPacing, Pacing

STALLS_ENV = "NIC_STALLS"
#: Bit of each channel in the wrapper's ``stall_en`` input.
STALL_BITS = {"aw": 0, "w": 1, "ar": 2, "b": 3, "r": 4}


def stall_setting(text: str | None = None) -> str:
    """The stall pattern text: ``text`` if given, else ``$NIC_STALLS``, else ``"none"``."""
    source = "stalls"
    if text is None:
        text, source = os.environ.get(STALLS_ENV, "") or "none", f"${STALLS_ENV}"
    try:
        Pacing.parse(text)
    except ValueError as exc:
        raise ValueError(f"{source}={text!r} is not a stall setting: {exc}") from None
    return text


def side_pacing(text: str, seed: int) -> MasterPacing:
    """One pattern per channel of one side; every channel has its own decision sequence."""
    return MasterPacing.uniform(Pacing.parse(text, seed=seed))


class SlaveStaller:
    """Drives the stall wrapper's ``stall_en`` from per-channel patterns, one decision per cycle.

    ``pacing`` is read as slave stalls: ``aw``/``w``/``ar`` hold READY low, ``b``/``r`` hold VALID
    back. Channels are named ``slave-aw`` etc. when drawing decisions, so they never repeat the
    master's pattern for the same seed.
    """

    def __init__(self, stall_en: SimHandleBase, clock: SimHandleBase, pacing: MasterPacing) -> None:
        self.stall_en = stall_en
        self.clock = clock
        self.pacing = pacing
        self.stalled_cycles = 0
        self._task: Task | None = None
        stall_en.value = 0

    @property
    def active(self) -> bool:
        return self.pacing.active

    def start(self) -> "SlaveStaller":
        if self._task is None and self.active:
            self._task = cocotb.start_soon(self._run(), name="slave stalls")
        return self

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self.stall_en.value = 0

    async def _run(self) -> None:
        hooks = [
            (1 << bit, hook)
            for ch, bit in STALL_BITS.items()
            if (hook := getattr(self.pacing, ch).hook(f"slave-{ch}")) is not None
        ]
        edge = RisingEdge(self.clock)
        driven = 0
        while True:
            value = 0
            for bit, hook in hooks:
                if hook():
                    value |= bit
            if value != driven:
                self.stall_en.value = value
                driven = value
            if value:
                self.stalled_cycles += 1
            await edge
