// @msgpack/msgpack as an independent codec for the C# round-trip tests.
//   node msgpack-peer.mjs echo          decode every value on stdin, encode it again to stdout
//   node msgpack-peer.mjs gen SEED N    encode N random values (what @msgpack/msgpack can
//                                       represent exactly: see below) to stdout
// 64-bit integers travel as BigInt (useBigInt64), timestamps as Date (millisecond precision),
// maps as objects (so keys are unique, non-numeric strings), floats as float64.
import { decodeMulti, Encoder } from "@msgpack/msgpack";
import { readFileSync, writeSync } from "node:fs";

const encoder = new Encoder({ useBigInt64: true });
const write = (bytes) => { let off = 0; while (off < bytes.length) off += writeSync(1, bytes, off); };

function echo() {
  const input = readFileSync(0);
  const parts = [];
  for (const value of decodeMulti(input, { useBigInt64: true })) parts.push(encoder.encode(value).slice());
  write(Buffer.concat(parts));
}

function generator(seed) {
  let state = BigInt.asUintN(64, BigInt(seed));
  const next = () => { // splitmix64
    state = BigInt.asUintN(64, state + 0x9e3779b97f4a7c15n);
    let z = state;
    z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
    z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
    return z ^ (z >> 31n);
  };
  const below = (n) => Number(next() % BigInt(n));
  const text = (n) => {
    let s = "";
    for (let i = 0; i < n; i++) {
      const kind = below(4);
      const cp = kind === 0 ? 0x20 + below(0x5f) : kind === 1 ? 0x80 + below(0x780) : kind === 2 ? 0x800 + below(0xd000 - 0x800) : 0x10000 + below(0x100000);
      s += String.fromCodePoint(cp);
    }
    return s;
  };
  const value = (depth) => {
    switch (below(depth >= 4 ? 10 : 12)) {
      case 0: return null;
      case 1: return below(2) === 1;
      case 2: return below(0x100000000) - (below(2) ? 0x80000000 : 0); // 32-bit range: a number
      case 3: { const v = next() >> BigInt(below(31)); return v > 0xffffffffn ? v : v + 0x100000000n; } // uint64 as BigInt
      case 4: return -(next() >> BigInt(1 + below(31))) - 0x80000001n; // below int32: int64 as BigInt
      case 5: { const d = new Float64Array(new BigUint64Array([next()]).buffer)[0]; return Number.isNaN(d) || Number.isInteger(d) ? 0.5 : d; }
      case 6: return text(below(5) === 0 ? 300 : below(40));
      case 7: { const n = below(5) === 0 ? 300 : below(40); const b = new Uint8Array(n); for (let i = 0; i < n; i++) b[i] = below(256); return b; }
      case 8: return new Date((below(2) ? 1 : -1) * below(2 ** 31) * 1000 + below(1000)); // ms precision
      case 9: return below(3) === 0 ? new Date(below(2 ** 32) * 1000) : "s" + text(3);
      case 10: { const n = below(6) === 0 ? 20 : below(6); return Array.from({ length: n }, () => value(depth + 1)); }
      default: { const o = {}; const n = below(6) === 0 ? 17 : below(5); for (let i = 0; i < n; i++) o["k" + i] = value(depth + 1); return o; }
    }
  };
  return value;
}

const [mode, seed, count] = process.argv.slice(2);
if (mode === "echo") echo();
else if (mode === "gen") {
  const value = generator(seed);
  const parts = [];
  for (let i = 0; i < Number(count); i++) parts.push(encoder.encode(value(0)).slice());
  write(Buffer.concat(parts));
} else {
  process.stderr.write("usage: node msgpack-peer.mjs echo | gen SEED N\n");
  process.exit(2);
}
