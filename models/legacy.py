"""The legacy NIC (``hdl/nic_legacy.v``) as a pure-Python model.

The adapter has three ways into one RAM of ``ram_bytes``:

* a **memory window** of ``window_bytes`` at bus address ``base_addr``: with ``CTRL.MEMENB`` off
  (the reset state) it ignores writes and reads return all ones, as an ISA card that does not
  decode leaves the bus floating (the bus answers OKAY all the same); ``PAGE`` selects which bank
  of the RAM the window shows (window byte ``o`` is RAM byte ``PAGE * window_bytes + o``);
* 32 **I/O ports** at ``port_base`` (an AXI4-Lite slave whose address is the port number; lane
  ``k`` of a 32-bit data word is port ``(address & ~3) + k``), holding the register map
  :data:`REGISTERS`;
* **remote DMA** in NE2000 style through the data port at offset 0x10.

Remote-DMA rules:

* ``RCMD = 0x01`` starts a remote read, ``0x02`` a remote write, anything else stops (RDC
  unchanged).  A start with ``RBCR = 0`` sets RDC at once and stays idle.
* A data-port access moves one unit: a byte (``CTRL.WTS = 0``) or a 16-bit word (``WTS = 1``)
  whose low half is the byte at the current address.  Every byte moved advances RSAR and lowers
  RBCR; at RBCR = 0 the transfer ends and RDC is set.
* Count exhaustion: a byte moves only while a transfer of the access's direction is active with
  RBCR > 0.  Otherwise a write drops it and a read returns 0xFF for it, so no RAM byte past the
  count ever changes.
* Odd count in word mode: the word access that meets RBCR = 1 moves its low byte only (the high
  byte of a write is dropped, of a read is 0xFF).
* End of RAM: RSAR keeps ``log2(ram_bytes)`` bits; the byte after the last one is byte 0.
* RISR: writing 1 to bit 6 clears RDC; a start in the same write that sets RDC wins.

Register-port responses: DECERR when the port is outside the block or a written lane (reads:
the ARADDR byte) is unmapped; SLVERR for a data-port access of the wrong width (writes: the lanes
on 0x10-0x11 are not exactly the mode's; reads: ARADDR at 0x11); OKAY otherwise, read-only lanes
ignoring writes.  An error access changes nothing and reads 0.  A read returns the whole 32-bit
word of registers (unmapped lanes 0); a read at 0x10 moves one data-port unit and returns it in
RDATA[15:0], every byte lane it did not move reading 0xFF.

Nothing here depends on a simulator.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, IntEnum

from .axi import Resp

__all__ = [
    "PORT_RANGE_BYTES",
    "ID_VALUE",
    "REVISION",
    "CTRL_MEMENB",
    "CTRL_WTS",
    "RCMD_IDLE",
    "RCMD_READ",
    "RCMD_WRITE",
    "RISR_RDC",
    "MAX_RAM_BYTES",
    "Off",
    "Access",
    "Register",
    "REGISTERS",
    "MAPPED_OFFSETS",
    "LegacyConfig",
    "LegacyNicModel",
    "port_access",
    "register_resets",
]

PORT_RANGE_BYTES = 32
"""I/O ports the adapter decodes."""

ID_VALUE = 0x57
"""What the ID register reads (the signature byte of the NE2000 station-address PROM)."""

REVISION = 0x01

CTRL_MEMENB = 0x01
"""CTRL bit 0: the memory window decodes."""

CTRL_WTS = 0x02
"""CTRL bit 1: the data port moves 16-bit words (word transfer select, as the 8390's DCR.WTS)."""

RCMD_IDLE = 0x00
RCMD_READ = 0x01
RCMD_WRITE = 0x02

RISR_RDC = 0x40
"""RISR bit 6: remote DMA complete."""

MAX_RAM_BYTES = 1 << 16
"""RSAR and RBCR are 16 bits, as in the 8390."""


class Off(IntEnum):
    """Register offsets from the port base."""

    ID = 0x00
    REV = 0x01
    RAMSZ = 0x02
    WINSZ = 0x03
    CTRL = 0x04
    PAGE = 0x05
    RSAR0 = 0x08
    RSAR1 = 0x09
    RBCR0 = 0x0A
    RBCR1 = 0x0B
    RCMD = 0x0C
    RISR = 0x0D
    DATA = 0x10
    DATA_HI = 0x11


class Access(str, Enum):
    """How a register behaves."""

    RO = "RO"
    RW = "RW"
    W1C = "W1C"
    DATA = "data port"


@dataclass(frozen=True)
class Register:
    """One byte register of the map; ``reset`` is None where it depends on the configuration."""

    offset: int
    name: str
    access: Access
    reset: int | None
    description: str


REGISTERS: tuple[Register, ...] = (
    Register(Off.ID, "ID", Access.RO, ID_VALUE, "identification"),
    Register(Off.REV, "REV", Access.RO, REVISION, "revision"),
    Register(Off.RAMSZ, "RAMSZ", Access.RO, None, "n where RAM_BYTES = 2**n"),
    Register(Off.WINSZ, "WINSZ", Access.RO, None, "m where WINDOW_BYTES = 2**m"),
    Register(Off.CTRL, "CTRL", Access.RW, 0x00, "bit 0 MEMENB: window decodes; bit 1 WTS: data port moves words; bits 7:2 read 0"),
    Register(Off.PAGE, "PAGE", Access.RW, 0x00, "bank the window shows; log2(RAM_BYTES/WINDOW_BYTES) bits kept, the rest read 0"),
    Register(Off.RSAR0, "RSAR0", Access.RW, 0x00, "remote address 7:0 (the current address)"),
    Register(Off.RSAR1, "RSAR1", Access.RW, 0x00, "remote address 15:8; bits above the RAM read 0"),
    Register(Off.RBCR0, "RBCR0", Access.RW, 0x00, "remote byte count 7:0 (the bytes left)"),
    Register(Off.RBCR1, "RBCR1", Access.RW, 0x00, "remote byte count 15:8"),
    Register(Off.RCMD, "RCMD", Access.RW, 0x00, "write 0x01 remote read, 0x02 remote write, other: stop; reads 0 idle, 1 read, 2 write"),
    Register(Off.RISR, "RISR", Access.W1C, 0x00, "bit 6 RDC: remote DMA complete; write 1 to clear"),
    Register(Off.DATA, "DATA", Access.DATA, None, "data port: one byte (WTS=0)"),
    Register(Off.DATA_HI, "DATA_HI", Access.DATA, None, "data port high byte: with 0x10, one 16-bit word (WTS=1)"),
)
"""The register map, in offset order; every offset not listed is unmapped."""

MAPPED_OFFSETS = frozenset(int(r.offset) for r in REGISTERS)

_RO_OFFSETS = frozenset(int(r.offset) for r in REGISTERS if r.access is Access.RO)
_DATA_LANES = (Off.DATA, Off.DATA_HI)


def _check_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an int, got {type(value).__name__} {value!r}")
    return value


def _power_of_two(name: str, value: int) -> int:
    if _check_int(name, value) <= 0 or value & (value - 1):
        raise ValueError(f"{name} must be a power of two, got {value}")
    return value.bit_length() - 1


@dataclass(frozen=True)
class LegacyConfig:
    """The parameters ``nic_legacy`` was elaborated with."""

    ram_bytes: int = 16384
    window_bytes: int = 8192
    base_addr: int = 0xD0000
    port_base: int = 0x300
    data_width: int = 16

    def __post_init__(self) -> None:
        _power_of_two("ram_bytes", self.ram_bytes)
        _power_of_two("window_bytes", self.window_bytes)
        if self.ram_bytes > MAX_RAM_BYTES:
            raise ValueError(f"ram_bytes={self.ram_bytes} is larger than the 16-bit remote address allows (at most {MAX_RAM_BYTES})")
        if not self.ram_bytes // 256 <= self.window_bytes <= self.ram_bytes:
            raise ValueError(
                f"window_bytes={self.window_bytes} must be from ram_bytes/256 ({max(1, self.ram_bytes // 256)}) "
                f"to ram_bytes ({self.ram_bytes})"
            )
        if _check_int("base_addr", self.base_addr) < 0 or self.base_addr % self.window_bytes:
            raise ValueError(f"base_addr=0x{self.base_addr:x} must be >= 0 and aligned to window_bytes=0x{self.window_bytes:x}")
        if not 0 <= _check_int("port_base", self.port_base) < 1 << 16 or self.port_base % PORT_RANGE_BYTES:
            raise ValueError(f"port_base=0x{self.port_base:x} must be an I/O port (0..0xffff) aligned to {PORT_RANGE_BYTES}")
        if self.data_width not in (8, 16, 32, 64, 128):
            raise ValueError(f"data_width={self.data_width} is not one of 8, 16, 32, 64, 128")
        if self.window_bytes < 2 * self.data_width // 8:
            raise ValueError(f"window_bytes={self.window_bytes} must hold at least two {self.data_width}-bit words")

    @property
    def bus_bytes(self) -> int:
        """Bytes per beat of the memory window's data bus."""
        return self.data_width // 8

    @property
    def pages(self) -> int:
        """Banks of the RAM the window can show."""
        return self.ram_bytes // self.window_bytes

    @property
    def page_mask(self) -> int:
        return self.pages - 1

    @property
    def window_end(self) -> int:
        """First bus address past the window."""
        return self.base_addr + self.window_bytes

    @property
    def port_end(self) -> int:
        """First port past the register block."""
        return self.port_base + PORT_RANGE_BYTES

    def port(self, offset: int) -> int:
        """The I/O port of a register offset."""
        return self.port_base + int(offset)


def register_resets(cfg: LegacyConfig) -> dict[int, int]:
    """What every readable register reads after reset, by offset (the data port excluded)."""
    values = {int(r.offset): r.reset for r in REGISTERS if r.access is not Access.DATA}
    values[Off.RAMSZ] = cfg.ram_bytes.bit_length() - 1
    values[Off.WINSZ] = cfg.window_bytes.bit_length() - 1
    return values  # type: ignore[return-value]


def port_access(port: int, width: int) -> tuple[int, int, int]:
    """How an I/O access of ``width`` bytes at ``port`` travels on the 32-bit register bus:
    ``(address, wstrb, shift)``, the AXI4-Lite address (the port itself), the byte lanes, and the
    bit position of the value in the data word.  The access must be naturally aligned."""
    _check_int("port", port)
    if width not in (1, 2, 4):
        raise ValueError(f"port access width {width!r} is not 1, 2 or 4 bytes")
    if not 0 <= port < 1 << 16:
        raise ValueError(f"port 0x{port:x} is outside the I/O space 0x0000-0xffff")
    if port % width:
        raise ValueError(f"port 0x{port:04x} is not aligned to the {width}-byte access (allowed: a multiple of {width})")
    lane = port & 3
    return port, ((1 << width) - 1) << lane, 8 * lane


class LegacyNicModel:
    """Reference model of ``nic_legacy``: its registers, its window and its RAM.

    :meth:`port_write` / :meth:`port_read` are the AXI4-Lite accesses of the register port;
    :meth:`window_write` / :meth:`window_read` the bytes the memory window moves.  ``ram`` is the
    whole RAM by RAM offset.
    """

    def __init__(self, cfg: LegacyConfig, ram: bytes | None = None) -> None:
        self.cfg = cfg
        if ram is not None and len(ram) != cfg.ram_bytes:
            raise ValueError(f"initial RAM has {len(ram)} bytes, the adapter has {cfg.ram_bytes}")
        self.ram = bytearray(ram) if ram is not None else bytearray(cfg.ram_bytes)
        self.reset()

    def reset(self) -> None:
        """Registers to their reset values; the RAM keeps its contents."""
        self.ctrl = 0
        self.page = 0
        self.rsar = 0
        self.rbcr = 0
        self.rcmd = RCMD_IDLE
        self.rdc = False

    # ------------------------------------------------------------------ state views
    @property
    def memenb(self) -> bool:
        return bool(self.ctrl & CTRL_MEMENB)

    @property
    def word_mode(self) -> bool:
        return bool(self.ctrl & CTRL_WTS)

    def register(self, offset: int) -> int:
        """What a read of register ``offset`` shows (not the data port)."""
        off = int(offset)
        if off in (Off.DATA, Off.DATA_HI) or off not in MAPPED_OFFSETS:
            raise ValueError(f"offset 0x{off:02x} is not a readable register")
        resets = register_resets(self.cfg)
        return {
            Off.ID: resets[Off.ID],
            Off.REV: resets[Off.REV],
            Off.RAMSZ: resets[Off.RAMSZ],
            Off.WINSZ: resets[Off.WINSZ],
            Off.CTRL: self.ctrl,
            Off.PAGE: self.page,
            Off.RSAR0: self.rsar & 0xFF,
            Off.RSAR1: self.rsar >> 8,
            Off.RBCR0: self.rbcr & 0xFF,
            Off.RBCR1: self.rbcr >> 8,
            Off.RCMD: self.rcmd,
            Off.RISR: RISR_RDC if self.rdc else 0,
        }[off]

    # ------------------------------------------------------------------ register port
    def _in_block(self, address: int) -> bool:
        return self.cfg.port_base <= address < self.cfg.port_end

    def write_response(self, address: int, wstrb: int) -> Resp:
        """The response of an AXI4-Lite write, decided from its address and strobes alone."""
        lanes = [(address & ~3) - self.cfg.port_base + k for k in range(4) if wstrb >> k & 1]
        if not self._in_block(address) or any(o not in MAPPED_OFFSETS for o in lanes):
            return Resp.DECERR
        data = [o for o in lanes if o in _DATA_LANES]
        if data and data != ([Off.DATA, Off.DATA_HI] if self.word_mode else [Off.DATA]):
            return Resp.SLVERR
        return Resp.OKAY

    def read_response(self, address: int) -> Resp:
        """The response of an AXI4-Lite read at ``address``."""
        if not self._in_block(address) or address - self.cfg.port_base not in MAPPED_OFFSETS:
            return Resp.DECERR
        if address - self.cfg.port_base == Off.DATA_HI:
            return Resp.SLVERR
        return Resp.OKAY

    def port_write(self, address: int, wdata: int, wstrb: int) -> Resp:
        """One AXI4-Lite write of the register port (``address`` is the port number)."""
        _check_int("address", address)
        if not 0 <= _check_int("wdata", wdata) < 1 << 32:
            raise ValueError(f"wdata=0x{wdata:x} is not a 32-bit word")
        if not 0 <= _check_int("wstrb", wstrb) < 16:
            raise ValueError(f"wstrb=0x{wstrb:x} is not a 4-bit strobe")
        resp = self.write_response(address, wstrb)
        if resp != Resp.OKAY or not wstrb:
            return resp
        word = (address & ~3) - self.cfg.port_base
        byte = {word + k: (wdata >> 8 * k) & 0xFF for k in range(4) if wstrb >> k & 1}
        if Off.DATA in byte:
            self._data_write(wdata & 0xFFFF, 2 if self.word_mode else 1)
            return resp
        if Off.CTRL in byte:
            self.ctrl = byte[Off.CTRL] & (CTRL_MEMENB | CTRL_WTS)
        if Off.PAGE in byte:
            self.page = byte[Off.PAGE] & self.cfg.page_mask
        rsar = self.rsar
        if Off.RSAR0 in byte:
            rsar = (rsar & 0xFF00) | byte[Off.RSAR0]
        if Off.RSAR1 in byte:
            rsar = (rsar & 0x00FF) | byte[Off.RSAR1] << 8
        self.rsar = rsar & (self.cfg.ram_bytes - 1)
        if Off.RBCR0 in byte:
            self.rbcr = (self.rbcr & 0xFF00) | byte[Off.RBCR0]
        if Off.RBCR1 in byte:
            self.rbcr = (self.rbcr & 0x00FF) | byte[Off.RBCR1] << 8
        if Off.RISR in byte and byte[Off.RISR] & RISR_RDC:
            self.rdc = False
        if Off.RCMD in byte:
            self._command(byte[Off.RCMD])
        return resp

    def port_read(self, address: int) -> tuple[int, Resp]:
        """One AXI4-Lite read of the register port: ``(RDATA, RRESP)``."""
        _check_int("address", address)
        resp = self.read_response(address)
        if resp != Resp.OKAY:
            return 0, resp
        offset = address - self.cfg.port_base
        if offset == Off.DATA:
            return self._data_read(2 if self.word_mode else 1), resp
        word = offset & ~3
        value = 0
        for k in range(4):
            if word + k in MAPPED_OFFSETS and word + k not in _DATA_LANES:
                value |= self.register(word + k) << 8 * k
        return value, resp

    # ------------------------------------------------------------------ I/O-port view
    def io_write(self, port: int, value: int, width: int) -> Resp:
        """An I/O write of ``width`` bytes (``out``): :func:`port_access` then :meth:`port_write`."""
        address, wstrb, shift = port_access(port, width)
        if not 0 <= _check_int("value", value) < 1 << 8 * width:
            raise ValueError(f"value 0x{value:x} does not fit a {width}-byte port access")
        return self.port_write(address, value << shift, wstrb)

    def io_read(self, port: int, width: int) -> tuple[int, Resp]:
        """An I/O read of ``width`` bytes (``in``): the lanes of the port out of :meth:`port_read`."""
        address, _, shift = port_access(port, width)
        word, resp = self.port_read(address)
        return (word >> shift) & ((1 << 8 * width) - 1), resp

    # ------------------------------------------------------------------ remote DMA
    def _command(self, value: int) -> None:
        if value in (RCMD_READ, RCMD_WRITE) and self.rbcr == 0:
            self.rcmd = RCMD_IDLE
            self.rdc = True
        elif value in (RCMD_READ, RCMD_WRITE):
            self.rcmd = value
        else:
            self.rcmd = RCMD_IDLE

    def _moving(self, direction: int) -> bool:
        return self.rcmd == direction and self.rbcr > 0

    def _advance(self) -> None:
        self.rsar = (self.rsar + 1) % self.cfg.ram_bytes
        self.rbcr -= 1
        if self.rbcr == 0:
            self.rcmd = RCMD_IDLE
            self.rdc = True

    def _data_write(self, value: int, nbytes: int) -> None:
        for k in range(nbytes):
            if self._moving(RCMD_WRITE):
                self.ram[self.rsar] = (value >> 8 * k) & 0xFF
                self._advance()

    def _data_read(self, nbytes: int) -> int:
        value = 0xFFFF
        for k in range(nbytes):
            if self._moving(RCMD_READ):
                value = (value & ~(0xFF << 8 * k)) | self.ram[self.rsar] << 8 * k
                self._advance()
        return value

    # ------------------------------------------------------------------ memory window
    def window_offset(self, bus_address: int) -> int:
        """The RAM offset the window shows at ``bus_address`` with the current page."""
        _check_int("bus_address", bus_address)
        if not self.cfg.base_addr <= bus_address < self.cfg.window_end:
            raise ValueError(
                f"bus address 0x{bus_address:08x} is outside the window "
                f"0x{self.cfg.base_addr:08x}-0x{self.cfg.window_end - 1:08x}"
            )
        return self.page * self.cfg.window_bytes + (bus_address - self.cfg.base_addr)

    def _window_range(self, bus_address: int, length: int) -> int:
        if _check_int("length", length) < 0:
            raise ValueError(f"length must be >= 0, got {length}")
        start = self.window_offset(bus_address)
        if length and bus_address + length > self.cfg.window_end:
            raise ValueError(
                f"{length} bytes at 0x{bus_address:08x} run past the window end 0x{self.cfg.window_end - 1:08x}"
            )
        return start

    def window_write(self, bus_address: int, data: bytes | bytearray | memoryview) -> None:
        """Bytes written through the window: they land in the selected bank, or nowhere when the
        window is disabled."""
        data = bytes(data)
        start = self._window_range(bus_address, len(data))
        if self.memenb:
            self.ram[start : start + len(data)] = data

    def window_read(self, bus_address: int, length: int) -> bytes:
        """Bytes read through the window: the selected bank, or all ones when it is disabled."""
        start = self._window_range(bus_address, length)
        if not self.memenb:
            return b"\xff" * length
        return bytes(self.ram[start : start + length])
