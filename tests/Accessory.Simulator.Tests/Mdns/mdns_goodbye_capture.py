#!/usr/bin/python3
"""Count the mDNS goodbye PTRs (TTL 0) for one service type that reach an interface, as JSON lines.

Run by the tests inside the "phone" namespace (ip netns exec ... /usr/bin/python3 mdns_goodbye_capture.py ...).
It reads every frame on the interface with a packet socket (before any UDP socket buffer, so a client that drops
datagrams does not hide what arrived) and parses each mDNS packet with python3-zeroconf's own parser:
  {"event": "ready"}
  {"event": "goodbye", "instance": ...}     the first TTL-0 PTR for an instance of the type (IPv4 or IPv6)
  {"event": "stats", "frames": N, "goodbye_packets": N, "instances": N, "invalid": N}   every second while it runs
"""
import argparse
import json
import socket
import struct
import sys
import time

from zeroconf._dns import DNSPointer
from zeroconf._protocol.incoming import DNSIncoming

ETH_P_ALL = 3


def emit(obj):
    sys.stdout.write(json.dumps(obj, sort_keys=True) + "\n")
    sys.stdout.flush()


def mdns_payload(frame):
    """The UDP payload of an IPv4 or IPv6 frame to or from port 5353, else None."""
    ethertype = frame[12:14]
    if ethertype == b"\x08\x00":
        ip = frame[14:]
        if ip[9] != 17:
            return None
        udp = ip[(ip[0] & 15) * 4:]
    elif ethertype == b"\x86\xdd":
        ip = frame[14:]
        # Extension headers are not used by mDNS senders here; anything else is skipped.
        if ip[6] != 17:
            return None
        udp = ip[40:]
    else:
        return None
    if len(udp) < 8 or struct.unpack("!H", udp[2:4])[0] != 5353:
        return None
    return bytes(udp[8:])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--interface", required=True)
    parser.add_argument("--type", required=True, help="service type, e.g. _accessory._tcp.local.")
    parser.add_argument("--duration", type=float, default=60.0)
    args = parser.parse_args()
    service_type = (args.type if args.type.endswith(".") else args.type + ".").lower()

    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32 * 1024 * 1024)
    sock.bind((args.interface, 0))
    sock.settimeout(0.2)
    emit({"event": "ready"})
    seen = set()
    frames = goodbye_packets = invalid = 0
    end = time.monotonic() + args.duration
    next_stats = time.monotonic() + 1
    while time.monotonic() < end:
        try:
            frame, address = sock.recvfrom(65535)
        except socket.timeout:
            frame = None
        if frame is not None and address[2] != socket.PACKET_OUTGOING:
            payload = mdns_payload(frame)
            if payload is not None:
                frames += 1
                message = DNSIncoming(payload)
                if not message.valid:
                    invalid += 1
                else:
                    found = False
                    for record in message.answers:
                        if isinstance(record, DNSPointer) and record.ttl == 0 and record.name.lower() == service_type:
                            found = True
                            if record.alias not in seen:
                                seen.add(record.alias)
                                emit({"event": "goodbye", "instance": record.alias})
                    goodbye_packets += 1 if found else 0
        if time.monotonic() >= next_stats:
            emit({"event": "stats", "frames": frames, "goodbye_packets": goodbye_packets, "instances": len(seen), "invalid": invalid})
            next_stats = time.monotonic() + 1


if __name__ == "__main__":
    main()
