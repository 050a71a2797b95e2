"""The bus rows of `make bench`: our engine against the peer's master on Wishbone and Avalon-MM.

    python -m sim.bench_buses [--quick] [--sims icarus verilator] [--reps 3]

For each bus (nic_shared_ram_wb, nic_shared_ram_avmm), simulator and size (4 KiB, 64 KiB; 4 KiB
with --quick), DATA_WIDTH 64: ``pin`` (our host side over our pin-level master, NDIS calls) and
``peer`` (cocotbext-wishbone's or cocotbext-avalon's master, one word per operation) and ``fast``
(our host side over the fast engine: the same master over the transactor of the bus's engine
wrapper, wb_fast_top / avmm_fast_top, under its Verilog clock, the protocol rules fed by its port
recorder after every call) each write the same number of random bytes, check them by backdoor and read them back (tests/sim/bench_buses.py).
A record gives the median wall seconds, MiB/s, clock cycles and the bus efficiency (ideal words /
cycles) of each operation, and the speed ratios to the peer (and of the fast engine to the pin-level
one). The table is printed and the records
go to ``bench-buses.json`` at the repository root. A benchmark: it asserts nothing about time.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys

from sim.runner import BUILD_ROOT, BUS_TOPLEVELS, REPO, BuildConfig, bus_engine_config, run

BUSES = ("wishbone", "avalon")
SIZES = (4096, 65536)
DATA_WIDTH = 64
#: Our pin-level engine, the peer's master, our fast engine.
ENGINES = ("pin", "peer", "fast")


def measure(bus: str, sim: str, engine: str, n: int, reps: int) -> dict:
    ram = {"ram_bytes": max(16384, 2 * n), "base_addr": max(16384, 2 * n) * 4}
    if engine == "fast":
        cfg = bus_engine_config(bus, sim, DATA_WIDTH, **ram)
    else:
        cfg = BuildConfig(sim=sim, data_width=DATA_WIDTH, toplevel=BUS_TOPLEVELS[bus], **ram)
    out = BUILD_ROOT / "bench" / f"{bus}-{sim}-{engine}-{n}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    result = run(cfg, "tests.sim.bench_buses", run_name=f"bench-{engine}-{n}", seed=1,
                 extra_env={"BENCH_ENGINE": engine, "BENCH_BYTES": str(n), "BENCH_REPS": str(reps), "BENCH_OUT": str(out)},
                 plusargs=["+fast_clock"] if engine == "fast" else [])
    if result.failed or not result.cases or not out.exists():
        raise SystemExit(f"bench: {engine} on {cfg.name} failed\n{result.summary()}")
    data = json.loads(out.read_text())
    words = -(-n // (DATA_WIDTH // 8))
    rec = {"bus": bus, "sim": sim, "engine": engine, "bytes": n, "data_width": DATA_WIDTH, "runs": data["runs"],
           "toplevel": cfg.toplevel, "clock": "verilog" if engine == "fast" else "python"}
    for op in ("write", "read"):
        secs = statistics.median(r[f"{op}_s"] for r in data["runs"])
        cycles = statistics.median(r[f"{op}_cycles"] for r in data["runs"])
        rec[op] = {"wall_s": round(secs, 4), "mib_s": round(n / secs / (1 << 20), 2) if secs else 0.0,
                   "cycles": cycles, "efficiency": round(words / cycles, 4) if cycles else 0.0}
    return rec


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="4 KiB only")
    ap.add_argument("--sims", nargs="+", default=["verilator", "icarus"])
    ap.add_argument("--reps", type=int, default=3)
    a = ap.parse_args(argv)
    sizes = SIZES[:1] if a.quick else SIZES
    records = [measure(bus, sim, engine, n, a.reps) for bus in BUSES for sim in a.sims for n in sizes
               for engine in ENGINES]
    print("\n| bus | simulator | copy | our engine (s) | peer master (s) | ours vs peer | our efficiency "
          "| peer efficiency | fast engine (s) | fast vs pin | fast efficiency |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for bus in BUSES:
        for sim in a.sims:
            for n in sizes:
                pin = next(r for r in records if (r["bus"], r["sim"], r["bytes"], r["engine"]) == (bus, sim, n, "pin"))
                peer = next(r for r in records if (r["bus"], r["sim"], r["bytes"], r["engine"]) == (bus, sim, n, "peer"))
                fast = next(r for r in records if (r["bus"], r["sim"], r["bytes"], r["engine"]) == (bus, sim, n, "fast"))
                for op in ("write", "read"):
                    ratio = peer[op]["wall_s"] / pin[op]["wall_s"] if pin[op]["wall_s"] else 0.0
                    speedup = pin[op]["wall_s"] / fast[op]["wall_s"] if fast[op]["wall_s"] else 0.0
                    print(f"| {bus} | {sim} | {n // 1024} KiB {op} | {pin[op]['wall_s']} | {peer[op]['wall_s']} | "
                          f"{ratio:.1f}x | {pin[op]['efficiency']} | {peer[op]['efficiency']} | {fast[op]['wall_s']} | "
                          f"{speedup:.1f}x | {fast[op]['efficiency']} |")
    (REPO / "bench-buses.json").write_text(json.dumps(records, indent=1))
    print("\nrecords in bench-buses.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
