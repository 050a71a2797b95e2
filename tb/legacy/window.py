"""The memory window of ``nic_legacy`` as a bus engine, every burst checked against the model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.axi import Burst, BurstType, Resp, Transfer
from models.legacy import LegacyNicModel
from models.shared_ram import SharedRamModel, first_mismatch
from tb.checker import CheckError

if TYPE_CHECKING:
    from tb.axi_master import AxiMaster


class CheckedWindow:
    """A bus engine for :class:`~tb.ndis.NdisHost` over the memory window: it runs the bursts on the
    AXI master and mirrors them in the model; each burst's response, and each OKAY read burst's
    bytes, must match what the model says (window enable, page, AXI rules)."""

    def __init__(self, master: AxiMaster, model: LegacyNicModel) -> None:
        self.master = master
        self.model = model
        self.bus_bytes = master.bus_bytes
        self.rules = SharedRamModel(model.cfg.base_addr, model.cfg.window_bytes)

    def _check_resps(self, what: str, bursts: list[Burst] | tuple[Burst, ...], resps: list[Resp]) -> None:
        for b, r in zip(bursts, resps):
            expected = self.rules.response(b, self.bus_bytes)
            if r != expected:
                raise CheckError(f"window {what} burst at 0x{b.address:08x} ({b.beats} beats): RTL {Resp(r).name}, model {expected.name}")

    async def write(self, bursts, buffer) -> Transfer:
        xfer = await self.master.write(bursts, buffer)
        self._check_resps("write", bursts, xfer.resps)
        view = memoryview(buffer)
        for b, r in zip(bursts, xfer.resps):
            if r == Resp.OKAY and b.burst_type == BurstType.INCR and b.length:
                self.model.window_write(b.address, view[b.offset : b.offset + b.length])
        return xfer

    async def read(self, bursts, length=None) -> Transfer:
        xfer = await self.master.read(bursts, length)
        self._check_resps("read", bursts, xfer.resps)
        base = bursts[0].offset if bursts else 0
        for b, r in zip(bursts, xfer.resps):
            if r == Resp.OKAY and b.burst_type == BurstType.INCR and b.length:
                got = xfer.data[b.offset - base : b.offset - base + b.length]
                miss = first_mismatch(self.model.window_read(b.address, b.length), got, b.address)
                if miss is not None:
                    raise CheckError(f"window read burst at 0x{b.address:08x}: RTL differs from the model, {miss}")
        return xfer
