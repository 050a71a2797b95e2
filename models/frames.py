"""Real Ethernet frames for the scenarios, built with scapy (Ethernet II / IPv4 / UDP)."""

from __future__ import annotations

import logging
import random

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)

from scapy.layers.inet import IP, UDP  # noqa: E402
from scapy.layers.l2 import Ether  # noqa: E402
from scapy.packet import Raw  # noqa: E402

HEADERS = 14 + 20 + 8
#: Station address with the Western Digital / SMC OUI the WD8003 family carried.
STATION = "00:00:c0:12:34:56"


def udp_frame(length: int = 1514, seed: int = 0) -> bytes:
    """An Ethernet II frame of ``length`` bytes (no FCS: the NIC appends it) carrying a UDP datagram
    with a seeded random payload; the IPv4 and UDP checksums are real."""
    if not HEADERS <= length <= 1514:
        raise ValueError(f"frame length {length} is outside {HEADERS}..1514 (headers to maximum, FCS excluded)")
    payload = random.Random(seed).randbytes(length - HEADERS)
    frame = Ether(dst="01:00:5e:00:00:fb", src=STATION) / IP(src="192.0.2.1", dst="224.0.0.251") / UDP(sport=5353, dport=5353) / Raw(payload)
    return bytes(frame)
