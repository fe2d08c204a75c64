#!/usr/bin/python3
"""Provision an Accessory simulator (or any ESP-IDF wifi_provisioning device) over HTTP ("softap").

Written from the wire format documented in docs/provisioning.md only: hand-rolled protobuf, the security
schemes sec0/sec1/sec2, and the prov-scan/prov-config endpoints. Needs Debian's python3-cryptography for sec1/sec2.

  /usr/bin/python3 docs/examples/provision.py --host 127.0.0.1:8080 --sec 2 --password s3cret-pass \
      --scan --ssid HomeNetwork --passphrase 'correct horse battery'

With --token-file PATH it also fetches the device's local API access token over the encrypted session (the
"api-token" endpoint) and saves it 0600; then, e.g.:
  curl --cacert device.pem -H "Authorization: Bearer $(cat PATH)" https://lamp.local:8443/api/v1/state

Prints one JSON object per step on stdout, so scripts and tests can read what happened. Exit code 0 when the
device reports Connected, 3 when it reports ConnectionFailed, 2 on a protocol or transport error.
"""
import argparse
import hashlib
import http.client
import json
import os
import sys
import time

# ---------------------------------------------------------------- protobuf wire format (proto3)

def varint(n):
    n &= (1 << 64) - 1
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def field_varint(num, value):
    return varint(num << 3) + varint(value) if value else b""


def field_bytes(num, value, always=False):
    if not value and not always:
        return b""
    return varint((num << 3) | 2) + varint(len(value)) + value


def parse(data):
    """Returns {field: [values]}; varints as int, length-delimited as bytes."""
    fields, i = {}, 0
    while i < len(data):
        key, i = read_varint(data, i)
        num, wire = key >> 3, key & 7
        if wire == 0:
            value, i = read_varint(data, i)
        elif wire == 2:
            length, i = read_varint(data, i)
            value, i = data[i:i + length], i + length
        elif wire == 5:
            value, i = data[i:i + 4], i + 4
        elif wire == 1:
            value, i = data[i:i + 8], i + 8
        else:
            raise ValueError("unsupported wire type %d" % wire)
        fields.setdefault(num, []).append(value)
    return fields


def read_varint(data, i):
    shift = result = 0
    while True:
        b = data[i]
        i += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, i
        shift += 7


def one(fields, num, default=None):
    return fields.get(num, [default])[0]

# ---------------------------------------------------------------- transport

class Transport:
    """POST /<endpoint> on one kept-alive connection, carrying the session cookie."""

    def __init__(self, host):
        self.conn = http.client.HTTPConnection(host, timeout=30)
        self.cookie = None

    def post(self, endpoint, body):
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/plain"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        self.conn.request("POST", "/" + endpoint, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";")[0]
        if response.status != 200:
            raise RuntimeError("%s: HTTP %d %s" % (endpoint, response.status, data[:200]))
        return data

# ---------------------------------------------------------------- security schemes

def refused_means(exchange, hint):
    """Runs the proof step of a handshake. A device that rejects the proof answers nothing and closes the socket (as
    ESP-IDF's httpd does on a handler error), so a dropped connection here almost always means a wrong secret."""
    try:
        return exchange()
    except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError, http.client.IncompleteRead) as e:
        raise RuntimeError("session refused: %s (the device closed the connection at the proof: %s)" % (hint, type(e).__name__))


class Sec0:
    def handshake(self, t):
        request = field_varint(2, 0) + field_bytes(10, field_varint(1, 0) + field_bytes(20, b"", always=True), always=True)
        reply = parse(t.post("prov-session", request))
        status = one(parse(one(parse(one(reply, 10, b"")), 21, b"")), 1, 0)
        if status != 0:
            raise RuntimeError("sec0 session refused, status %d" % status)

    def encrypt(self, data):
        return data

    decrypt = encrypt


