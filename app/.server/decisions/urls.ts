/** The public origin used in mails, feeds, the API and the sitemap (PUBLIC_URL, no trailing slash). */
export function publicOrigin(): string {
  return (process.env.PUBLIC_URL || "https://canyu.pudong.example").replace(/\/+$/, "");
}

export function publicUrl(path: string): string {
  return `${publicOrigin()}${path}`;
}
