/**
 * The public origin used in mails, feeds, the API, calendars and the sitemap
 * (PUBLIC_URL, no trailing slash). Defaults to where `npm start` serves.
 */
export function publicOrigin(): string {
  return (process.env.PUBLIC_URL || `http://localhost:${process.env.PORT || 3000}`).replace(/\/+$/, "");
}

export function publicUrl(path: string): string {
  return `${publicOrigin()}${path}`;
}
