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
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Mapping, Sequence

import cocotb
from cocotb.handle import SimHandleBase
from cocotb.simtime import get_sim_time
from cocotb.task import Task
from cocotb.triggers import RisingEdge


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


class BusProtocolChecker:
    """Watch a port at every rising edge of ``clock`` and feed ``rules`` one sample per edge.

    ``sample`` builds the rules' sample from the pins (see :func:`int_reader`); ``rules`` has
    ``step(time_ns, sample)``, ``new``/``take_new()``, ``violations`` and ``listeners``; ``names``
    are the rule names :meth:`expect` accepts."""

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
        self.rules = rules
        self._sample = sample
        self.names = names
        self.raise_on_violation = raise_on_violation
        self.log = log or logging.getLogger(f"cocotb.tb.{bus.lower()}_protocol")
        self._expected: list[frozenset[str]] = []
        self.expected_seen: list[Any] = []
        self.unexpected: list[Any] = []
        self._on_stop: list[Callable[[], None]] = []
        self._task: Task | None = None

    @property
    def violations(self) -> list[Any]:
        return self.rules.violations

    def add_listener(self, listener: Callable[[Any], None]) -> None:
        self.rules.listeners.append(listener)

    def on_stop(self, callback: Callable[[], None]) -> None:
        self._on_stop.append(callback)

    def start(self) -> "BusProtocolChecker":
        if self._task is None:
            self._task = cocotb.start_soon(self._run(), name=f"{self.bus} protocol checker")
        return self

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    @contextmanager
    def expect(self, *rules: str) -> Iterator[None]:
        """Allow violations of ``rules`` inside the block; each must have fired when it ends."""
        unknown = [r for r in rules if r not in self.names]
        if unknown or not rules:
            raise ValueError(f"unknown {self.bus} rule(s) {unknown or '(none given)'}; allowed: {', '.join(self.names)}")
        allowed = frozenset(rules)
        before = len(self.expected_seen)
        self._expected.append(allowed)
        failed = False
        try:
            yield
        except BaseException:
            failed = True
            raise
        finally:
            self._expected.remove(allowed)
            if not failed:
                seen = {v.rule for v in self.expected_seen[before:]}
                missing = sorted(allowed - seen)
                if missing:
                    raise AssertionError(
                        f"expected {self.bus} protocol violation(s) {', '.join(missing)} did not occur "
                        f"(seen: {', '.join(sorted(seen)) or 'none'})"
                    )

    def _report(self, new: list[Any]) -> None:
        bad = []
        for v in new:
            if any(v.rule in allowed for allowed in self._expected):
                self.expected_seen.append(v)
                self.log.info("expected %s protocol violation: %s", self.bus, v)
            else:
                self.unexpected.append(v)
                self.log.error("%s protocol violation: %s", self.bus, v)
                bad.append(v)
        if bad and self.raise_on_violation:
            raise BusProtocolViolation(self.bus, bad)

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
