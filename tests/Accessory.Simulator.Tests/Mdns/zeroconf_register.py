#!/usr/bin/python3
"""Registers one DNS-SD service with python3-zeroconf: a known-good responder to check the test harness against.

Prints {"event": "registered"} once announced; then reads commands from stdin, one per line:
  txt key=value ...   replace the TXT record (announced as an update)
  quit                unregister (goodbye packets) and exit
"""
import argparse
import json
import socket
import sys

from zeroconf import IPVersion, ServiceInfo, Zeroconf


def emit(obj):
    sys.stdout.write(json.dumps(obj, sort_keys=True) + "\n")
    sys.stdout.flush()


def parse_txt(pairs):
    txt = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        txt[key] = value
    return txt


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--type", required=True)
    parser.add_argument("--name", required=True, help="instance label, e.g. 'Lamp 1'")
    parser.add_argument("--host", required=True, help="host name, e.g. lamp-1.local.")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--address", action="append", default=[], help="IPv4 address to publish (repeatable)")
    parser.add_argument("txt", nargs="*", help="key=value TXT entries")
    args = parser.parse_args()
    service_type = args.type if args.type.endswith(".") else args.type + "."

    def info_with(txt):
        return ServiceInfo(
            service_type,
            args.name + "." + service_type,
            addresses=[socket.inet_aton(a) for a in args.address],
            port=args.port,
            properties=txt,
            server=args.host,
        )

    zc = Zeroconf(ip_version=IPVersion.V4Only)
    info = info_with(parse_txt(args.txt))
    zc.register_service(info)
    emit({"event": "registered"})
    try:
        for line in sys.stdin:
            words = line.split()
            if not words:
                continue
            if words[0] == "quit":
                break
            if words[0] == "txt":
                info = info_with(parse_txt(words[1:]))
                zc.update_service(info)
                emit({"event": "updated"})
    finally:
        zc.unregister_service(info)
        zc.close()
        emit({"event": "unregistered"})


if __name__ == "__main__":
    main()
