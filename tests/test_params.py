"""Illegal parameters are refused at elaboration, on both simulators, with a message that names the
parameter, its value and what is allowed; the legal corners of the parameter space elaborate.

Each rule of hdl/nic_shared_ram.v and hdl/nic_legacy.v has a refused case just outside it (and
the corners just inside it elaborate), so weakening or tightening a rule fails a test here.
The simulators' front ends run directly (sim/elaborate.py), without building a model:

* Verilator prints the message itself while elaborating:
  ``nic_shared_ram: DATA_WIDTH = 24 (0x18) is not allowed; allowed: 8, 16, 32, 64 or 128``;
* Icarus names the rule and the value in the scope of its error:
  ``... in `nic_shared_ram.g_bad_data_width.DATA_WIDTH_must_be_8_16_32_64_or_128.value_is[24]...'``
  (with ``limit_is[N]`` where the rule has a limit).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from sim.elaborate import elaborate


@dataclass(frozen=True)
class Refusal:
    """An illegal parameter set and what each simulator must say about it."""

    case: str
    top: str
    params: tuple[tuple[str, int], ...]
    name: str
    value: int
    #: what is allowed, as Verilator's message words it, and the Icarus rule instance
    allowed: str
    rule: str
    limit: int | None = None

    def verilator_text(self) -> str:
        limit = f" {self.limit}" if self.limit is not None else ""
        return f"{self.top}: {self.name} = {self.value} (0x{self.value:x}) is not allowed; allowed: {self.allowed}{limit}"

    def icarus_text(self) -> str:
        limit = f".g_limit.limit_is[{self.limit}]" if self.limit is not None else ""
        return f".{self.rule}.value_is[{self.value}]{limit}"


DW = "8, 16, 32, 64 or 128"
DW_RULE = "DATA_WIDTH_must_be_8_16_32_64_or_128"
RAM_RULE = "RAM_BYTES_must_be_a_power_of_two_of_at_least"
RAM_ALLOWED = "a power of two of at least two bus words (2 * DATA_WIDTH/8):"
WIN_RULE = "WINDOW_BYTES_must_be_a_power_of_two_of_at_least"
WIN_ALLOWED = RAM_ALLOWED

REFUSALS = (
    # nic_shared_ram
    Refusal("data_width_24", "nic_shared_ram", (("DATA_WIDTH", 24),), "DATA_WIDTH", 24, DW, DW_RULE),
    Refusal("data_width_256", "nic_shared_ram", (("DATA_WIDTH", 256),), "DATA_WIDTH", 256, DW, DW_RULE),
    Refusal("ram_bytes_one_word", "nic_shared_ram", (("DATA_WIDTH", 64), ("RAM_BYTES", 8), ("BASE_ADDR", 0)),
            "RAM_BYTES", 8, RAM_ALLOWED, RAM_RULE, 16),
    Refusal("ram_bytes_not_power_of_two", "nic_shared_ram", (("RAM_BYTES", 24576), ("BASE_ADDR", 0)),
            "RAM_BYTES", 24576, RAM_ALLOWED, RAM_RULE, 16),
    Refusal("base_addr_unaligned", "nic_shared_ram", (("RAM_BYTES", 16384), ("BASE_ADDR", 0xD1000)),
            "BASE_ADDR", 0xD1000, "a multiple of RAM_BYTES =", "BASE_ADDR_must_be_a_multiple_of_RAM_BYTES", 16384),
    Refusal("base_addr_off_by_one_byte", "nic_shared_ram", (("RAM_BYTES", 16), ("DATA_WIDTH", 8), ("BASE_ADDR", 17)),
            "BASE_ADDR", 17, "a multiple of RAM_BYTES =", "BASE_ADDR_must_be_a_multiple_of_RAM_BYTES", 16),
    Refusal("addr_width_too_small", "nic_shared_ram", (("RAM_BYTES", 16384), ("ADDR_WIDTH", 14), ("BASE_ADDR", 0)),
            "ADDR_WIDTH", 14, "more than log2(RAM_BYTES), at least", "ADDR_WIDTH_must_be_at_least", 15),
    Refusal("id_width_0", "nic_shared_ram", (("ID_WIDTH", 0),), "ID_WIDTH", 0, "at least 1", "ID_WIDTH_must_be_at_least_1"),
    # nic_legacy
    Refusal("legacy_data_width_12", "nic_legacy", (("DATA_WIDTH", 12),), "DATA_WIDTH", 12, DW, DW_RULE),
    Refusal("legacy_ram_bytes_above_64k", "nic_legacy", (("RAM_BYTES", 131072), ("WINDOW_BYTES", 8192)),
            "RAM_BYTES", 131072, "a power of two of at most", "RAM_BYTES_must_be_a_power_of_two_of_at_most", 65536),
    Refusal("legacy_ram_bytes_not_power_of_two", "nic_legacy", (("RAM_BYTES", 24576), ("WINDOW_BYTES", 8192)),
            "RAM_BYTES", 24576, "a power of two of at most", "RAM_BYTES_must_be_a_power_of_two_of_at_most", 65536),
    Refusal("legacy_window_one_word", "nic_legacy", (("DATA_WIDTH", 16), ("RAM_BYTES", 256), ("WINDOW_BYTES", 2),
                                                     ("BASE_ADDR", 0)),
            "WINDOW_BYTES", 2, WIN_ALLOWED, WIN_RULE, 4),
    Refusal("legacy_window_not_power_of_two", "nic_legacy", (("WINDOW_BYTES", 6144), ("BASE_ADDR", 0)),
            "WINDOW_BYTES", 6144, WIN_ALLOWED, WIN_RULE, 4),
    Refusal("legacy_window_larger_than_ram", "nic_legacy", (("RAM_BYTES", 16384), ("WINDOW_BYTES", 32768),
                                                            ("BASE_ADDR", 0)),
            "WINDOW_BYTES", 32768, "at most RAM_BYTES =", "WINDOW_BYTES_must_be_at_most_RAM_BYTES", 16384),
    Refusal("legacy_window_257_pages", "nic_legacy", (("DATA_WIDTH", 8), ("RAM_BYTES", 16384), ("WINDOW_BYTES", 32),
                                                      ("BASE_ADDR", 0)),
            "WINDOW_BYTES", 32, "at least RAM_BYTES / 256 (256 pages at most) =",
            "WINDOW_BYTES_must_be_at_least_RAM_BYTES_over_256", 64),
    Refusal("legacy_port_base_unaligned", "nic_legacy", (("PORT_BASE", 0x310),), "PORT_BASE", 0x310, "a multiple of",
            "PORT_BASE_must_be_a_multiple_of_32", 32),
    Refusal("legacy_port_base_off_by_one", "nic_legacy", (("PORT_BASE", 0x301),), "PORT_BASE", 0x301, "a multiple of",
            "PORT_BASE_must_be_a_multiple_of_32", 32),
    Refusal("legacy_port_addr_width_5", "nic_legacy", (("PORT_ADDR_WIDTH", 5), ("PORT_BASE", 0)),
            "PORT_ADDR_WIDTH", 5, "at least 6 (the 32 ports are part of a larger I/O space)",
            "PORT_ADDR_WIDTH_must_be_at_least_6"),
    Refusal("legacy_base_addr_unaligned", "nic_legacy", (("WINDOW_BYTES", 8192), ("BASE_ADDR", 0xD1000)),
            "BASE_ADDR", 0xD1000, "a multiple of WINDOW_BYTES =", "BASE_ADDR_must_be_a_multiple_of_WINDOW_BYTES", 8192),
    Refusal("legacy_addr_width_too_small", "nic_legacy", (("WINDOW_BYTES", 8192), ("ADDR_WIDTH", 13), ("BASE_ADDR", 0)),
            "ADDR_WIDTH", 13, "more than log2(WINDOW_BYTES), at least", "ADDR_WIDTH_must_be_at_least", 14),
    Refusal("legacy_id_width_0", "nic_legacy", (("ID_WIDTH", 0),), "ID_WIDTH", 0, "at least 1",
            "ID_WIDTH_must_be_at_least_1"),
)

#: Legal corners, each just inside a rule above: they must elaborate.
CORNERS = (
    ("nic_shared_ram", (("DATA_WIDTH", 8), ("RAM_BYTES", 2), ("BASE_ADDR", 0))),
    ("nic_shared_ram", (("DATA_WIDTH", 128), ("RAM_BYTES", 32), ("BASE_ADDR", 32))),
    ("nic_shared_ram", (("DATA_WIDTH", 16), ("RAM_BYTES", 16384), ("ADDR_WIDTH", 15), ("BASE_ADDR", 16384))),
    ("nic_shared_ram", (("DATA_WIDTH", 32), ("ADDR_WIDTH", 64), ("ID_WIDTH", 1))),
    ("nic_shared_ram", (("DATA_WIDTH", 64), ("RAM_BYTES", 16), ("BASE_ADDR", 16))),
    ("nic_legacy", (("DATA_WIDTH", 8), ("RAM_BYTES", 65536), ("WINDOW_BYTES", 256), ("BASE_ADDR", 0))),
    ("nic_legacy", (("DATA_WIDTH", 128), ("RAM_BYTES", 32), ("WINDOW_BYTES", 32), ("BASE_ADDR", 32))),
    ("nic_legacy", (("WINDOW_BYTES", 8192), ("ADDR_WIDTH", 14), ("BASE_ADDR", 8192), ("ID_WIDTH", 1))),
    ("nic_legacy", (("PORT_ADDR_WIDTH", 6), ("PORT_BASE", 32))),
    ("nic_legacy", (("DATA_WIDTH", 32), ("RAM_BYTES", 16384), ("WINDOW_BYTES", 16384), ("BASE_ADDR", 0))),
)


@pytest.mark.parametrize("refusal", REFUSALS, ids=lambda r: r.case)
def test_illegal_parameter_is_refused_naming_it_its_value_and_what_is_allowed(sim: str, refusal: Refusal) -> None:
    result = elaborate(sim, refusal.top, dict(refusal.params))
    assert not result.ok, f"elaboration should have failed:\n{result.describe()}"
    expected = refusal.verilator_text() if sim == "verilator" else refusal.icarus_text()
    assert expected in result.output, f"the message should contain {expected!r}:\n{result.describe()}"


@pytest.mark.parametrize("top, params", CORNERS, ids=lambda v: "-".join(f"{k}{x}" for k, x in v) if isinstance(v, tuple) else v)
def test_legal_corner_elaborates(sim: str, top: str, params: tuple[tuple[str, int], ...]) -> None:
    result = elaborate(sim, top, dict(params))
    assert result.ok, f"a legal configuration was refused:\n{result.describe()}"
    assert "not allowed" not in result.output, result.describe()
