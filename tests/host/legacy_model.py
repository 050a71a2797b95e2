"""Bus engines that are the legacy NIC's model itself, for running the legacy host's calls without a
simulator: the port engine (I/O ports) and the memory window (bursts)."""

from __future__ import annotations

from dataclasses import dataclass, field

from models.axi import Resp, Transfer
from models.legacy import LegacyNicModel
from models.shared_ram import SharedRamModel


@dataclass(frozen=True)
class PortIo:
    """One port access a :class:`ModelPorts` carried: ``out`` (write) or ``in``, of ``width`` bytes."""

    write: bool
    port: int
    width: int
    value: int
    resp: Resp


class ModelPorts:
    """A port engine that is the model; it logs every access (host port numbers).

    ``host_offset`` is what the HAL adds to a bus-relative port: host port ``p`` reaches the
    model's port ``p - host_offset``.
    """

    def __init__(self, m: LegacyNicModel, host_offset: int = 0) -> None:
        self.m = m
        self.host_offset = host_offset
        self.log: list[PortIo] = []

    @property
    def accesses(self) -> int:
        return len(self.log)

    async def write(self, port: int, value: int, width: int) -> Resp:
        resp = self.m.io_write(port - self.host_offset, value, width)
        self.log.append(PortIo(True, port, width, value, resp))
        return resp

    async def read(self, port: int, width: int) -> tuple[int, Resp]:
        value, resp = self.m.io_read(port - self.host_offset, width)
        self.log.append(PortIo(False, port, width, value, resp))
        return value, resp


@dataclass
class ModelWindow:
    """A bus engine over the model's memory window, with the AXI rules of the shared RAM."""

    m: LegacyNicModel
    bus_bytes: int = 2
    bursts: int = 0
    rules: SharedRamModel = field(init=False)

    def __post_init__(self) -> None:
        self.rules = SharedRamModel(self.m.cfg.base_addr, self.m.cfg.window_bytes)

    async def write(self, bursts, buffer) -> Transfer:
        resps = []
        for b in bursts:
            self.bursts += 1
            resp = self.rules.response(b, self.bus_bytes)
            if resp == Resp.OKAY:
                self.m.window_write(b.address, memoryview(buffer)[b.offset : b.offset + b.length])
            resps.append(resp)
        return Transfer(resps)

    async def read(self, bursts, length=None) -> Transfer:
        resps, data = [], b""
        for b in bursts:
            self.bursts += 1
            resp = self.rules.response(b, self.bus_bytes)
            data += self.m.window_read(b.address, b.length) if resp == Resp.OKAY else bytes(b.length)
            resps.append(resp)
        return Transfer(resps, data=data)
