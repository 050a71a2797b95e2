"""The legacy NIC (``nic_legacy``) from the host's side: port I/O, the NDIS port and register calls,
the port path of the immediate shared-memory calls, and the driver idioms of real miniports.

One module per role:

* :mod:`tb.legacy.axi_lite` -- :class:`AxiLiteMaster`, the pin-level AXI4-Lite master for the
  register port (``s_axil_*``).
* :mod:`tb.legacy.ports` -- :class:`LitePorts`, I/O port accesses (``in``/``out`` of 1, 2 or 4
  bytes) over that master, optionally checked access by access against
  :class:`~models.legacy.LegacyNicModel`.
* :mod:`tb.legacy.window` -- :class:`CheckedWindow`, the memory window as a bus engine checked
  burst by burst against the same model.
* :mod:`tb.legacy.host` -- :class:`LegacyNdisHost`, :class:`~tb.ndis.NdisHost` plus the NDIS port
  and register calls and ``NdisMQueryAdapterResources``; when translation puts device memory in
  I/O space its immediate shared-memory calls copy by NE2000-style remote DMA through the
  adapter's port range.
* :mod:`tb.legacy.remote_dma` -- :class:`RemoteDma`, that remote-DMA sequence, on the NDIS raw
  port calls.
* :mod:`tb.legacy.driver` -- :class:`LegacyDriver`, what miniports for such cards did: SMC Ultra's
  enable-copy-disable around a window copy, 3c503's bank switch for a transmit copy and back,
  NE2000's transmit through the data port.
* :mod:`tb.legacy.env` -- :class:`LegacyEnv`, the cocotb environment around ``nic_legacy``.

Only ``axi_lite`` and ``env`` import cocotb; the host, remote DMA, driver, port layer and window
run on any bus engine (the unit tests drive them over the model).

The port and register calls keep the NDIS argument orders; OUT parameters are
:class:`~tb.ndis.Out`.  Argument checks are verifier rules (:data:`models.verifier.PORT_RULES`):
with the verifier on a bad argument raises :class:`~models.verifier.NdisVerifierError` before any
bus cycle; with it off the call returns silently (an OUT parameter keeps its value) and the
failure is recorded, as for the shared-memory calls.  A bus error response raises
:class:`~tb.ndis.BusError`.
"""

from __future__ import annotations
