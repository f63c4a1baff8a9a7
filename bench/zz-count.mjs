import net from 'node:net';
const w = net.Socket.prototype.write; const m = new Map();
net.Socket.prototype.write = function (d, ...a) { const k = this.localPort; const c = m.get(k) ?? { n: 0, b: 0 }; c.n++; c.b += d?.length ?? 0; m.set(k, c); return w.call(this, d, ...a); };
process.on('exit', () => { for (const [k, c] of m) if (c.n > 50) console.error('port', k, 'writes', c.n, 'bytes', c.b); });
