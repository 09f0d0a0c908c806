import type { MessageKey } from "~/i18n/messages";

/**
 * A refusal the user can act on. It carries a message key, not text, so the
 * route can show it in the user's language; `field` ties it to a form input.
 */
export class UserError extends Error {
  constructor(
    public readonly key: MessageKey,
    public readonly params: Record<string, string | number> = {},
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
