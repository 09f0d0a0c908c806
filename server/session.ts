import type { NextFunction, Request, Response } from "express";
import type { Db } from "#db/index";
import type { Config } from "~/.server/config";
import { SESSION_COOKIE, readCookie, sessionCookie, validateSessionToken } from "~/.server/auth/session";

/** Reads the session, language and easy-read cookies once per request. */
export function sessionMiddleware(db: Db, config: Config) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const cookies = req.headers.cookie;
      const lang = readCookie(cookies, "lang");
      res.locals.lang = lang === "en" ? "en" : "zh";
      res.locals.care = readCookie(cookies, "care") === "1";
      res.locals.user = null;
      const token = readCookie(cookies, SESSION_COOKIE);
      if (token && /^[a-z2-7]{32}$/.test(token)) {
        const s = await validateSessionToken(db, token, new Date(), config.sessionDays);
        if (s) {
          res.locals.user = s.user;
          if (s.refreshed) res.append("Set-Cookie", sessionCookie(token, s.expiresAt, config.secureCookies));
        }
      }
      next();
    } catch (e) {
      next(e);
    }
  };
}

