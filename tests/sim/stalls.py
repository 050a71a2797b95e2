"""Stalls on both sides of the bus: they take effect, they are legal AXI, they lose nothing.

Runs on ``tb/hdl/nic_stall_wrapper.v``. The slave-side tests watch, at every clock edge, the
wrapper's pins toward the master and toward nic_shared_ram: a stalled cycle has no handshake on
either side, an unstalled one passes everything straight through, a VALID once shown is never
withdrawn, and the stall really held back a transfer that was ready to go. A second protocol
checker on nic_shared_ram's own port proves the wrapper obeys AXI toward the RAM, while the
environment's checker watches the master's side. The master-side tests prove each channel's
pacing slows the transfer down and still lands every byte.
"""

from __future__ import annotations

import cocotb
from cocotb.triggers import RisingEdge

from models.axi import plan_bursts
from models.pacing import MasterPacing, Pacing
from tb.env import NicRamEnv
from tb.protocol import AxiProtocolChecker
from tb.stalls import STALL_BITS, SlaveStaller

CHANNELS = ("aw", "w", "ar", "b", "r")
REQUESTS = ("aw", "w", "ar")


class WrapperWatch:
    """Checks the stall wrapper's gating of one channel at every edge, and counts real stalls."""

    def __init__(self, dut, channel: str) -> None:
        self.dut, self.channel = dut, channel
        self.bit = STALL_BITS[channel]
        self.effective_stalls = 0  # stalled cycles in which the transfer was ready to move
        self.edges = 0
        self.errors: list[str] = []
        self._task = cocotb.start_soon(self._run())

    async def _run(self) -> None:
        dut, ch = self.dut, self.channel
        ov, orr = getattr(dut, f"s_axi_{ch}valid"), getattr(dut, f"s_axi_{ch}ready")
        iv, irr = getattr(dut.u_ram, f"s_axi_{ch}valid"), getattr(dut.u_ram, f"s_axi_{ch}ready")
        request = ch in REQUESTS
        shown = False
        while True:
            await RisingEdge(dut.clk)
            if dut.rst.value == 1:
                shown = False
                continue
            self.edges += 1
            stall = bool(dut.stall_en.value.to_unsigned() >> self.bit & 1)
            o_v, o_r, i_v, i_r = (int(s.value) for s in (ov, orr, iv, irr))
            gated = stall and not shown
            if gated:
                # a stalled request shows neither READY to the master nor VALID to the RAM;
                # a stalled response shows neither VALID to the master nor READY to the RAM
                if any((o_r, i_v) if request else (o_v, i_r)):
                    self.errors.append(f"stalled cycle at edge {self.edges} showed a VALID or READY "
                                       f"(outer {o_v}/{o_r}, inner {i_v}/{i_r})")
                if (o_v and i_r) if request else i_v:
                    self.effective_stalls += 1
            elif (o_v, o_r) != (i_v, i_r):
                self.errors.append(f"unstalled cycle at edge {self.edges} did not pass through "
                                   f"(outer {o_v}/{o_r}, inner {i_v}/{i_r})")
            # the side that shows VALID must keep showing it until its READY
            shown = bool(i_v and not i_r) if request else bool(o_v and not o_r)

    def stop(self) -> None:
        self._task.cancel()


async def _traffic(env: NicRamEnv, rounds: int = 6) -> None:
    """Writes and reads of random lengths and offsets, each checked by backdoor and front door."""
    for i in range(rounds):
        n = env.rng.randrange(1, 600)
        address = env.cfg.base_addr + env.rng.randrange(0, env.cfg.ram_bytes - n)
        await env.write_checked(address, env.random_bytes(n), label=f"stalled write {i}")
    env.checker.check_all()


@cocotb.test()
@cocotb.parametrize(channel=CHANNELS)
async def slave_stall_holds_back_its_channel_legally(dut, channel: str) -> None:
    """Stalling one slave channel (2 cycles in 3): transfers wait, nothing is lost, AXI holds on
    both sides of the wrapper."""
    env = await NicRamEnv(dut, stalls="none").start()
    await env.fill_random()
    inner = AxiProtocolChecker(dut.u_ram, "s_axi", dut.clk, reset=dut.rst).start()
    staller = SlaveStaller(dut.stall_en, dut.clk, MasterPacing(**{channel: Pacing.parse("fixed:011")})).start()
    watch = WrapperWatch(dut, channel)
    await _traffic(env)
    staller.stop()
    watch.stop()
    assert not watch.errors, "\n".join(watch.errors[:5])
    assert watch.effective_stalls > 0, f"the {channel.upper()} stall never held back a transfer"
    assert inner.violations == [] and env.protocol.violations == []
    env.log.info("%s: %d effective stall cycles in %d edges", channel, watch.effective_stalls, watch.edges)


@cocotb.test()
async def heavy_stalls_on_both_sides_lose_nothing(dut) -> None:
    """Half of all cycles stalled on every channel of both sides: every write lands exactly,
    every read returns the RAM, both ports stay legal AXI."""
    env = await NicRamEnv(dut, stalls="random:0.5").start()
    await env.fill_random()
    inner = AxiProtocolChecker(dut.u_ram, "s_axi", dut.clk, reset=dut.rst).start()
    await _traffic(env, rounds=8)
    for _ in range(4):
        n = env.rng.randrange(1, 700)
        address = env.cfg.base_addr + env.rng.randrange(0, env.cfg.ram_bytes - n)
        assert await env.read_front(address, n) == env.model.read(address, n)
    assert env.staller is not None and env.staller.stalled_cycles > 0
    assert inner.violations == [] and env.protocol.violations == []


@cocotb.test()
@cocotb.parametrize(channel=CHANNELS)
async def master_pacing_slows_its_channel(dut, channel: str) -> None:
    """Idling one master channel 3 opportunities in 4 (VALID low on AW/W/AR, READY low on B/R)
    makes the same copy take longer, and it still lands exactly."""
    env = await NicRamEnv(dut, stalls="none").start()
    await env.fill_random()
    nb = env.cfg.bus_bytes
    address, data = env.cfg.base_addr + 0x100, env.random_bytes(64 * nb)
    bursts = plan_bursts(address, len(data), nb, max_beats=4)
    cycles = {}
    for paced in (False, True):
        pacing = MasterPacing(**{channel: Pacing.parse("fixed:1110")}) if paced else MasterPacing()
        env.master.pace(pacing)
        write = await env.master.write(bursts, data)
        read = await env.master.read(bursts, len(data))
        assert write.ok and read.ok and read.data == data, f"{channel} paced={paced}: copy differs"
        cycles[paced] = write.cycles + read.cycles
    env.master.pace(MasterPacing())
    assert cycles[True] > cycles[False], f"pacing {channel.upper()} did not slow the copy: {cycles}"
    env.model.write(address, data)
    env.checker.check_all()
