"""The Wishbone and Avalon-MM coverage bins: what a burst is counted as, and merging of run files."""

from __future__ import annotations

from models.avalon import AvBurstRecord
from models.bus_coverage import BusCoverage, avalon_bins, merge, report, summary, wishbone_bins
from models.wishbone import WbTransfer


def wb(we: int, n: int, cti: int = 0b010, bte: int = 0, sel: int = 0xF, err: bool = False, stalled: bool = False,
       classic: bool = False):
    last = 0b111 if n > 1 or cti != 0 else 0
    return [WbTransfer(we, 0x100 + 4 * i, sel, cti if i < n - 1 else last, bte, err, stalled, n, 0.0, classic)
            for i in range(n)]


def test_wishbone_bursts_land_in_their_bins(tmp_path) -> None:
    cov = BusCoverage("wishbone", 4)
    cov.sample(wb(1, 256))
    cov.sample(wb(0, 4, bte=1, stalled=True))
    cov.sample(wb(1, 1, cti=0, sel=0))
    cov.sample(wb(0, 1, cti=0b111, err=True))
    assert cov.hits["kind x length"] == {"write incr-linear 256": 1, "read wrap4 2-15": 1, "write classic 1": 1,
                                         "read single 1": 1}
    assert cov.hits["sel shape"] == {"write burst full": 1, "write single none": 1}
    assert cov.hits["response"]["read ERR"] == 1 and cov.hits["stalls"]["read yes"] == 1
    assert not cov.hits["standard mode"], "pipelined bursts are not standard-mode bursts"
    path = tmp_path / "bus-coverage.json"
    cov.save(path)
    cov.sample(wb(1, 256))
    cov.save(path)
    total = merge([path, path])
    assert total["wishbone"]["dw32"]["hits"]["kind x length"]["write incr-linear 256"] == 4
    s = summary(total)["wishbone"]["dw32"]["crosses"]["kind x length"]
    assert s["total"] == len(wishbone_bins()["kind x length"]) and "read incr-linear 16" in s["holes"]
    assert "hole: kind x length: read incr-linear 16" in report(total)


def test_standard_mode_bursts_land_in_their_own_cross_too() -> None:
    cov = BusCoverage("wishbone", 4)
    cov.sample(wb(1, 16, classic=True))
    cov.sample(wb(0, 8, bte=2, classic=True))
    cov.sample(wb(1, 1, cti=0, classic=True))
    assert cov.hits["standard mode"] == {"write incr-linear 16": 1, "read wrap8 2-15": 1, "write classic 1": 1}
    assert cov.hits["kind x length"] == cov.hits["standard mode"]


def test_avalon_bursts_land_in_their_bins() -> None:
    cov = BusCoverage("avalon", 8, 64)
    cov.sample(AvBurstRecord(True, 0x100, 64, (0xFF,) * 64, 0, False, 0.0))
    cov.sample(AvBurstRecord(True, 0x100, 1, (0x0F,), 3, True, 0.0))
    cov.sample(AvBurstRecord(False, 0x100, 20, (0xFF,), 2, True, 0.0))
    assert cov.hits["burstcount"] == {"write 64": 1, "write 1": 1, "read 16-63": 1}
    assert cov.hits["byteenable shape"] == {"write burst full": 1, "write single partial": 1}
    assert cov.hits["response"] == {"write OKAY": 1, "write DECODEERROR": 1, "read SLVERR": 1}
    assert cov.key == "dw64-max64"
    assert avalon_bins(16)["burstcount"] == ["write 1", "write 2-15", "write 16", "read 1", "read 2-15", "read 16"]
