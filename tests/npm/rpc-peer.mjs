// An independent msgpack-rpc peer (node's net module + @msgpack/msgpack) that talks to a
// running LutBridge host and prints what it saw as one JSON line; the C# test that starts
// the host checks the values.   node rpc-peer.mjs SOCKET LUT_FILE
import { createConnection } from "node:net";
import { decodeMultiStream, encode } from "@msgpack/msgpack";

const [socketPath, lutFile] = process.argv.slice(2);
const socket = createConnection(socketPath);
const waiting = new Map(); // msgid -> { resolve, progress: [] }
let nextId = 1;

function call(method, params = [], onProgress) {
  const id = nextId++;
  socket.write(encode([0, id, method, params]));
  return new Promise((resolve) => waiting.set(id, { resolve, onProgress, id }));
}

async function readLoop() {
  for await (const msg of decodeMultiStream(socket)) {
    if (!Array.isArray(msg)) throw new Error(`not an array: ${JSON.stringify(msg)}`);
    if (msg[0] === 2 && msg[1] === "progress") {
      const w = waiting.get(msg[2].job);
      w?.onProgress?.(msg[2]);
    } else if (msg[0] === 1) {
      const w = waiting.get(msg[1]);
      if (!w) throw new Error(`response to unknown msgid ${msg[1]}`);
      waiting.delete(msg[1]);
      w.resolve({ id: msg[1], error: msg[2], result: msg[3] });
    } else throw new Error(`unexpected message type ${msg[0]}`);
  }
}

async function main() {
  const reading = readLoop();
  await new Promise((resolve, reject) => { socket.once("connect", resolve); socket.once("error", reject); });
  const report = {};
  report.ping = (await call("ping")).result;
  const version = (await call("version")).result;
  report.protocol = version.protocol;
  report.apiLevel = version.api_level;
  report.methods = version.methods;
  report.lutSize = (await call("lut.info", [lutFile])).result.size;

  const fractions = [];
  const waited = await call("test.wait", [150], (p) => fractions.push(p.fraction));
  report.waitedMs = waited.result.waited_ms;
  report.fractions = fractions;

  let started;
  const firstProgress = new Promise((resolve) => { started = resolve; });
  const long = call("test.wait", [20000], () => started());
  await firstProgress;
  const jobId = nextId - 1;
  report.cancelAccepted = (await call("job.cancel", [jobId])).result;
  report.cancelledCode = (await long).error?.code;

  report.unknownMethod = (await call("no.such", [])).error;
  report.wrongType = (await call("lut.info", [42])).error;

  const many = await Promise.all(Array.from({ length: 200 }, () => call("ping")));
  report.pipelined = many.filter((r) => r.result === "pong" && r.error === null).length;
  report.distinctIds = new Set(many.map((r) => r.id)).size;

  socket.end();
  await reading;
  process.stdout.write(JSON.stringify(report) + "\n");
}

main().catch((e) => { process.stderr.write(`rpc-peer: ${e.stack ?? e}\n`); process.exit(1); });
