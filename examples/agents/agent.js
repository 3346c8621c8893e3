#!/usr/bin/env node
// A remote agent for entente's live protocol (docs/protocol.md), in
// JavaScript for Node with its standard library only.
//
//   node agent.js ws://127.0.0.1:8080/api/v1/negotiations/ID/live TOKEN
//   node agent.js --serve 127.0.0.1:9001
//
// The first form joins a seat of a negotiation on an entente server. The
// second serves the agent at ws://127.0.0.1:9001/ for tournaments whose
// plan names it by that URL: each connection is one negotiation, which the
// tournament opens with a welcome (there is no join).
//
// It plays as agent.py does: it asks the server for its own utilities of
// the packages, concedes linearly in time from its best package towards
// its reservation value, accepts a table worth at least its target, votes
// on a mediator's proposals by its utility, reconnects with its token when
// the connection drops, and exits 0 on an agreement, 1 otherwise.
'use strict';

const crypto = require('node:crypto');
const http = require('node:http');

// A minimal WebSocket client (RFC 6455): text messages, no extensions.
class WebSocketClient {
  static connect(url) {
    return new Promise((resolve, reject) => {
      const u = new URL(url);
      if (u.protocol !== 'ws:') return reject(new Error('only ws:// URLs are supported here'));
      const req = http.request({
        host: u.hostname, port: u.port || 80, path: u.pathname + u.search,
        headers: {
          Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13',
          'Sec-WebSocket-Key': crypto.randomBytes(16).toString('base64'),
        },
      });
      req.on('upgrade', (res, socket, head) => resolve(new WebSocketClient(socket, head)));
      req.on('response', (res) => reject(new Error(`the upgrade failed: ${res.statusCode}`)));
      req.on('error', reject);
      req.end();
    });
  }

