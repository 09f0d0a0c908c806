const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF defence for every state-changing request: the browser's Origin (or, for
 * old browsers, the Referer) must name this host. A request that names neither
 * is refused too: browsers always send Origin on cross-site POSTs.
 */
export function originAllowed(method: string, host: string | undefined, origin: string | undefined, referer?: string): boolean {
  if (SAFE.has(method.toUpperCase())) return true;
  if (!host) return false;
  const source = origin && origin !== "null" ? origin : referer;
  if (!source) return false;
  try {
    return new URL(source).host === host;
  } catch {
    return false;
  }
}
