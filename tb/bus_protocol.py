"""A passive protocol monitor for the Wishbone and Avalon-MM ports, like :mod:`tb.protocol` for AXI.

:class:`BusProtocolChecker` samples a port at every rising clock edge (the values the slave saw at
that edge), turns the pins into the sample a pure rule engine takes (:class:`models.wishbone.WishboneRules`,
:class:`models.avalon.AvalonRules`) and fails the test at the first broken rule: its task raises
:class:`BusProtocolViolation`, and cocotb fails a test whose background task raised. A test that
breaks the protocol on purpose says so with ``with checker.expect("rule-3.25-cyc"): ...``; the named
rules are then recorded instead of raised, and must have fired by the end of the block.
"""

from __future__ import annotations

import logging
import os
from typing import Any, Callable, Mapping, Sequence

import cocotb
from cocotb.handle import SimHandleBase
from cocotb.simtime import get_sim_time
from cocotb.triggers import RisingEdge

from tb.protocol import ProtocolVerdicts, RecordedVerdicts


class BusProtocolViolation(AssertionError):
    """The port broke a protocol rule the test did not declare as expected."""

    def __init__(self, bus: str, violations: Sequence[Any]) -> None:
        self.violations = list(violations)
        super().__init__(f"{bus} protocol violation: " + "; ".join(str(v) for v in violations))


def int_reader(handle: SimHandleBase) -> Callable[[], int | None]:
    """A reader of a signal as an int, or None when any bit is X or Z."""
    raw = getattr(handle, "_handle", None)
    getter = getattr(raw, "get_signal_val_binstr", None)
    if getter is None:
        def getter() -> str:
            return str(handle.value)

    def read() -> int | None:
        bits = getter()
        return int(bits, 2) if bits.isdigit() else None

    return read


class BusProtocolChecker(ProtocolVerdicts):
    """Watch a port at every rising edge of ``clock`` and feed ``rules`` one sample per edge.

    ``sample`` builds the rules' sample from the pins (see :func:`int_reader`); ``rules`` has
    ``step(time_ns, sample)``, ``new``/``take_new()``, ``violations`` and ``listeners``; ``names``
    are the rule names :meth:`expect` accepts. Its verdicts and ``expect`` are :class:`tb.protocol.ProtocolVerdicts`'s."""

    def __init__(
        self,
        bus: str,
        clock: SimHandleBase,
        rules: Any,
        sample: Callable[[], Any],
        names: Mapping[str, str],
        *,
        raise_on_violation: bool = True,
        log: logging.Logger | None = None,
    ) -> None:
        self.bus = bus
        self.clock = clock
        self._sample = sample
        self._init_verdicts(bus, rules, names, lambda bad: BusProtocolViolation(bus, bad), raise_on_violation,
                            log or logging.getLogger(f"cocotb.tb.{bus.lower()}_protocol"))

    def start(self) -> "BusProtocolChecker":
        if self._task is None:
            self._task = cocotb.start_soon(self._run(), name=f"{self.bus} protocol checker")
        return self

    async def _run(self) -> None:
        edge = RisingEdge(self.clock)
        last = period = None
        try:
            while True:
                await edge
                now = get_sim_time("ns")
                if last is not None:
                    period = now - last
                last = now
                self.rules.step(now, self._sample())
                if self.rules.new:
                    self._report(self.rules.take_new())
        finally:
            # A test that ends on a rising edge may end before this task saw that edge: judge it
            # now (the values are still those of the edge), so its last answer is not lost.
            try:
                now = get_sim_time("ns")
                if period is not None and now == last + period and self.clock.value == 1:
                    self.rules.step(now, self._sample())
                    if self.rules.new:
                        self._report(self.rules.take_new())
            finally:
                for callback in self._on_stop:
                    callback()


def _hex_or_none(text: str) -> int | None:
    """A recorder field: hex digits, or None when it shows X or Z bits."""
    try:
        return int(text, 16)
    except ValueError:
        return None


class RecordedBusChecker(RecordedVerdicts, BusProtocolChecker):
    """The same rules, verdicts and coverage as :class:`BusProtocolChecker`, for a port that the
    engine wrapper's recorder watches (``wb_fast_top``, ``avmm_fast_top``: under the clock made in
    Verilog, where a Python sampler would see post-edge values, and no Python wakes per clock).

    The recorder writes one line per rising edge; :meth:`poll` (:class:`tb.protocol.RecordedVerdicts`:
    ``enable`` is the wrapper's ``x_log_en``, the fast engines poll in ``after_call``) hands the
    lines written since the last poll to the rules (``parse`` turns a line's fields after the time
    into the rules' sample) and raises :class:`BusProtocolViolation` on an unexpected violation."""

    violation_type = BusProtocolViolation

    def __init__(
        self,
        bus: str,
        enable: SimHandleBase,
        path: str,
        rules: Any,
        parse: Callable[[list[int | None]], Any],
        names: Mapping[str, str],
        *,
        raise_on_violation: bool = True,
        log: logging.Logger | None = None,
    ) -> None:
        super().__init__(bus, enable, rules, lambda: None, names, raise_on_violation=raise_on_violation, log=log)
        self.enable = enable
        self.path = os.path.abspath(path)
        self._parse = parse
        self._offset = 0
        self._partial = ""

    def _open_log(self) -> None:
        if self.enable.value == 0:
            # the recorder starts the file at its first enabled edge: an older file is not this run's
            if os.path.exists(self.path):
                os.remove(self.path)
            self._offset = 0
        else:  # an earlier test of this run switched it on: its lines are not this test's traffic
            self._offset = os.path.getsize(self.path) if os.path.exists(self.path) else 0

    def _read_log(self) -> None:
        if not os.path.exists(self.path):
            return
        if os.path.getsize(self.path) < self._offset:  # the recorder started the file again
            self._offset, self._partial = 0, ""
        with open(self.path) as f:
            f.seek(self._offset)
            text = self._partial + f.read()
            self._offset = f.tell()
        lines = text.split("\n")
        self._partial = lines.pop()  # an unfinished line waits for the next poll
        for line in lines:  # every line first: a verdict raised halfway would lose the rest
            fields = line.split()
            self.rules.step(int(fields[0]), self._parse([_hex_or_none(x) for x in fields[1:]]))
