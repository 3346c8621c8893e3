#!/usr/bin/env python3
"""A remote agent for entente's live protocol (docs/protocol.md), in Python
with its standard library only.

    python3 agent.py ws://127.0.0.1:8080/api/v1/negotiations/ID/live TOKEN
    python3 agent.py --serve 127.0.0.1:9001

The first form joins a seat of a negotiation on an entente server. The
second serves the agent at ws://127.0.0.1:9001/ for tournaments whose plan
names it by that URL: each connection is one negotiation, which the
tournament opens with a welcome (there is no join).

It joins its seat, asks the server for its own utilities of the packages
(its preferences stay on the server), and concedes linearly in time from
its best package towards its reservation value: it accepts a table worth
at least its target and otherwise offers the package whose utility is
closest above the target. On a mediator's proposal it votes by its
utility. It reconnects with its token when the connection drops, and
exits 0 when the negotiation ends in an agreement, 1 otherwise.
"""

import base64
import hashlib
import itertools
import json
import os
import socket
import socketserver
import struct
import sys
import time
import urllib.parse


class WebSocket:
    """A minimal WebSocket (RFC 6455): text messages, no extensions. A
    client masks what it sends; a server (from_socket) does not."""

    masking = True

    @classmethod
    def from_socket(cls, sock):
        """Completes a client's opening handshake on an accepted socket."""
        ws = cls.__new__(cls)
        ws.sock, ws.masking = sock, False
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = sock.recv(1)
            if not chunk:
                raise ConnectionError("the client left during the handshake")
            head += chunk
        key = ""
        for line in head.decode(errors="replace").split("\r\n")[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "sec-websocket-key":
                key = value.strip()
        accept = base64.b64encode(hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest()).decode()
        sock.sendall(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      f"Sec-WebSocket-Accept: {accept}\r\n\r\n").encode())
        return ws

    def __init__(self, url, timeout=60):
        u = urllib.parse.urlsplit(url)
        if u.scheme != "ws":
            raise ValueError("only ws:// URLs are supported here")
        port = u.port or 80
        self.sock = socket.create_connection((u.hostname, port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        path = u.path + ("?" + u.query if u.query else "")
        req = (f"GET {path} HTTP/1.1\r\nHost: {u.hostname}:{port}\r\n"
               "Upgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
        self.sock.sendall(req.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise ConnectionError("the server closed the connection during the handshake")
            head += chunk
        status = head.split(b"\r\n", 1)[0]
        if b" 101 " not in status:
            raise ConnectionError("the upgrade failed: " + status.decode(errors="replace"))

    def _recv(self, n):
        b = b""
        while len(b) < n:
            chunk = self.sock.recv(n - len(b))
            if not chunk:
                raise ConnectionError("the connection closed")
            b += chunk
        return b

    def _frame(self, op, data):
        n = len(data)
        bit = 0x80 if self.masking else 0
        head = bytes([0x80 | op])
        if n < 126:
            head += bytes([bit | n])
        elif n < 1 << 16:
            head += bytes([bit | 126]) + struct.pack("!H", n)
        else:
            head += bytes([bit | 127]) + struct.pack("!Q", n)
        if not self.masking:
            self.sock.sendall(head + data)
            return
        mask = os.urandom(4)
        self.sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def send(self, obj):
        self._frame(0x1, json.dumps(obj).encode())

    def _control(self, op, payload):
        self._frame(op, payload)

    def recv(self):
        """Returns the next text message as a JSON value."""
        message = b""
        while True:
            b0, b1 = self._recv(2)
            op, n = b0 & 0x0F, b1 & 0x7F
            if n == 126:
                n = struct.unpack("!H", self._recv(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", self._recv(8))[0]
            mask = self._recv(4) if b1 & 0x80 else None
            payload = self._recv(n)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if op == 0x8:  # close
                code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
                raise ConnectionError(f"closed by the server ({code}: {payload[2:].decode(errors='replace')})")
            if op == 0x9:  # ping
                self._control(0xA, payload)
                continue
            if op == 0xA:
                continue
            message += payload
            if b0 & 0x80:
                return json.loads(message)

    def close(self):
        try:
            self._control(0x8, struct.pack("!H", 1000))
        except OSError:
            pass
        self.sock.close()


def packages(issues, limit=10000):
    """Every package of the issues (real issues on an 11-point grid), at most limit."""
    values = []
    for i in issues:
        if i["kind"] == "discrete":
            values.append(i["options"])
        elif i["kind"] == "integer":
            values.append(list(range(int(i["min"]), int(i["max"]) + 1)))
        else:
            lo, hi = i["min"], i["max"]
            values.append([lo + (hi - lo) * k / 10 for k in range(11)])
    names = [i["name"] for i in issues]
    return [dict(zip(names, combo)) for combo in itertools.islice(itertools.product(*values), limit)]


def key(pkg):
    return json.dumps(pkg, sort_keys=True)


class Agent:
    def __init__(self, url, token, log=sys.stderr):
        self.url, self.token, self.log = url, token, log
        self.utility = {}   # package key -> own utility
        self.ranked = []    # (utility, package), best first
        self.reservation = 0.0
        self.next_id = 0
        self.since = 0
        self.result = None

    def say(self, *args):
        print("agent:", *args, file=self.log, flush=True)

    def request(self, ws, msg):
        self.next_id += 1
        msg["id"] = self.next_id
        ws.send(msg)
        return self.next_id

    def evaluate(self, ws, pkgs):
        """Asks the server for our own utilities of pkgs."""
        for start in range(0, len(pkgs), 5000):
            chunk = pkgs[start:start + 5000]
            want = self.request(ws, {"type": "evaluate", "packages": chunk})
            while True:
                m = ws.recv()
                if m["type"] == "utilities" and m.get("id") == want:
                    break
                if m["type"] == "error" and m.get("id") == want:
                    raise RuntimeError(m["error"]["message"])
                self.pending.append(m)
            for p, u in zip(chunk, m["utilities"]):
                self.utility[key(p)] = u
        self.ranked = sorted(((u, json.loads(k)) for k, u in self.utility.items()), key=lambda x: -x[0])

    def target(self, t):
        best = self.ranked[0][0] if self.ranked else 1.0
        return best - (best - self.reservation) * t

    def act(self, ws, turn):
        target = self.target(turn["t"])
        table = turn.get("table")
        if table is not None and turn.get("utility", -1) >= target:
            self.request(ws, {"type": "accept", "package": table})
            return
        # the package closest above the target: concede step by step
        offer = self.ranked[0][1]
        for u, p in self.ranked:
            if u < target:
                break
            offer = p
        self.request(ws, {"type": "offer", "package": offer})

    def vote(self, ws, turn):
        u = turn.get("utility", 0.0)
        text = turn.get("text")
        prefer = text is None or u >= self.utility.get(key(text), 0.0)
        self.request(ws, {"type": "vote", "accept": u >= self.reservation, "prefer": prefer})

    def session(self, ws=None):
        """Plays until the end or until the connection drops: on a
        connection to a server (joining with the token), or on ws, a
        connection a tournament opened to this agent."""
        served = ws is not None
        if not served:
            ws = WebSocket(self.url)
        self.pending = []
        try:
            if not served:
                ws.send({"type": "join", "version": 1, "token": self.token, "since": self.since})
            welcome = ws.recv()
            if welcome["type"] != "welcome":
                raise RuntimeError(f"expected welcome, got {welcome}")
            you = welcome["you"]
            self.reservation = you["reservation"]
            self.say(f"seated as {you['party']} in a {welcome['protocol']} negotiation")
            if not self.utility:
                self.evaluate(ws, packages(welcome["issues"]))
            while True:
                m = self.pending.pop(0) if self.pending else ws.recv()
                kind = m["type"]
                if kind == "update":
                    self.since = m["next"]
                elif kind == "your_turn":
                    if m["turn"]["kind"] == "vote":
                        self.vote(ws, m["turn"])
                    else:
                        self.act(ws, m["turn"])
                elif kind == "error":
                    self.say("error:", m["error"]["message"])
                elif kind == "end":
                    self.result = m["result"]
                    return
        finally:
            ws.close()

    def run(self, attempts=60):
        for _ in range(attempts):
            try:
                self.session()
                return self.result
            except (ConnectionError, OSError) as e:
                self.say("connection lost:", e, "- reconnecting")
                time.sleep(0.5)
        raise RuntimeError("could not reach the server")


class Served(socketserver.BaseRequestHandler):
    """One negotiation of a tournament: a fresh agent on the connection."""

    def handle(self):
        a = Agent(None, None)
        try:
            a.session(WebSocket.from_socket(self.request))
            a.say("the negotiation ended:", (a.result or {}).get("status"))
        except (ConnectionError, OSError, RuntimeError) as e:
            a.say("the negotiation broke off:", e)


def serve(address):
    host, _, port = address.rpartition(":")
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    with socketserver.ThreadingTCPServer((host or "127.0.0.1", int(port)), Served) as srv:
        srv.daemon_threads = True
        print(f"agent: serving at ws://{host or '127.0.0.1'}:{srv.server_address[1]}/", file=sys.stderr, flush=True)
        srv.serve_forever()


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--serve":
        serve(sys.argv[2])
        return 0
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    result = Agent(sys.argv[1], sys.argv[2]).run()
    print(json.dumps(result, indent=2, sort_keys=True))
    return 0 if result and result.get("agreement") else 1


if __name__ == "__main__":
    sys.exit(main())
