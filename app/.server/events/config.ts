/** Open-month settings (README: EVENTS_* variables). */
type Env = Record<string, string | undefined>;

function num(env: Env, name: string, fallback: number): number {
  const v = env[name];
  if (v === undefined || v === "") return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got ${v}`);
  return n;
}

export interface EventsConfig {
  /** How long a freed seat is held for the first waiting resident. */
  offerHoldHours: number;
  /** Within this many hours of the start, freed seats go straight to the waitlist (no offer). */
  autoPromoteHours: number;
  /** This many no-shows within the window… */
  noShowLimit: number;
  noShowWindowDays: number;
  /** …suspend registering for this many days after the last one. */
  noShowSuspendDays: number;
  /** Periodic worker interval. */
  timerIntervalMs: number;
  /** The door accepts codes from this many hours before a session starts… */
  checkInOpensHours: number;
  /** …until this many hours after it ends. */
  checkInClosesHours: number;
  /** Theme proposals one resident may file for one open month. */
  themeProposalsPerYear: number;
}

export function loadEventsConfig(env: Env = process.env): EventsConfig {
  return {
    offerHoldHours: num(env, "EVENTS_OFFER_HOLD_HOURS", 24),
    autoPromoteHours: num(env, "EVENTS_AUTO_PROMOTE_HOURS", 48),
    noShowLimit: num(env, "EVENTS_NOSHOW_LIMIT", 2),
    noShowWindowDays: num(env, "EVENTS_NOSHOW_WINDOW_DAYS", 365),
    noShowSuspendDays: num(env, "EVENTS_NOSHOW_SUSPEND_DAYS", 90),
    timerIntervalMs: num(env, "EVENTS_TIMER_INTERVAL_MS", 60_000),
    checkInOpensHours: num(env, "EVENTS_CHECKIN_OPENS_HOURS", 2),
    checkInClosesHours: num(env, "EVENTS_CHECKIN_CLOSES_HOURS", 0),
    themeProposalsPerYear: num(env, "EVENTS_THEME_PROPOSALS_PER_YEAR", 3),
  };
}

export const defaultEventsConfig = loadEventsConfig({});

let runtime: EventsConfig | undefined;
/** The settings of this process (from its environment). */
export function eventsConfig(): EventsConfig {
  return (runtime ??= loadEventsConfig(process.env));
}
