import type { AppLoadContext } from "react-router";
import type { NewSession } from "./accounts";
import { blankSessionCookie, sessionCookie } from "./session";

export function setSessionHeaders(context: AppLoadContext, s: NewSession): Headers {
  return new Headers({ "Set-Cookie": sessionCookie(s.token, s.expiresAt, context.config.secureCookies) });
}

export function clearSessionHeaders(context: AppLoadContext): Headers {
  return new Headers({ "Set-Cookie": blankSessionCookie(context.config.secureCookies) });
}
