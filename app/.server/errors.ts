import type { MessageKey, MessageParams } from "~/i18n/messages";

/**
 * A refusal the user can act on. It carries a message key, not text, so the
 * route can show it in the user's language; `field` ties it to a form input.
 */
export class UserError extends Error {
  constructor(
    public readonly key: MessageKey,
    public readonly params: MessageParams = {},
    public readonly field?: string,
    public readonly status = 400,
  ) {
    super(key);
    this.name = "UserError";
  }
}

export class ForbiddenError extends UserError {
  constructor() {
    super("err.forbidden", {}, undefined, 403);
    this.name = "ForbiddenError";
  }
}

export class NotFoundError extends UserError {
  constructor() {
    super("err.notFound", {}, undefined, 404);
    this.name = "NotFoundError";
  }
}

/**
 * The one place a service's refusal becomes an HTTP answer: a UserError (not
 * found, forbidden, conflict…) becomes a Response with the status it carries.
 * A page's loader throws it (the root boundary shows it in the visitor's
 * language); a file download returns it as it is.
 */
export function refusalResponse(e: UserError): Response {
  const text = e.status === 403 ? "Forbidden / 无权访问" : e.status === 404 ? "Not Found / 未找到" : e.key;
  return new Response(text, { status: e.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** The answer for an address that names nothing: a malformed id or year, a file that is not there. */
export function notFound(): Response {
  return refusalResponse(new NotFoundError());
}

/**
 * For loaders: a refusal is thrown on as its HTTP answer; anything else — a
 * database outage above all — is rethrown untouched so it reaches the 503/500
 * handling instead of hiding behind a "not found". Use as
 * `await service(…).catch(httpError)`.
 */
export function httpError(e: unknown): never {
  if (e instanceof UserError) throw refusalResponse(e);
  throw e;
}
