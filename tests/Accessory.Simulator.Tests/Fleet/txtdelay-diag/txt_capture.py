#!/usr/bin/python3
"""Diagnostic: every frame on an interface carrying a TXT for one instance, with wall-clock time; plus each second
the frame counts and the kernel's per-socket drops of UDP 5353 sockets in this namespace."""
import argparse, json, socket, struct, sys, time
from zeroconf._dns import DNSText, DNSPointer, DNSQuestion
from zeroconf._protocol.incoming import DNSIncoming

def emit(o):
    o["t"] = round(time.time(), 3)
    sys.stdout.write(json.dumps(o, sort_keys=True) + "\n"); sys.stdout.flush()

def payload(frame):
    if frame[12:14] == b"\x08\x00":
        ip = frame[14:]
        if ip[9] != 17: return None
        udp = ip[(ip[0] & 15) * 4:]
    else:
        return None
    if len(udp) < 8 or struct.unpack("!H", udp[2:4])[0] != 5353: return None
    return bytes(udp[8:])

def drops():
    out = []
    for line in open("/proc/net/udp").read().splitlines()[1:]:
        f = line.split()
        if f[1].endswith(":14E9"):
            out.append({"rxq": int(f[4].split(":")[1], 16), "drops": int(f[-1]), "inode": f[9]})
    return out

p = argparse.ArgumentParser()
p.add_argument("--interface", required=True); p.add_argument("--instance", required=True); p.add_argument("--duration", type=float, default=300)
a = p.parse_args()
inst = a.instance.lower()
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024 * 1024)
s.bind((a.interface, 0)); s.settimeout(0.2)
emit({"event": "ready"})
inb = outb = q = qinst = 0
end = time.monotonic() + a.duration; nxt = time.monotonic() + 1
while time.monotonic() < end:
    try:
        frame, addr = s.recvfrom(65535)
    except socket.timeout:
        frame = None
    if frame is not None:
        pl = payload(frame)
        if pl is not None:
            out = addr[2] == socket.PACKET_OUTGOING
            m = DNSIncoming(pl)
            if out: outb += 1
            else: inb += 1
            if m.valid:
                if m.is_query():
                    q += 1
                    if any(x.name.lower() == inst for x in m.questions):
                        qinst += 1
                        emit({"event": "query-for-instance", "out": out, "types": [x.type for x in m.questions if x.name.lower() == inst]})
                for r in m.answers:
                    if isinstance(r, DNSText) and r.name.lower() == inst:
                        emit({"event": "txt", "out": out, "ttl": r.ttl, "response": m.is_response(), "answers": len(m.answers), "text": r.text.decode("latin-1")})
    if time.monotonic() >= nxt:
        emit({"event": "stats", "in": inb, "out": outb, "queries": q, "queries_for_instance": qinst, "sockets": drops()})
        nxt = time.monotonic() + 1
