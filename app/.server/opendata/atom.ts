/**
 * Atom (RFC 4287) documents for every feed of the site, written with
 * fast-xml-parser's builder rather than the `feed` package: that one marks
 * every title and summary type="html" inside CDATA, so a staff-entered
 * "<script>" reached readers as markup. Here every text is type="text" and
 * escaped by the builder, never markup.
 */
import { XMLBuilder } from "fast-xml-parser";

/** Characters XML 1.0 cannot carry at all (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/F): dropped, or the feed would not parse. */
const notXmlChar = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text for an Atom text construct of type "text": escaping is the builder's, never markup. */
export const atomText = (s: string) => ({ "@_type": "text", "#text": s.replace(notXmlChar, "") });

const atomBuilder = new XMLBuilder({ ignoreAttributes: false, format: true, suppressEmptyNode: true });

/** The whole document of a feed object (`@_` attributes, as the builder takes them). */
export function atomXml(feed: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${atomBuilder.build({ feed })}`;
}
