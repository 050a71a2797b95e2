"""Power-on: the RTL as a third-party testbench meets it, from time 0 and before any reset.

Public AXI RAM testbenches in the cocotbext-axi style build their masters at time 0, start the
clock with reset low and sample READY/VALID for a few clock edges before their first reset pulse.
These tests do the same on nic_shared_ram, nic_legacy and the test-only toplevels around
nic_shared_ram, with cocotbext-axi's masters (nothing from tb/ drives the bus):

* from time 0 to the end of the test, every output of the AXI4 and AXI4-Lite slave ports is 0 or 1
  (never X or Z) at every clock edge (sampled once the edge's updates have settled);
* no BVALID before the port's first AW handshake and no RVALID before its first AR handshake
  (a stray response is what a randomised power-on value would show);
* the bytes written arrive, read back, and nothing else in the RAM changes; on Icarus the RAM
  is all zeros when the bench starts (the storage is zero-filled at power-on).

On Verilator with random initial values the toplevel's inputs start random too, and the model's
first evaluation at time 0 (before the testbench's first write reaches it) may see a rising clock
edge with a random NIC-port write (``nic_en`` is an input nobody has driven yet). The baseline of
the RAM check is therefore the RAM as the bench finds it just before its first request.

Each test must be the first of its simulator run (power-on happens once per run): the regression
runs each one in a process of its own (``tests/test_power_on.py``). The testbench drives the
ports a testbench of this RAM knows about to idle at time 0: the NIC port (``nic_en`` low) and the
wrappers' own test inputs (``x_sel``, ``stall_en``), as it must.
"""

from __future__ import annotations

import logging
import os
import random
from dataclasses import dataclass, field

import cocotb
from cocotb.clock import Clock
from cocotb.handle import SimHandleBase
from cocotb.simtime import get_sim_time
from cocotb.triggers import ClockCycles, ReadOnly, RisingEdge, Timer
from cocotbext.axi import AxiBus, AxiLiteBus, AxiLiteMaster, AxiMaster, AxiResp

from tb.backdoor import RamBackdoor

CLOCK_NS = 10
#: Clock edges the testbench samples the bus before its first reset.
EDGES_BEFORE_RESET = 3
RESET_EDGES = 2

AXI_OUTPUTS = (
    "s_axi_awready", "s_axi_wready", "s_axi_bid", "s_axi_bresp", "s_axi_bvalid",
    "s_axi_arready", "s_axi_rid", "s_axi_rdata", "s_axi_rresp", "s_axi_rlast", "s_axi_rvalid",
)
AXIL_OUTPUTS = (
    "s_axil_awready", "s_axil_wready", "s_axil_bresp", "s_axil_bvalid",
    "s_axil_arready", "s_axil_rdata", "s_axil_rresp", "s_axil_rvalid",
)

#: nic_legacy's CTRL register (MEMENB is bit 0) and ID register, as offsets from PORT_BASE.
CTRL, ID, ID_VALUE = 0x04, 0x00, 0x57


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value, 0) if value else default


def _defined(value) -> bool:
    return not any(c in "xXzZuUwW-" for c in str(value))


@dataclass
class PortWatch:
    """Watches one slave port's outputs at every clock edge from time 0.

    ``bad`` collects every violation (time, signal, value); ``requests`` tells whether an
    AW/AR handshake has happened on the port, which a response must follow."""

    dut: SimHandleBase
    prefix: str
    outputs: tuple[str, ...]
    bad: list[str] = field(default_factory=list)
    aw_seen: bool = False
    ar_seen: bool = False
    edges: int = 0

    def _get(self, name: str):
        return getattr(self.dut, f"{self.prefix}_{name}").value

    def sample(self, when: str) -> None:
        for name in self.outputs:
            value = getattr(self.dut, name).value
            if not _defined(value):
                self.bad.append(f"{when}: {name} = {value} (not 0/1)")
        bvalid, rvalid = str(self._get("bvalid")), str(self._get("rvalid"))
        if bvalid == "1" and not self.aw_seen:
            self.bad.append(f"{when}: {self.prefix}_bvalid high before any AW handshake")
        if rvalid == "1" and not self.ar_seen:
            self.bad.append(f"{when}: {self.prefix}_rvalid high before any AR handshake")
        # handshakes of this edge count for the responses of later edges
        if str(self._get("awvalid")) == "1" and str(self._get("awready")) == "1":
            self.aw_seen = True
        if str(self._get("arvalid")) == "1" and str(self._get("arready")) == "1":
            self.ar_seen = True

    async def run(self, clk: SimHandleBase) -> None:
        await ReadOnly()
        self.sample(f"{get_sim_time('ns'):.0f} ns (time 0, before any edge)")
        while True:
            await RisingEdge(clk)
            self.edges += 1
            await ReadOnly()
            self.sample(f"{get_sim_time('ns'):.0f} ns (edge {self.edges})")


