"""An independent Wishbone master against nic_shared_ram_wb: cocotbext-wishbone's WishboneMaster.

It drives random reads and writes (random addresses in and out of the window, random SEL, CTI
classic) in bus cycles of several operations; every answer is checked against the golden model
(ACK in the window, ERR outside it; read data equal to the model's word), every ACKed write is
replayed into the model, and the whole RAM must equal the model at the end. The Wishbone monitor
watches the port throughout.
"""

from __future__ import annotations

import cocotb
from cocotb.triggers import RisingEdge
from cocotbext.wishbone.driver import WBOp
from cocotbext.wishbone.driver import WishboneMaster as PeerMaster

from tb.env import NicRamEnv, regression_seed

SIGNALS = {"cyc": "cyc", "stb": "stb", "we": "we", "adr": "adr", "datwr": "dat_i", "datrd": "dat_o", "ack": "ack"}


@cocotb.test()
async def peer_master_random_operations_match_the_model(dut) -> None:
    """cocotbext-wishbone's master: random single reads and writes, answers and data as the model says."""
    env = await NicRamEnv(dut).start()
    await env.fill_random()
    nb, base, size = env.cfg.bus_bytes, env.cfg.base_addr, env.cfg.ram_bytes
    peer = PeerMaster(dut, "s_wb", dut.clk, width=8 * nb, timeout=1000, signals_dict=SIGNALS)
    env.log.info("peer master; rerun the same with SEED=%d", regression_seed())
    full = (1 << nb) - 1
    for cycle in range(12):
        ops, expect = [], []
        for _ in range(env.rng.randrange(1, 9)):
            inside = env.rng.random() < 0.85
            word = env.rng.randrange(size // nb) if inside else env.rng.choice([size // nb, size // nb + 7, -1])
            address = (base + word * nb) & 0xFFFFFFFF
            if env.rng.random() < 0.5:
                sel = env.rng.choice([full, env.rng.randrange(full + 1)])
                data = env.rng.getrandbits(8 * nb)
                ops.append(WBOp(adr=address, dat=data, sel=sel))
                expect.append(("write", address, data, sel, inside))
            else:
                ops.append(WBOp(adr=address, sel=full))
                expect.append(("read", address, None, full, inside))
        results = await peer.send_cycle(ops)
        assert len(results) == len(ops), f"cycle {cycle}: {len(results)} answers for {len(ops)} operations"
        for i, (res, (kind, address, data, sel, inside)) in enumerate(zip(results, expect)):
            where = f"cycle {cycle} op {i}: {kind} at 0x{address:08x}"
            assert res.ack == (1 if inside else 2), f"{where}: answer {res.ack} (1 = ACK, 2 = ERR)"
            if kind == "write" and inside:
                old = bytearray(env.model.read(address, nb))
                new = data.to_bytes(nb, "little")
                for lane in range(nb):
                    if sel >> lane & 1:
                        old[lane] = new[lane]
                env.model.write(address, bytes(old))
            elif kind == "read":
                got = int(res.datrd)
                want = int.from_bytes(env.model.read(address, nb), "little") if inside else 0
                assert got == want, f"{where}: read 0x{got:x}, the model holds 0x{want:x}"
    await RisingEdge(dut.clk)
    env.checker.check_all()
