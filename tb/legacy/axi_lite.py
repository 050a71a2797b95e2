"""The register port's AXI4-Lite master: one access at a time, pin level, sampled at the rising edge.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from cocotb.handle import SimHandleBase
from cocotb.triggers import RisingEdge
from cocotb_bus.bus import Bus

from models.axi import Resp
from tb.axi_master import AxiProtocolError, AxiTimeoutError


LITE_SIGNALS = (
    "awaddr", "awvalid", "awready", "wdata", "wstrb", "wvalid", "wready", "bresp", "bvalid", "bready",
    "araddr", "arvalid", "arready", "rdata", "rresp", "rvalid", "rready",
)
LITE_OPTIONAL = ("awprot", "arprot")


@dataclass
class LiteStats:
    """What the AXI4-Lite master has done."""

    writes: int = 0
    reads: int = 0
    cycles: int = 0


class AxiLiteMaster:
    """AXI4-Lite master on a slave's ``<prefix>_aw*``/``w*``/``b*``/``ar*``/``r*`` signals.

    One access at a time: AW and W are presented together, the call returns at the B (or R)
    handshake.  Handshakes are sampled at the rising edge (the values the slave saw there), as
    :class:`~tb.axi_master.AxiMaster` does.  BREADY and RREADY stay high.
    """

    def __init__(self, bus: Bus, clock: SimHandleBase, *, timeout_cycles: int = 2000, log: logging.Logger | None = None) -> None:
        self.bus = bus
        self.clock = clock
        self.timeout_cycles = timeout_cycles
        self.log = log or logging.getLogger("cocotb.tb.axil_master")
        self.data_bytes = len(bus.wdata) // 8
        if self.data_bytes != 4:
            raise ValueError(f"{len(bus.wdata)}-bit AXI4-Lite data bus; this master drives 32 bits")
        self.stats = LiteStats()
        for name in ("awaddr", "awvalid", "wdata", "wstrb", "wvalid", "araddr", "arvalid") + tuple(
            s for s in LITE_OPTIONAL if hasattr(bus, s)
        ):
            getattr(bus, name).value = 0
        bus.bready.value = 1
        bus.rready.value = 1

    @classmethod
    def from_prefix(cls, entity: SimHandleBase, prefix: str, clock: SimHandleBase, **kwargs) -> "AxiLiteMaster":
        bus = Bus(entity, prefix, list(LITE_SIGNALS), optional_signals=list(LITE_OPTIONAL), bus_separator="_")
        return cls(bus, clock, **kwargs)

    def _timeout(self, what: str, cycles: int) -> None:
        if cycles > self.timeout_cycles:
            raise AxiTimeoutError(f"AXI4-Lite {what}: no response for {self.timeout_cycles} cycles")

    async def write(self, address: int, data: int, strobe: int) -> Resp:
        """One write; returns BRESP."""
        bus = self.bus
        bus.awaddr.value = address
        bus.wdata.value = data
        bus.wstrb.value = strobe
        bus.awvalid.value = 1
        bus.wvalid.value = 1
        aw_done = w_done = False
        cycles = 0
        while True:
            await RisingEdge(self.clock)
            cycles += 1
            if not aw_done and bus.awready.value == 1:
                aw_done = True
                bus.awvalid.value = 0
            if not w_done and bus.wready.value == 1:
                w_done = True
                bus.wvalid.value = 0
            if bus.bvalid.value == 1:
                if not (aw_done and w_done):
                    raise AxiProtocolError(f"AXI4-Lite B response before the AW and W handshakes (port 0x{address:04x})")
                resp = Resp(bus.bresp.value.to_unsigned())
                break
            self._timeout(f"write of port 0x{address:04x}", cycles)
        self.stats.writes += 1
        self.stats.cycles += cycles
        return resp

    async def read(self, address: int) -> tuple[int, Resp]:
        """One read; returns (RDATA, RRESP)."""
        bus = self.bus
        bus.araddr.value = address
        bus.arvalid.value = 1
        ar_done = False
        cycles = 0
        while True:
            await RisingEdge(self.clock)
            cycles += 1
            if not ar_done and bus.arready.value == 1:
                ar_done = True
                bus.arvalid.value = 0
            if bus.rvalid.value == 1:
                if not ar_done:
                    raise AxiProtocolError(f"AXI4-Lite R response before the AR handshake (port 0x{address:04x})")
                rdata = bus.rdata.value
                if not rdata.is_resolvable:
                    raise AxiProtocolError(f"AXI4-Lite RDATA is {rdata} (X or Z) for port 0x{address:04x}")
                result = rdata.to_unsigned(), Resp(bus.rresp.value.to_unsigned())
                break
            self._timeout(f"read of port 0x{address:04x}", cycles)
        self.stats.reads += 1
        self.stats.cycles += cycles
        return result