class Sec1:
    def __init__(self, pop):
        self.pop = pop

    def handshake(self, t):
        from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
        private = X25519PrivateKey.generate()
        raw = serialization.Encoding.Raw
        client_pub = private.public_key().public_bytes(raw, serialization.PublicFormat.Raw)
        cmd0 = field_varint(1, 0) + field_bytes(20, field_bytes(1, client_pub), always=True)
        resp0 = self._exchange(t, cmd0, 21)
        if one(resp0, 1, 0) != 0:
            raise RuntimeError("sec1 Resp0 status %d" % one(resp0, 1, 0))
        device_pub, device_random = one(resp0, 2), one(resp0, 3)
        shared = private.exchange(X25519PublicKey.from_public_bytes(device_pub))
        if self.pop:
            digest = hashlib.sha256(self.pop.encode()).digest()
            shared = bytes(a ^ b for a, b in zip(shared, digest))
        # One keystream for the whole session, both directions, consumed in order.
        self.stream = Cipher(algorithms.AES(shared), modes.CTR(device_random)).encryptor()
        cmd1 = field_varint(1, 2) + field_bytes(22, field_bytes(2, self.stream.update(device_pub)), always=True)
        resp1 = refused_means(lambda: self._exchange(t, cmd1, 23), "wrong proof of possession (--pop)?")
        if one(resp1, 1, 0) != 0:
            raise RuntimeError("sec1 Resp1 status %d (wrong proof of possession?)" % one(resp1, 1, 0))
        if self.stream.update(one(resp1, 3, b"")) != client_pub:
            raise RuntimeError("sec1: device verify data does not match (wrong proof of possession?)")

    @staticmethod
    def _exchange(t, payload, expect):
        reply = parse(t.post("prov-session", field_varint(2, 1) + field_bytes(11, payload, always=True)))
        return parse(one(parse(one(reply, 11, b"")), expect, b""))

    def encrypt(self, data):
        return self.stream.update(data)

    decrypt = encrypt