  // accept completes a client's opening handshake on an upgraded socket.
  static accept(req, socket, head) {
    const key = req.headers['sec-websocket-key'] || '';
    const accept = crypto.createHash('sha1').update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Accept: ${accept}\r\n\r\n`);
    return new WebSocketClient(socket, head, false);
  }

  constructor(socket, head, masking = true) {
    this.socket = socket;
    this.masking = masking; // a client masks what it sends, a server does not
    this.buf = head && head.length ? Buffer.from(head) : Buffer.alloc(0);
    this.parts = [];
    this.queue = [];
    this.waiting = null;
    this.closed = null;
    socket.on('data', (d) => { this.buf = Buffer.concat([this.buf, d]); this.parse(); });
    const end = (why) => { if (!this.closed) { this.closed = new Error(why); this.wake(); } };
    socket.on('close', () => end('the connection closed'));
    socket.on('error', (e) => end(String(e)));
  }

  parse() {
    for (;;) {
      if (this.buf.length < 2) return;
      const b0 = this.buf[0]; let n = this.buf[1] & 0x7f; let off = 2;
      const masked = (this.buf[1] & 0x80) !== 0;
      if (n === 126) { if (this.buf.length < 4) return; n = this.buf.readUInt16BE(2); off = 4; }
      else if (n === 127) { if (this.buf.length < 10) return; n = Number(this.buf.readBigUInt64BE(2)); off = 10; }
      const keyAt = off;
      if (masked) off += 4;
      if (this.buf.length < off + n) return;
      let payload = this.buf.subarray(off, off + n);
      if (masked) {
        payload = Buffer.from(payload);
        for (let i = 0; i < n; i++) payload[i] ^= this.buf[keyAt + (i % 4)];
      }
      this.buf = this.buf.subarray(off + n);
      const op = b0 & 0x0f;
      if (op === 0x8) {
        const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
        this.closed = new Error(`closed by the server (${code}: ${payload.subarray(2)})`);
        this.socket.destroy();
        this.wake();
        return;
      }
      if (op === 0x9) { this.frame(0xa, payload); continue; }
      if (op === 0xa) continue;
      this.parts.push(Buffer.from(payload));
      if (b0 & 0x80) {
        this.queue.push(JSON.parse(Buffer.concat(this.parts).toString('utf8')));
        this.parts = [];
        this.wake();
      }
    }
  }

  wake() { if (this.waiting) { const w = this.waiting; this.waiting = null; w(); } }

  frame(op, data) {
    const bit = this.masking ? 0x80 : 0;
    let head;
    if (data.length < 126) head = Buffer.from([0x80 | op, bit | data.length]);
    else if (data.length < 65536) { head = Buffer.alloc(4); head[0] = 0x80 | op; head[1] = bit | 126; head.writeUInt16BE(data.length, 2); }
    else { head = Buffer.alloc(10); head[0] = 0x80 | op; head[1] = bit | 127; head.writeBigUInt64BE(BigInt(data.length), 2); }
    if (!this.masking) {
      this.socket.write(Buffer.concat([head, data]));
      return;
    }
    const mask = crypto.randomBytes(4);
    const body = Buffer.alloc(data.length);
    for (let i = 0; i < data.length; i++) body[i] = data[i] ^ mask[i % 4];
    this.socket.write(Buffer.concat([head, mask, body]));
  }

  send(obj) { this.frame(0x1, Buffer.from(JSON.stringify(obj), 'utf8')); }

  async recv() {
    while (this.queue.length === 0) {
      if (this.closed) throw this.closed;
      await new Promise((r) => { this.waiting = r; });
    }
    return this.queue.shift();
  }

  close() { try { this.frame(0x8, Buffer.from([0x03, 0xe8])); } catch (e) { /* closing anyway */ } this.socket.end(); }
}

// Every package of the issues (real issues on an 11-point grid), at most limit.
function packages(issues, limit = 10000) {
  const values = issues.map((i) => {
    if (i.kind === 'discrete') return i.options;
    if (i.kind === 'integer') { const v = []; for (let x = i.min; x <= i.max; x++) v.push(x); return v; }
    const v = []; for (let k = 0; k <= 10; k++) v.push(i.min + (i.max - i.min) * k / 10); return v;
  });
  const out = [];
  const walk = (k, pkg) => {
    if (out.length >= limit) return;
    if (k === issues.length) { out.push({ ...pkg }); return; }
    for (const v of values[k]) { pkg[issues[k].name] = v; walk(k + 1, pkg); }
  };
  walk(0, {});
  return out;
}

const key = (pkg) => JSON.stringify(Object.keys(pkg).sort().map((k) => [k, pkg[k]]));

class Agent {
  constructor(url, token) {
    this.url = url; this.token = token;
    this.utility = new Map(); this.ranked = []; this.reservation = 0;
    this.nextId = 0; this.since = 0; this.result = null; this.pending = [];
  }

  say(...args) { console.error('agent:', ...args); }

  request(ws, msg) { msg.id = ++this.nextId; ws.send(msg); return msg.id; }

  async evaluate(ws, pkgs) {
    for (let start = 0; start < pkgs.length; start += 5000) {
      const chunk = pkgs.slice(start, start + 5000);
      const want = this.request(ws, { type: 'evaluate', packages: chunk });
      let m;
      for (;;) {
        m = await ws.recv();
        if (m.type === 'utilities' && m.id === want) break;
        if (m.type === 'error' && m.id === want) throw new Error(m.error.message);
        this.pending.push(m);
      }
      chunk.forEach((p, i) => this.utility.set(key(p), [m.utilities[i], p]));
    }
    this.ranked = [...this.utility.values()].sort((a, b) => b[0] - a[0]);
  }

  target(t) {
    const best = this.ranked.length ? this.ranked[0][0] : 1;
    return best - (best - this.reservation) * t;
  }

  act(ws, turn) {
    const target = this.target(turn.t);
    if (turn.table && (turn.utility ?? -1) >= target) {
      this.request(ws, { type: 'accept', package: turn.table });
      return;
    }
    let offer = this.ranked[0][1];
    for (const [u, p] of this.ranked) { if (u < target) break; offer = p; }
    this.request(ws, { type: 'offer', package: offer });
  }

  vote(ws, turn) {
    const u = turn.utility ?? 0;
    const text = turn.text ? this.utility.get(key(turn.text)) : null;
    this.request(ws, { type: 'vote', accept: u >= this.reservation, prefer: !turn.text || u >= (text ? text[0] : 0) });
  }

  // session plays until the end or until the connection drops: on a
  // connection to a server (joining with the token), or on served, a
  // connection a tournament opened to this agent.
  async session(served) {
    const ws = served || await WebSocketClient.connect(this.url);
    this.pending = [];
    try {
      if (!served) ws.send({ type: 'join', version: 1, token: this.token, since: this.since });
      const welcome = await ws.recv();
      if (welcome.type !== 'welcome') throw new Error(`expected welcome, got ${JSON.stringify(welcome)}`);
      this.reservation = welcome.you.reservation;
      this.say(`seated as ${welcome.you.party} in a ${welcome.protocol} negotiation`);
      if (this.utility.size === 0) await this.evaluate(ws, packages(welcome.issues));
      for (;;) {
        const m = this.pending.length ? this.pending.shift() : await ws.recv();
        if (m.type === 'update') this.since = m.next;
        else if (m.type === 'your_turn') { if (m.turn.kind === 'vote') this.vote(ws, m.turn); else this.act(ws, m.turn); }
        else if (m.type === 'error') this.say('error:', m.error.message);
        else if (m.type === 'end') { this.result = m.result; return; }
      }
    } finally {
      ws.close();
    }
  }

  async run(attempts = 60) {
    for (let i = 0; i < attempts; i++) {
      try {
        await this.session();
        return this.result;
      } catch (e) {
        this.say('connection lost:', e.message, '- reconnecting');
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    throw new Error('could not reach the server');
  }
}

// serve serves the agent for tournaments: a fresh agent per connection.
function serve(address) {
  const at = address.lastIndexOf(':');
  const host = address.slice(0, at) || '127.0.0.1';
  const srv = http.createServer((req, res) => { res.writeHead(426); res.end('a WebSocket endpoint\n'); });
  srv.on('upgrade', (req, socket, head) => {
    const a = new Agent(null, null);
    a.session(WebSocketClient.accept(req, socket, head)).then(
      () => a.say('the negotiation ended:', (a.result || {}).status),
      (e) => a.say('the negotiation broke off:', e.message));
  });
  srv.listen(Number(address.slice(at + 1)), host, () => {
    console.error(`agent: serving at ws://${host}:${srv.address().port}/`);
  });
}

async function main() {
  if (process.argv[2] === '--serve' && process.argv[3]) {
    serve(process.argv[3]);
    return null;
  }
  const [url, token] = process.argv.slice(2);
  if (!url || !token) {
    console.error('usage: node agent.js ws://HOST:PORT/api/v1/negotiations/ID/live TOKEN');
    return 2;
  }
  const result = await new Agent(url, token).run();
  console.log(JSON.stringify(result, null, 2));
  return result && result.agreement ? 0 : 1;
}

main().then((code) => { if (code !== null) process.exit(code); }, (e) => { console.error(e); process.exit(1); });
