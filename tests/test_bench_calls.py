"""The records and table of ``python -m sim.bench --calls`` (no simulator: synthetic cases)."""

from __future__ import annotations

from sim.bench import add_ratios, call_records, calls_table, records_from

#: The fields every record of bench-results.json has (sim.bench.records_from and add_ratios).
RESULT_FIELDS = set(records_from("verilator", 64, "fast", "burst", True, [{
    "bytes": 8, "offset": 0, "rss_mib": 0.0,
    "runs": {"write": [1.0], "read": [1.0], "check": [0.0], "write_cycles": [1], "read_cycles": [1]},
}])[0]) | {"ratio_vs_cocotbext", "ratio_vs_pure_hdl"}


def _case(op: str, n: int, offset: int) -> dict:
    return {
        "op": op, "bytes": n, "offset": offset, "calls": 3,
        "runs": {
            "wall_ns": [400_000, 410_000, 900_000], "cpu_ns": [390_000, 400_000, 800_000], "cycles": [192, 192, 193],
            "wakeups": [1, 1, 1],
            "stages_ns": [{"ndis": 40_000, "wait": 260_000}, {"ndis": 42_000, "wait": 262_000}, {"ndis": 90_000}],
        },
        "idle_cycles": 192, "idle_wall_ns": [150_000] * 3, "idle_cpu_ns": [148_000] * 3,
    }


def _pure() -> dict:
    return {"write": [60e-6, 58e-6], "read": [57e-6], "write_cpu": [57e-6], "read_cpu": [56e-6],
            "write_cycles": [192], "read_cycles": [192], "rss_mib": 10.0}


def test_a_call_record_has_every_results_field_and_the_per_call_budget() -> None:
    records = call_records("verilator", 64, [_case("write", 1514, 0)], {(1514, 0): _pure()})
    add_ratios(records)
    fast = next(r for r in records if r["engine"] == "fast")
    assert RESULT_FIELDS <= set(fast), RESULT_FIELDS - set(fast)
    assert (fast["wall_us"], fast["cpu_us"], fast["cycles"], fast["wakeups"]) == (410.0, 400.0, 192, 1)
    assert fast["stages_us"] == {"ndis": 42.0, "wait": 260.0}, "each stage's median, a stage missing counting 0"
    assert (fast["idle_cycles"], fast["idle_cpu_us"], fast["pure_hdl_us"]) == (192, 148.0, 59.0)
    assert fast["ratio_vs_pure_hdl"] == round(410e-6 / 59e-6, 2)
    assert fast["cpu_ratio_vs_pure_hdl"] == round(400e-6 / 57e-6, 2)


def test_the_pure_verilog_copy_of_a_call_is_a_record_of_its_own() -> None:
    records = call_records("verilator", 64, [_case("read", 1514, 3)], {(1514, 3): _pure()})
    pure = [r for r in records if r["engine"] == "pure-hdl"]
    assert len(pure) == 1 and RESULT_FIELDS - {"ratio_vs_cocotbext", "ratio_vs_pure_hdl"} <= set(pure[0])
    assert (pure[0]["op"], pure[0]["aligned"], pure[0]["wall_s"], pure[0]["cpu_s"]) == ("read", False, 57e-6, 56e-6)


def test_without_a_pure_run_the_ratios_are_left_out() -> None:
    records = call_records("verilator", 64, [_case("write", 4096, 0)], {})
    add_ratios(records)
    assert [r["engine"] for r in records] == ["fast"]
    assert records[0]["pure_hdl_us"] is None and records[0]["ratio_vs_pure_hdl"] is None


def test_the_table_has_a_row_per_call_and_a_column_per_stage_in_call_order() -> None:
    records = call_records("verilator", 64, [_case("write", 1514, 0), _case("read", 4096, 3)],
                           {(1514, 0): _pure(), (4096, 3): _pure()})
    add_ratios(records)
    lines = calls_table(records).splitlines()
    head = lines[0].split("|")[1].split()
    assert head == ["ndis", "wait"], "the stages measured, in the order of a call"
    rows = [line for line in lines if line.startswith(("write", "read"))]
    assert [row.split()[:3] for row in rows] == [["write", "1514", "y"], ["read", "4096", "n"]]
    assert rows[0].split("|")[1].split() == ["42.0", "260.0"]
