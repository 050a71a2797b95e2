"""The LiteEth MAC as the host sees it, from its generated ``csr.json``: pure rules, no cocotb.

:class:`LiteEthMap` reads the register and memory-region map LiteX writes next to the generated
core (never hard-coded addresses): CSR addresses by name, the RX and TX slot regions, slot count and
size. :func:`liteeth_platform` makes an adapter of it whose resources are what a miniport's
``MiniportInitialize`` receives: the CSR block as its register range and the SRAM region as its
shared memory (both memory ranges of a PCI-style adapter, identity-mapped by the HAL).
:func:`wire_frame` says what a frame the host sends looks like on the wire (padded to 60 bytes).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from models.platform import (
    AddressSpace,
    BusAperture,
    CmResourceType,
    Hal,
    InterfaceType,
    ResourceRange,
    WrapperConfigurationContext,
)

__all__ = ["LiteEthMap", "LiteEthMapError", "liteeth_platform", "wire_frame", "MIN_FRAME", "MAX_FRAME"]

#: Shortest frame on the wire without FCS (the MAC pads shorter ones).
MIN_FRAME = 60
#: Longest untagged frame without FCS.
MAX_FRAME = 1514

#: The registers the host uses; a generation without one of them is reported by name.
REGISTERS = (
    "ethmac_sram_writer_slot",
    "ethmac_sram_writer_length",
    "ethmac_sram_writer_errors",
    "ethmac_sram_writer_ev_pending",
    "ethmac_sram_writer_ev_enable",
    "ethmac_sram_reader_start",
    "ethmac_sram_reader_ready",
    "ethmac_sram_reader_slot",
    "ethmac_sram_reader_length",
    "ethmac_sram_reader_ev_pending",
    "ethmac_sram_reader_ev_enable",
    "ethmac_rx_datapath_crc_errors",
)


class LiteEthMapError(ValueError):
    """``csr.json`` lacks something the host needs (named in the message)."""


@dataclass(frozen=True)
class LiteEthMap:
    """Addresses of one generated LiteEth MAC (bus byte addresses)."""

    csr_registers: dict[str, int]
    csr_base: int
    csr_size: int
    rx_base: int
    rx_size: int
    tx_base: int
    tx_size: int
    rx_slots: int
    tx_slots: int
    slot_size: int

    @classmethod
    def from_csr_json(cls, data: dict | str | Path) -> "LiteEthMap":
        """Parse LiteX's ``csr.json`` (the dict, or its path)."""
        if not isinstance(data, dict):
            data = json.loads(Path(data).read_text())

        def need(section: str, name: str, field: str | None = None):
            try:
                item = data[section][name]
                return item[field] if field else item
            except (KeyError, TypeError):
                raise LiteEthMapError(
                    f"csr.json has no {section}/{name}{'/' + field if field else ''}: "
                    f"was the core generated with core: wishbone? ({section}: {sorted(data.get(section, {}))[:12]})"
                ) from None

        regs = {name: need("csr_registers", name, "addr") for name in REGISTERS}
        m = cls(
            csr_registers=regs,
            csr_base=need("memories", "csr", "base"),
            csr_size=need("memories", "csr", "size"),
            rx_base=need("memories", "ethmac_rx", "base"),
            rx_size=need("memories", "ethmac_rx", "size"),
            tx_base=need("memories", "ethmac_tx", "base"),
            tx_size=need("memories", "ethmac_tx", "size"),
            rx_slots=need("constants", "ethmac_rx_slots"),
            tx_slots=need("constants", "ethmac_tx_slots"),
            slot_size=need("constants", "ethmac_slot_size"),
        )
        if m.rx_slots * m.slot_size > m.rx_size or m.tx_slots * m.slot_size > m.tx_size:
            raise LiteEthMapError(
                f"csr.json: {m.rx_slots} RX / {m.tx_slots} TX slots of {m.slot_size} bytes do not fit the regions "
                f"({m.rx_size} / {m.tx_size} bytes)"
            )
        return m

    def reg(self, name: str) -> int:
        """Bus address of CSR ``name``; a clear error naming the known ones otherwise."""
        try:
            return self.csr_registers[name]
        except KeyError:
            raise LiteEthMapError(f"no CSR {name!r}; known: {', '.join(sorted(self.csr_registers))}") from None

    def _slot(self, kind: str, base: int, count: int, slot: int) -> int:
        if not isinstance(slot, int) or not 0 <= slot < count:
            raise LiteEthMapError(f"{kind} slot {slot!r} does not exist; allowed: 0..{count - 1}")
        return base + slot * self.slot_size

    def rx_slot(self, slot: int) -> int:
        """Bus address of RX slot ``slot``."""
        return self._slot("RX", self.rx_base, self.rx_slots, slot)

    def tx_slot(self, slot: int) -> int:
        """Bus address of TX slot ``slot``."""
        return self._slot("TX", self.tx_base, self.tx_slots, slot)

    @property
    def sram_base(self) -> int:
        return min(self.rx_base, self.tx_base)

    @property
    def sram_size(self) -> int:
        return max(self.rx_base + self.rx_size, self.tx_base + self.tx_size) - self.sram_base


def liteeth_platform(m: LiteEthMap, bus_number: int = 0) -> tuple[Hal, WrapperConfigurationContext]:
    """A PCI adapter with LiteEth's CSRs and SRAM as two memory ranges (registers first, then the
    shared memory), behind a HAL that maps the 4 GiB PCI memory space one to one."""
    hal = Hal([BusAperture(InterfaceType.PCIBus, bus_number, AddressSpace.MEMORY, 0, 1 << 32, AddressSpace.MEMORY, 0)])
    resources = (
        ResourceRange(CmResourceType.Memory, m.csr_base, m.csr_size),
        ResourceRange(CmResourceType.Memory, m.sram_base, m.sram_size),
    )
    return hal, WrapperConfigurationContext(InterfaceType.PCIBus, bus_number, resources, name="liteeth")


def wire_frame(frame: bytes, min_len: int = MIN_FRAME) -> bytes:
    """What a frame handed to the MAC looks like on the wire before its FCS: padded with zeros
    to ``min_len`` bytes."""
    return bytes(frame) + bytes(max(0, min_len - len(frame)))
