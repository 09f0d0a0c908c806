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
 * The one place a service's refusal becomes an HTTP answer for a loader: a
 * UserError (not found, forbidden, conflict…) is thrown on as a Response with
 * the status it carries; anything else — a database outage above all — is
 * rethrown untouched so it reaches the 503/500 handling instead of hiding
 * behind a "not found". Use as `await service(…).catch(httpError)`.
 */
export function httpError(e: unknown): never {
  if (e instanceof UserError) {
    const text = e.status === 403 ? "Forbidden / 无权访问" : e.status === 404 ? "Not Found" : e.key;
    throw new Response(text, { status: e.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  throw e;
}
