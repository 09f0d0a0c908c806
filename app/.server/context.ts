import type { Db } from "#db/index";
import type { Lang } from "~/i18n/messages";
import type { Config } from "./config";

export type Role = "citizen" | "staff" | "admin";

export interface CurrentUser {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  unitId: number | null;
  sessionId: string;
}

/** Who did something, for rules and the audit log. */
export interface Actor {
  id: number;
  role: Role;
  unitId: number | null;
  ip?: string | null;
}

type Clock = () => Date;

declare module "react-router" {
  interface AppLoadContext {
    db: Db;
    user: CurrentUser | null;
    lang: Lang;
    care: boolean;
    nonce: string;
    ip: string;
    now: Clock;
    config: Config;
    /** Set by entry.server's handleError when the database could not be reached: the answer becomes a 503. */
    databaseUnavailable?: boolean;
  }
}

export function actorOf(user: CurrentUser, ip?: string | null): Actor {
  return { id: user.id, role: user.role, unitId: user.unitId, ip: ip ?? null };
}
