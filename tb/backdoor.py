"""Backdoor access to the RTL's storage array, by bus byte address, for any DATA_WIDTH.

The storage of ``nic_shared_ram`` is one array of DATA_WIDTH-bit words (``u_mem.mem``); word ``i``
holds the bytes at ``base + i * bus_bytes`` in little-endian lane order. Backdoor accesses take no
simulated time and bypass the bus entirely: they are how the checker sees the RAM.

Reads are bulk reads: the simulator's accessor of every word is looked up once and kept, and a
range is read as one pass of raw bit strings turned into bytes at once (no value object per
word), which makes a whole-RAM check about ten times cheaper than reading ``mem[i].value``.
"""

from __future__ import annotations

from cocotb.handle import SimHandleBase


class RamBackdoor:
    """Read and write the shared RAM by byte address through the simulator hierarchy."""

    def __init__(self, mem: SimHandleBase, bus_bytes: int, base: int, size: int) -> None:
        self.mem = mem
        self.bus_bytes = bus_bytes
        self.base = base
        self.size = size
        self._getters: list = [None] * (size // bus_bytes)
        self._raw = True  # False when the simulator interface offers no raw bit-string getter

    def _getter(self, i: int):
        """The bit-string getter of word ``i``, looked up once."""
        g = self._getters[i]
        if g is None:
            g = self._getters[i] = self.mem._handle.get_handle_by_index(i).get_signal_val_binstr
        return g

    @classmethod
    def of(cls, dut: SimHandleBase, bus_bytes: int, base: int, size: int) -> "RamBackdoor":
        return cls(dut.u_mem.mem, bus_bytes, base, size)

    def _words(self, address: int, length: int) -> tuple[int, int, int]:
        if length < 0 or address < self.base or address + length > self.base + self.size:
            raise ValueError(
                f"backdoor access 0x{address:08x}+{length} is outside the RAM "
                f"0x{self.base:08x}-0x{self.base + self.size - 1:08x}"
            )
        first = (address - self.base) // self.bus_bytes
        last = (address + length - 1 - self.base) // self.bus_bytes if length else first - 1
        return first, last, (address - self.base) % self.bus_bytes

    def read(self, address: int, length: int) -> bytes:
        """The ``length`` bytes at ``address``, as the RAM holds them now."""
        if length == 0:
            return b""
        first, last, skip = self._words(address, length)
        mem, nb = self.mem, self.bus_bytes
        if self._raw:
            try:
                getters = [self._getter(i) for i in range(last, first - 1, -1)]
            except AttributeError:
                self._raw = False
        if not self._raw:
            raw = b"".join(mem[i].value.to_unsigned().to_bytes(nb, "little") for i in range(first, last + 1))
            return raw[skip : skip + length]
        # Word i is bits [8*nb*i, 8*nb*(i+1)) of one big little-endian number: join the bit strings
        # most significant word first and convert once.
        bits = "".join([g() for g in getters])
        try:
            raw = int(bits, 2).to_bytes((last - first + 1) * nb, "little")
        except ValueError:
            bad = next(i for i in range(first, last + 1) if set(self._getter(i)()) - {"0", "1"})
            raise ValueError(
                f"backdoor read: RAM word {bad} (address 0x{self.base + bad * nb:08x}) holds "
                f"{self._getter(bad)()}, not 0s and 1s"
            ) from None
        return raw[skip : skip + length]

    def write(self, address: int, data: bytes) -> None:
        """Overwrite the RAM at ``address`` with ``data`` (read-modify-write of partial words)."""
        if not data:
            return
        first, last, skip = self._words(address, len(data))
        nb = self.bus_bytes
        raw = bytearray(self.read(self.base + first * nb, (last - first + 1) * nb))
        raw[skip : skip + len(data)] = data
        for k, i in enumerate(range(first, last + 1)):
            self.mem[i].value = int.from_bytes(raw[k * nb : (k + 1) * nb], "little")

    def read_all(self) -> bytes:
        """The whole RAM."""
        return self.read(self.base, self.size)
