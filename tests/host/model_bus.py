"""A bus engine over the golden RAM, for running the host calls without a simulator."""

from __future__ import annotations

from dataclasses import dataclass, field

from models.axi import Burst, Transfer, pack_burst, unpack_burst
from models.platform import MemoryManager, isa_platform
from models.shared_ram import SharedRamModel
from tb.ndis import NdisHost


@dataclass
class ModelBus:
    """A bus engine over the golden RAM; it records every burst it was given."""

    ram: SharedRamModel
    bus_bytes: int = 8
    bursts: list[Burst] = field(default_factory=list)

    async def write(self, bursts, buffer) -> Transfer:
        out = Transfer()
        for b in bursts:
            self.bursts.append(b)
            words, strobes = pack_burst(b, self.bus_bytes, buffer)
            out.resps.append(self.ram.write_burst(b, self.bus_bytes, words, strobes))
        return out

    async def read(self, bursts, length=None) -> Transfer:
        out = Transfer()
        chunks = []
        for b in bursts:
            self.bursts.append(b)
            words, resp = self.ram.read_burst(b, self.bus_bytes)
            out.resps.append(resp)
            chunks.append(unpack_burst(b, self.bus_bytes, words))
        out.data = b"".join(chunks)
        return out


def isa_host(**kwargs):
    hal, ctx = isa_platform()
    ram = SharedRamModel(0xD0000, 16384, fill=0xEE)
    bus = ModelBus(ram)
    return NdisHost(hal, MemoryManager(), bus, **kwargs), ctx, ram, bus
