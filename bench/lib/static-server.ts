/**
 * The reading benchmark's baseline: a plain Node http server that answers
 * each path with bytes held in memory, nothing else. Usage: static-server.ts <entries.json> <port>
 */
import http from "node:http";
import { readFileSync } from "node:fs";

const [file, port] = process.argv.slice(2);
const entries = new Map<string, { status: number; type: string; body: Buffer }>(
  (JSON.parse(readFileSync(file!, "utf8")) as [string, number, string, string][]).map(([p, status, type, b64]) => [p, { status, type, body: Buffer.from(b64, "base64") }]),
);
http
  .createServer((req, res) => {
    const e = entries.get(req.url ?? "");
    if (!e) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(e.status, { "content-type": e.type, "content-length": e.body.length }).end(e.body);
  })
  .listen(Number(port), "127.0.0.1", () => console.log("ready"));