class ThirdPartyBench:
    """A cocotbext-axi style testbench: masters built at time 0, clock running, reset low."""

    def __init__(self, dut: SimHandleBase) -> None:
        now = get_sim_time("ns")
        assert now == 0, (
            f"a power-on test must be the first test of its simulator run (it starts at {now} ns): "
            "select it alone with TESTCASE"
        )
        self.dut = dut
        self.log = logging.getLogger("cocotb.tb")
        self.rng = random.Random(cocotb.RANDOM_SEED)
        for name, value in (("rst", 0), ("nic_en", 0), ("nic_we", 0), ("nic_addr", 0), ("nic_wdata", 0),
                            ("x_sel", 0), ("x_wr_cmd", 0), ("x_rd_cmd", 0), ("stall_en", 0)):
            if hasattr(dut, name):
                getattr(dut, name).setimmediatevalue(value)
        self.legacy = hasattr(dut, "s_axil_awvalid")
        self.data_width = len(dut.s_axi_wdata)
        self.base = _env_int("NIC_BASE_ADDR", 0xD0000)
        self.ram_bytes = _env_int("NIC_RAM_BYTES", 16384)
        self.window = _env_int("NIC_WINDOW_BYTES", self.ram_bytes) if self.legacy else self.ram_bytes
        self.axi = AxiMaster(AxiBus.from_prefix(dut, "s_axi"), dut.clk, dut.rst)
        self.watches = [PortWatch(dut, "s_axi", AXI_OUTPUTS)]
        if self.legacy:
            self.port_base = _env_int("NIC_PORT_BASE", 0x300)
            self.axil = AxiLiteMaster(AxiLiteBus.from_prefix(dut, "s_axil"), dut.clk, dut.rst)
            self.watches.append(PortWatch(dut, "s_axil", AXIL_OUTPUTS))
        for name in ("cocotbext.axi", "cocotb.s_axi", "cocotb.s_axil"):
            logging.getLogger(name).setLevel(logging.WARNING)
        core = dut.u_ram if hasattr(dut, "u_ram") else dut
        self.backdoor = RamBackdoor.of(core, self.data_width // 8, self.base, self.ram_bytes)
        self.model = bytearray(self.ram_bytes)

    def take_baseline(self) -> None:
        """The RAM before the first request; on Icarus it must be the power-on zero fill."""
        self.model = bytearray(self.backdoor.read_all())
        if cocotb.SIM_NAME.lower().startswith("icarus"):
            nonzero = sum(1 for b in self.model if b)
            assert nonzero == 0, f"{nonzero} RAM bytes are not zero before any write (power-on zero fill)"

    def start(self) -> None:
        """Clock and watchers from time 0."""
        Clock(self.dut.clk, CLOCK_NS, unit="ns").start(start_high=False)  # first rising edge at CLOCK_NS/2
        for watch in self.watches:
            cocotb.start_soon(watch.run(self.dut.clk))

    async def reset(self) -> None:
        self.dut.rst.value = 1
        await ClockCycles(self.dut.clk, RESET_EDGES)
        self.dut.rst.value = 0
        await ClockCycles(self.dut.clk, 2)

    async def open_window(self) -> None:
        """nic_legacy: read the ID register and set MEMENB, over AXI4-Lite."""
        ident = await self.axil.read(self.port_base + ID, 1)
        assert ident.data[0] == ID_VALUE, f"ID register reads 0x{ident.data[0]:02x}, expected 0x{ID_VALUE:02x}"
        ctrl = await self.axil.read(self.port_base + CTRL, 1)
        assert ctrl.data[0] == 0, f"CTRL reads 0x{ctrl.data[0]:02x} before any write, expected its reset value 0"
        await self.axil.write(self.port_base + CTRL, b"\x01")

    async def copy_suite(self, count: int) -> None:
        """Writes of assorted lengths at assorted (also unaligned) addresses, each read back."""
        nb = self.data_width // 8
        lengths = [1, 3, nb, 2 * nb + 5, 64, 1514][:count]
        lengths += [self.rng.randrange(1, 600) for _ in range(count - len(lengths))]
        for length in lengths:
            length = min(length, self.window)
            offset = self.rng.randrange(0, self.window - length + 1)
            data = self.rng.randbytes(length)
            address = self.base + offset
            write = await self.axi.write(address, data)
            assert write.resp == AxiResp.OKAY, f"write of {length} bytes at 0x{address:x}: {write.resp!r}"
            self.model[offset:offset + length] = data
            read = await self.axi.read(address, length)
            assert read.resp == AxiResp.OKAY, f"read of {length} bytes at 0x{address:x}: {read.resp!r}"
            assert bytes(read.data) == data, f"read-back of {length} bytes at 0x{address:x} differs"
        await ClockCycles(self.dut.clk, 2)
        ram = self.backdoor.read_all()
        if ram != bytes(self.model):
            first = next(i for i, (a, b) in enumerate(zip(ram, self.model)) if a != b)
            raise AssertionError(
                f"RAM differs from the writes at byte 0x{first:x}: 0x{ram[first]:02x}, expected 0x{self.model[first]:02x}"
            )
        self.log.info("copy suite: %d writes read back; the rest of the RAM is unchanged", len(lengths))

    def check_watches(self) -> None:
        bad = [b for w in self.watches for b in w.bad]
        assert not bad, f"{len(bad)} violation(s) at the slave ports:\n  " + "\n  ".join(bad[:20])
        edges = min(w.edges for w in self.watches)
        self.log.info("outputs defined and no response before a request at all %d edges since time 0", edges)


def _levels(dut: SimHandleBase) -> dict[str, str]:
    return {name: str(getattr(dut, name).value) for name in (*AXI_OUTPUTS, "nic_rdata")}


#: Each test ends within 30 us of simulated time (26 us at the slowest, an 8-bit copy); a bench
#: that waits forever for a handshake (a port that never comes out of its power-on state) fails
#: at this bound, naming the test, instead of hanging the run.
TIMEOUT_US = 1000


@cocotb.test(timeout_time=TIMEOUT_US, timeout_unit="us")
async def outputs_hold_their_reset_values_until_the_first_clock_edge(dut) -> None:
    """Power-on values are the reset values (nic_shared_ram): with rst low and no request, from
    time 0 to the first clock edge AWREADY, WREADY, ARREADY, BVALID and RVALID are low and
    BID, BRESP, RID, RDATA, RRESP, RLAST and nic_rdata are zero; AWREADY and ARREADY rise at
    that edge; the first reset edge brings every one of them back to its power-on value."""
    bench = ThirdPartyBench(dut)
    bench.start()
    for when in ("at time 0", "just before the first edge"):
        if when != "at time 0":
            await Timer(CLOCK_NS // 2 - 1, "ns")
        await ReadOnly()
        levels = _levels(dut)
        nonzero = {name: value for name, value in levels.items() if value.strip("0")}
        assert not nonzero, f"{when}: {nonzero}"
    await RisingEdge(dut.clk)
    await ReadOnly()
    after = _levels(dut)
    assert (after["s_axi_awready"], after["s_axi_arready"]) == ("1", "1"), f"after the first edge: {after}"
    assert (after["s_axi_bvalid"], after["s_axi_rvalid"]) == ("0", "0"), f"after the first edge: {after}"
    await Timer(1, "ns")
    dut.rst.value = 1
    await RisingEdge(dut.clk)
    await ReadOnly()
    reset = _levels(dut)
    nonzero = {name: value for name, value in reset.items() if value.strip("0")}
    assert not nonzero, f"after the first reset edge: {nonzero}"


@cocotb.test(timeout_time=TIMEOUT_US, timeout_unit="us")
async def third_party_bench_samples_before_reset_then_copies(dut) -> None:
    """The cocotbext-axi style start: masters and clock from time 0, reset low, the bus sampled for
    EDGES_BEFORE_RESET edges, then a reset pulse and a short copy suite. Outputs are defined at
    every edge, no response leaves before a request, every copy reads back, the RAM holds exactly
    the writes."""
    bench = ThirdPartyBench(dut)
    bench.start()
    await ClockCycles(dut.clk, EDGES_BEFORE_RESET)
    await ReadOnly()
    early = [w.edges for w in bench.watches]
    assert min(early) == EDGES_BEFORE_RESET, f"watchers saw {early} edges before the reset"
    await RisingEdge(dut.clk)
    await bench.reset()
    bench.take_baseline()
    if bench.legacy:
        await bench.open_window()
    await bench.copy_suite(8)
    bench.check_watches()


@cocotb.test(timeout_time=TIMEOUT_US, timeout_unit="us")
async def requests_before_any_reset_are_served(dut) -> None:
    """No reset at all: the port serves requests from its power-on state exactly as after a reset
    (registers read their reset values, copies read back, nothing else changes)."""
    bench = ThirdPartyBench(dut)
    bench.start()
    await ClockCycles(dut.clk, EDGES_BEFORE_RESET)
    bench.take_baseline()
    if bench.legacy:
        await bench.open_window()
    await bench.copy_suite(4)
    bench.check_watches()
