#!/usr/bin/python3
"""Browse one DNS-SD service type with python3-zeroconf and print what happens as JSON lines.

Run by the tests inside the "phone" network namespace (ip netns exec ... /usr/bin/python3 zeroconf_browse.py ...).
One JSON object per line on stdout, flushed at once:
  {"event": "ready"}                                    browsing started
  {"event": "added"|"updated", "instance": ..., "type": ..., "host": ..., "port": ...,
   "txt": {key: value-or-null}, "addresses": [...]}    resolved instance (updated = TXT/SRV/address change)
  {"event": "unresolved", "instance": ...}              seen in a PTR answer but SRV/TXT never came
  {"event": "removed", "instance": ...}                 goodbye (TTL 0) or expiry
  {"event": "done"}                                     the duration ran out
Every line has "t", the wall-clock time it was printed (time.time(), Unix seconds, as a test's DateTimeOffset.UtcNow); added,
updated and unresolved lines also have "notified", when zeroconf's browser reported the change, before the
resolution that fills in the rest: so a failure's transcript shows when each change reached the client.
"""
import argparse
import json
import sys
import threading
import time

from zeroconf import IPVersion, ServiceBrowser, ServiceStateChange, Zeroconf


def emit(obj):
    obj["t"] = round(time.time(), 3)
    sys.stdout.write(json.dumps(obj, sort_keys=True) + "\n")
    sys.stdout.flush()


def describe(info, state):
    txt = {}
    for key, value in (info.properties or {}).items():
        name = key.decode("utf-8", "replace") if isinstance(key, bytes) else str(key)
        txt[name] = None if value is None else value.decode("utf-8", "replace")
    return {
        "event": state,
        "instance": info.name,
        "type": info.type,
        "host": info.server,
        "port": info.port,
        "txt": txt,
        "addresses": sorted(info.parsed_scoped_addresses()),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--type", required=True, help="service type, e.g. _http._tcp.local.")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds to browse before printing done")
    parser.add_argument("--resolve-timeout", type=float, default=3.0, help="seconds to wait for SRV/TXT/A of one instance")
    parser.add_argument("--ip", choices=["v4", "v6", "all"], default="v4")
    args = parser.parse_args()
    service_type = args.type if args.type.endswith(".") else args.type + "."
    version = {"v4": IPVersion.V4Only, "v6": IPVersion.V6Only, "all": IPVersion.All}[args.ip]

    zc = Zeroconf(ip_version=version)
    lock = threading.Lock()

    def resolve(name, state, notified):
        info = zc.get_service_info(service_type, name, timeout=int(args.resolve_timeout * 1000))
        with lock:
            if info is None:
                emit({"event": "unresolved", "instance": name, "notified": notified})
            else:
                event = describe(info, state)
                event["notified"] = notified
                emit(event)

    def on_change(zeroconf, service_type, name, state_change):
        if state_change is ServiceStateChange.Removed:
            with lock:
                emit({"event": "removed", "instance": name})
            return
        state = "added" if state_change is ServiceStateChange.Added else "updated"
        # Resolution blocks; the browser's callback thread must not.
        threading.Thread(target=resolve, args=(name, state, round(time.time(), 3)), daemon=True).start()

    browser = ServiceBrowser(zc, service_type, handlers=[on_change])
    emit({"event": "ready"})
    try:
        time.sleep(args.duration)
    finally:
        browser.cancel()
        with lock:
            emit({"event": "done"})
        zc.close()


if __name__ == "__main__":
    main()
