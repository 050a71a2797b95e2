"""Port I/O for the host: the engine interface and the AXI4-Lite port layer, checked against the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from models.axi import Resp
from models.legacy import LegacyNicModel, port_access
from tb.checker import CheckError

if TYPE_CHECKING:
    from tb.legacy.axi_lite import AxiLiteMaster


class PortEngine(Protocol):
    """What the host needs for port I/O: ``out`` and ``in`` of 1, 2 or 4 bytes."""

    async def write(self, port: int, value: int, width: int) -> Resp: ...

    async def read(self, port: int, width: int) -> tuple[int, Resp]: ...


@dataclass
class PortAccess:
    """One port access as executed, for logs and checks."""

    write: bool
    port: int
    width: int
    value: int
    resp: Resp


class LitePorts:
    """I/O ports over the register port's AXI4-Lite master (the port number is the address).

    With a ``model``, every access is also applied to it and the RTL's response and read data must
    match the model's: a difference raises :class:`~tb.checker.CheckError` naming the access.
    """

    def __init__(self, lite: AxiLiteMaster, model: LegacyNicModel | None = None, keep: int = 0) -> None:
        self.lite = lite
        self.model = model
        self.accesses = 0
        self.keep = keep
        self.log: list[PortAccess] = []

    def _note(self, access: PortAccess) -> None:
        self.accesses += 1
        if self.keep:
            self.log.append(access)
            del self.log[: -self.keep]

    async def write(self, port: int, value: int, width: int) -> Resp:
        address, strobe, shift = port_access(port, width)
        resp = await self.lite.write(address, value << shift, strobe)
        self._note(PortAccess(True, port, width, value, resp))
        if self.model is not None:
            expected = self.model.io_write(port, value, width)
            if resp != expected:
                raise CheckError(
                    f"out 0x{value:0{2 * width}x} to port 0x{port:04x} ({width} bytes): the RTL answered "
                    f"{resp.name}, the model {expected.name}"
                )
        return resp

    async def read(self, port: int, width: int) -> tuple[int, Resp]:
        address, _, shift = port_access(port, width)
        word, resp = await self.lite.read(address)
        value = (word >> shift) & ((1 << 8 * width) - 1)
        self._note(PortAccess(False, port, width, value, resp))
        if self.model is not None:
            expected, expected_resp = self.model.io_read(port, width)
            if (value, resp) != (expected, expected_resp):
                raise CheckError(
                    f"in from port 0x{port:04x} ({width} bytes): the RTL gave 0x{value:0{2 * width}x} {resp.name}, "
                    f"the model 0x{expected:0{2 * width}x} {expected_resp.name}"
                )
        return value, resp
