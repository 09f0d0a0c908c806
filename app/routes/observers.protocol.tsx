import { readFile } from "node:fs/promises";
import path from "node:path";
import { notFound } from "~/.server/errors";

/**
 * docs/observer-draw.md as published text: the protocol, the hashing scheme and the threat model a
 * third party needs to check a draw without reading the code. Served from the checkout the app runs in.
 */
export async function loader() {
  const text = await readFile(path.join(process.cwd(), "docs/observer-draw.md"), "utf8").catch(() => null);
  if (text === null) return notFound();
  return new Response(text, { headers: { "Content-Type": "text/markdown; charset=utf-8", "Cache-Control": "public, max-age=300" } });
}
