/** Door codes: what a registration carries to the entrance. */
import { encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";

/** 80 random bits, base32 (16 characters). */
export function newCode(): string {
  return encodeBase32UpperCaseNoPadding(crypto.getRandomValues(new Uint8Array(10)));
}

/** What a person typed or scanned → the stored form. */
export function normalizeCode(input: string): string {
  return input.toUpperCase().replace(/[^A-Z2-7]/g, "");
}

export function displayCode(code: string): string {
  return code.match(/.{1,4}/g)?.join("-") ?? code;
}