N_3072 = int(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF", 16)
G = 5
N_LEN = 384


def be(n, length=None):
    length = length or max(1, (n.bit_length() + 7) // 8)
    return n.to_bytes(length, "big")


def h(*parts):
    digest = hashlib.sha512()
    for p in parts:
        digest.update(p)
    return digest.digest()


class Sec2:
    def __init__(self, username, password):
        self.username, self.password = username, password

    def handshake(self, t):
        a = int.from_bytes(os.urandom(32), "big")
        A = be(pow(G, a, N_3072), N_LEN)
        cmd0 = field_varint(1, 0) + field_bytes(20, field_bytes(1, self.username.encode()) + field_bytes(2, A), always=True)
        resp0 = self._exchange(t, cmd0, 21)
        if one(resp0, 1, 0) != 0:
            raise RuntimeError("sec2 Resp0 status %d" % one(resp0, 1, 0))
        B_bytes, salt = one(resp0, 2), one(resp0, 3)
        B = int.from_bytes(B_bytes, "big")
        k = int.from_bytes(h(be(N_3072), be(G, N_LEN)), "big")
        u = int.from_bytes(h(be(int.from_bytes(A, "big"), N_LEN), be(B, N_LEN)), "big")
        x = int.from_bytes(h(salt, h(self.username.encode(), b":", self.password.encode())), "big")
        S = pow((B - k * pow(G, x, N_3072)) % N_3072, a + u * x, N_3072)
        K = h(be(S))
        hn, hg = h(be(N_3072)), h(be(G, N_LEN))
        M = h(bytes(p ^ q for p, q in zip(hn, hg)), h(self.username.encode()), salt, A, B_bytes, K)
        resp1 = refused_means(lambda: self._exchange(t, field_varint(1, 2) + field_bytes(22, field_bytes(1, M), always=True), 23),
                              "wrong username or password?")
        if one(resp1, 1, 0) != 0:
            raise RuntimeError("sec2 Resp1 status %d (wrong username or password?)" % one(resp1, 1, 0))
        if one(resp1, 2, b"") != h(A, M, K):
            raise RuntimeError("sec2: device proof does not verify")
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
        self.aead = AESGCM(K[:32])
        self.nonce = one(resp1, 3)
        self.patch = 0

    def use_patch(self, patch):
        # patch 1: device_nonce is 8 random bytes + a 32-bit big-endian counter (1 at start); the counter goes up
        # after every encrypt and every decrypt, one counter for both directions. patch 0: device_nonce unchanged.
        self.patch = patch
        self.counter = int.from_bytes(self.nonce[8:12], "big")

    def _next_nonce(self):
        if self.patch == 0:
            return self.nonce
        nonce = self.nonce[:8] + self.counter.to_bytes(4, "big")
        self.counter += 1
        return nonce

    def encrypt(self, data):
        return self.aead.encrypt(self._next_nonce(), data, None)

    def decrypt(self, data):
        return self.aead.decrypt(self._next_nonce(), data, None)

    @staticmethod
    def _exchange(t, payload, expect):
        reply = parse(t.post("prov-session", field_varint(2, 2) + field_bytes(12, payload, always=True)))
        return parse(one(parse(one(reply, 12, b"")), expect, b""))

# ---------------------------------------------------------------- endpoints

def call_raw(t, sec, endpoint, payload):
    """An encrypted exchange whose answer is not protobuf (custom endpoints such as api-token)."""
    return sec.decrypt(t.post(endpoint, sec.encrypt(payload)))


def call(t, sec, endpoint, payload):
    return parse(call_raw(t, sec, endpoint, payload))


def scan(t, sec, page):
    call(t, sec, "prov-scan", field_varint(1, 0) + field_bytes(10, field_varint(1, 1), always=True))
    status = parse(one(call(t, sec, "prov-scan", field_varint(1, 2) + field_bytes(12, b"", always=True)), 13, b""))
    total, entries = one(status, 2, 0), []
    for start in range(0, total, page):
        count = min(page, total - start)
        req = field_varint(1, 4) + field_bytes(14, field_varint(1, start) + field_varint(2, count), always=True)
        for entry in parse(one(call(t, sec, "prov-scan", req), 15, b"")).get(1, []):
            e = parse(entry)
            ssid = one(e, 1, b"")
            entries.append({"ssid": ssid.decode("utf-8", "replace"), "ssid_hex": ssid.hex(), "channel": one(e, 2, 0),
                            "rssi": one(e, 3, 0) - (1 << 64) if one(e, 3, 0) >= 1 << 63 else one(e, 3, 0),
                            "bssid": one(e, 4, b"").hex(":"), "auth": one(e, 5, 0)})
    return total, entries


def status(t, sec):
    reply = parse(one(call(t, sec, "prov-config", field_varint(1, 0) + field_bytes(10, b"", always=True)), 11, b""))
    state = {0: "Connected", 1: "Connecting", 2: "Disconnected", 3: "ConnectionFailed"}.get(one(reply, 2, 0), "?")
    result = {"step": "status", "state": state}
    if 10 in reply:
        result["fail_reason"] = {0: "AuthError", 1: "NetworkNotFound"}.get(one(reply, 10), "?")
    if 11 in reply:
        c = parse(one(reply, 11))
        result.update(ip4=one(c, 1, b"").decode(), auth=one(c, 2, 0), ssid=one(c, 3, b"").decode("utf-8", "replace"),
                      bssid=one(c, 4, b"").hex(":"), channel=one(c, 5, 0))
    return result


def control(t, sec, msg):
    """prov-ctrl: 1 = reset after a failure, 3 = reprovision; returns the status field."""
    return one(call(t, sec, "prov-ctrl", field_varint(1, msg) + field_bytes(10 + msg, b"", always=True)), 2, 0)


def provision(t, sec, ssid, passphrase, timeout):
    cfg = field_bytes(1, ssid.encode()) + field_bytes(2, passphrase.encode())
    reply = parse(one(call(t, sec, "prov-config", field_varint(1, 2) + field_bytes(12, cfg, always=True)), 13, b""))
    emit({"step": "set-config", "status": one(reply, 1, 0)})
    reply = parse(one(call(t, sec, "prov-config", field_varint(1, 4) + field_bytes(14, b"", always=True)), 15, b""))
    emit({"step": "apply-config", "status": one(reply, 1, 0)})
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        s = status(t, sec)
        if s["state"] in ("Connected", "ConnectionFailed"):
            emit(s)
            return s["state"]
        time.sleep(0.1)
    emit({"step": "status", "state": "Timeout"})
    return "Timeout"


def save_token(path, token):
    """The token opens the local API (Authorization: Bearer <token>) and BLE control; store it like a password."""
    if len(token) != 32:
        raise ValueError("the device did not answer with an access token")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(token + "\n")


def emit(obj):
    print(json.dumps(obj), flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--host", default="192.168.4.1:80", help="device address:port (default 192.168.4.1:80, as on a SoftAP)")
    p.add_argument("--sec", type=int, choices=(0, 1, 2), help="security scheme; default: what proto-ver reports")
    p.add_argument("--pop", default="", help="proof of possession (sec1)")
    p.add_argument("--username", default="wifiprov", help="sec2 username")
    p.add_argument("--password", default="", help="sec2 password")
    p.add_argument("--scan", action="store_true", help="list networks before provisioning")
    p.add_argument("--page", type=int, default=4, help="scan results per request (Espressif apps use 4)")
    p.add_argument("--ssid", help="network to join; omit to only scan")
    p.add_argument("--passphrase", default="")
    p.add_argument("--token-file", help="save the device's local API access token here (mode 0600; never printed)")
    p.add_argument("--timeout", type=float, default=30, help="seconds to wait for Connected/ConnectionFailed")
    p.add_argument("--retry-passphrase", help="after ConnectionFailed, send prov-ctrl reset and try once more with this")
    p.add_argument("--reprov-ssid", help="after Connected, send prov-ctrl reprov and provision this network")
    p.add_argument("--reprov-passphrase", default="")
    args = p.parse_args()

    t = Transport(args.host)
    try:
        info = json.loads(t.post("proto-ver", b"ESP"))
        emit({"step": "proto-ver", "info": info})
        prov = info.get("prov", {})
        sec_ver = args.sec if args.sec is not None else prov.get("sec_ver", 0)
        sec = {0: lambda: Sec0(), 1: lambda: Sec1(args.pop), 2: lambda: Sec2(args.username, args.password)}[sec_ver]()
        sec.handshake(t)
        if sec_ver == 2:
            sec.use_patch(prov.get("sec_patch_ver", 0))
        emit({"step": "session", "sec": sec_ver})
        if args.token_file:
            # Ask before sending Wi-Fi credentials: once the device has joined its network, provisioning ends.
            # Any non-empty request: an ESP-IDF HTTP server refuses a zero-length body.
            save_token(args.token_file, call_raw(t, sec, "api-token", b"get").decode("ascii"))
            emit({"step": "api-token", "saved": args.token_file})
        if args.scan:
            total, entries = scan(t, sec, args.page)
            emit({"step": "scan", "count": total, "entries": entries})
        if not args.ssid:
            return 0
        result = provision(t, sec, args.ssid, args.passphrase, args.timeout)
        if result == "ConnectionFailed" and args.retry_passphrase is not None:
            emit({"step": "ctrl-reset", "status": control(t, sec, 1)})
            result = provision(t, sec, args.ssid, args.retry_passphrase, args.timeout)
        if result == "Connected" and args.reprov_ssid:
            emit({"step": "ctrl-reprov", "status": control(t, sec, 3)})
            result = provision(t, sec, args.reprov_ssid, args.reprov_passphrase, args.timeout)
        return {"Connected": 0, "ConnectionFailed": 3}.get(result, 2)
    except ConnectionRefusedError as e:
        emit({"step": "error", "error": "%s: %s (nothing listens on %s: is the simulator running with this port? "
              "Provisioning also closes its port once the device has joined a network)" % (type(e).__name__, e, args.host)})
        return 2
    except (OSError, RuntimeError, ValueError, KeyError, http.client.HTTPException) as e:
        emit({"step": "error", "error": "%s: %s" % (type(e).__name__, e)})
        return 2


if __name__ == "__main__":
    sys.exit(main())
