#!/usr/bin/python3
"""The phone side of the QA runner's discover step: python3-zeroconf browsing one DNS-SD service type.

The runner starts it inside the scenario's phone namespace (never on the machine's own interfaces) and reads one JSON
object per line from stdout:
  {"event": "ready"}                                        the browser runs
  {"event": "added"|"updated", "instance", "host", "port",
   "txt": {key: value or null}, "addresses": [...]}         an instance resolved (updated: its records changed)
  {"event": "unresolved", "instance"}                       a PTR answer whose SRV/TXT never came
  {"event": "removed", "instance"}                          goodbye or expiry
  {"event": "done"}                                         --duration ran out
"""
import argparse
import json
import sys
import threading
import time

from zeroconf import IPVersion, ServiceBrowser, ServiceStateChange, Zeroconf

_out = threading.Lock()


def emit(obj):
    with _out:
        sys.stdout.write(json.dumps(obj, sort_keys=True) + "\n")
        sys.stdout.flush()


def text(value):
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--type", required=True)
    parser.add_argument("--duration", type=float, required=True)
    args = parser.parse_args()
    service_type = args.type if args.type.endswith(".") else args.type + "."
    zc = Zeroconf(ip_version=IPVersion.V4Only)

    def resolve(name, kind):
        # A resolution waits on the network; the browser's own thread must stay free.
        info = zc.get_service_info(service_type, name, timeout=3000)
        if info is None:
            emit({"event": "unresolved", "instance": name})
            return
        txt = {text(k): (None if v is None else text(v)) for k, v in (info.properties or {}).items()}
        emit({"event": kind, "instance": info.name, "host": info.server, "port": info.port,
              "txt": txt, "addresses": sorted(info.parsed_scoped_addresses())})

    def changed(zeroconf, service_type, name, state_change):
        if state_change is ServiceStateChange.Removed:
            emit({"event": "removed", "instance": name})
            return
        kind = "added" if state_change is ServiceStateChange.Added else "updated"
        threading.Thread(target=resolve, args=(name, kind), daemon=True).start()

    browser = ServiceBrowser(zc, service_type, handlers=[changed])
    emit({"event": "ready"})
    try:
        time.sleep(args.duration)
    finally:
        browser.cancel()
        emit({"event": "done"})
        zc.close()


if __name__ == "__main__":
    main()
