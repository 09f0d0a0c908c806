/**
 * The statutory order of a decision's stages as pure checks over its stage
 * rows, so the same rules gate every change (stages.ts) and find the rows that
 * already break them (the compliance page, the decision page) without crashing
 * on them. Each violation names its rule (a message key) and the dates that
 * break it.
 */
import type { StageKind, StageState } from "#db/schema";
import type { MessageKey } from "~/i18n/messages";
import { calendarDaysBetween, addCalendarDays } from "~/lib/shanghai";
import { addWorkingDays, workingDaysBetween, type HolidayCalendar } from "../calendar/working-days";

/** Art 25–28: the legality review takes at least this many working days. */
const LEGALITY_MIN_WORKING_DAYS = 7;
/** Results are published within 20 working days of the deliberation (政府信息公开条例 Art 26). */
const RESULT_WORKING_DAYS = 20;
/** Art 17: hearing materials reach participants at least this many days before the hearing. */
const HEARING_NOTICE_DAYS = 7;

export interface StageFacts {
  kind: StageKind;
  state: StageState;
  reason: string | null;
  startedOn: string | null;
  completedOn: string | null;
  hearingOn: string | null;
  materialsSentOn: string | null;
}

export interface Violation {
  key: MessageKey;
  params: Record<string, string | number>;
  /** The stage the violation shows on, and the form field to fix. */
  stage: StageKind;
  field: string;
  /** Every stage whose change can make or mend it. */
  involves: StageKind[];
}

const started = (s: StageFacts | undefined) => s?.state === "in_progress" || s?.state === "completed";

export function stageViolations(stages: readonly StageFacts[], cal: HolidayCalendar): Violation[] {
  const by = new Map(stages.map((s) => [s.kind, s]));
  const out: Violation[] = [];
  const add = (v: Violation) => out.push(v);

  for (const s of stages) {
    if (s.state === "not_applicable" && !s.reason?.trim()) add({ key: "decisions.err.reasonRequired", params: {}, stage: s.kind, field: "reason", involves: [s.kind] });
    if (s.startedOn && s.completedOn && s.completedOn < s.startedOn) {
      add({ key: "decisions.err.datesOrder", params: { started: s.startedOn, completed: s.completedOn }, stage: s.kind, field: "completedOn", involves: [s.kind] });
    }
  }

  const legality = by.get("legality_review");
  if (legality?.state === "not_applicable") {
    add({ key: "decisions.err.legalityMandatory", params: {}, stage: "legality_review", field: "state", involves: ["legality_review"] });
  }
  if (legality?.state === "completed") {
    if (!legality.startedOn || !legality.completedOn) {
      add({ key: "decisions.err.legalityDates", params: {}, stage: "legality_review", field: legality.startedOn ? "completedOn" : "startedOn", involves: ["legality_review"] });
    } else if (legality.completedOn >= legality.startedOn) {
      const n = workingDaysBetween(cal, legality.startedOn, legality.completedOn);
      if (!n.ok) {
        add({ key: "decisions.err.legalityScheduleMissing", params: { years: n.missing.join("、"), from: legality.startedOn, to: legality.completedOn }, stage: "legality_review", field: "completedOn", involves: ["legality_review"] });
      } else if (n.value < LEGALITY_MIN_WORKING_DAYS) {
        add({ key: "decisions.err.legalityTooShort", params: { days: n.value, from: legality.startedOn, to: legality.completedOn }, stage: "legality_review", field: "completedOn", involves: ["legality_review"] });
      }
    }
  }

  const deliberation = by.get("deliberation");
  if (started(deliberation)) {
    if (legality?.state !== "completed") {
      add({ key: "decisions.err.legalityFirst", params: { state: legality?.state ?? "not_started" }, stage: "deliberation", field: "state", involves: ["deliberation", "legality_review"] });
    } else if (legality.completedOn) {
      for (const field of ["startedOn", "completedOn"] as const) {
        const date = deliberation![field];
        if (date && date < legality.completedOn) {
          add({ key: "decisions.err.deliberationBeforeReview", params: { date, reviewEnd: legality.completedOn }, stage: "deliberation", field, involves: ["deliberation", "legality_review"] });
          break;
        }
      }
    }
    if (deliberation!.state === "completed" && !deliberation!.completedOn) {
      add({ key: "decisions.err.deliberationDate", params: {}, stage: "deliberation", field: "completedOn", involves: ["deliberation"] });
    }
  }

  const result = by.get("result");
  if (started(result)) {
    if (deliberation?.state !== "completed") {
      add({ key: "decisions.err.resultBeforeDeliberation", params: {}, stage: "result", field: "state", involves: ["result", "deliberation"] });
    } else if (deliberation.completedOn) {
      for (const field of ["startedOn", "completedOn"] as const) {
        const date = result![field];
        if (date && date < deliberation.completedOn) {
          add({ key: "decisions.err.resultDatedBeforeDeliberation", params: { date, deliberationOn: deliberation.completedOn }, stage: "result", field, involves: ["result", "deliberation"] });
          break;
        }
      }
    }
  }

  const hearing = by.get("hearing");
  if (hearing && hearing.state !== "not_applicable") {
    if (hearing.hearingOn && hearing.materialsSentOn) {
      if (calendarDaysBetween(hearing.materialsSentOn, hearing.hearingOn) < HEARING_NOTICE_DAYS) {
        add({
          key: "decisions.err.hearingMaterials",
          params: { hearing: hearing.hearingOn, latest: addCalendarDays(hearing.hearingOn, -HEARING_NOTICE_DAYS), sent: hearing.materialsSentOn },
          stage: "hearing",
          field: "materialsSentOn",
          involves: ["hearing"],
        });
      }
    } else if (hearing.state === "completed") {
      add({ key: "decisions.err.hearingDatesMissing", params: {}, stage: "hearing", field: hearing.hearingOn ? "materialsSentOn" : "hearingOn", involves: ["hearing"] });
    }
  }
  return out;
}

/** 已决策 and beyond follow from the stages, not from a field staff set. */
export function deriveStatus(stages: readonly StageFacts[], withdrawn: boolean): "planned" | "in_progress" | "decided" | "implementing" | "withdrawn" {
  if (withdrawn) return "withdrawn";
  const by = new Map(stages.map((s) => [s.kind, s]));
  if (started(by.get("implementation"))) return "implementing";
  if (by.get("deliberation")?.state === "completed") return "decided";
  if (stages.some((s) => started(s))) return "in_progress";
  return "planned";
}

export const violationId = (v: Violation) => `${v.key}|${v.stage}|${JSON.stringify(v.params)}`;

/** What the overdue rules read of a stage: its state, its planned dates, when it was completed. */
export interface ScheduleFacts {
  kind: StageKind;
  state: StageState;
  plannedStartOn: string | null;
  plannedEndOn: string | null;
  completedOn: string | null;
}

/**
 * When the result is due: 20 working days after the deliberation was
 * completed (Art 26). Provisional when a year's holiday schedule is missing.
 */
export function resultDueOn(stages: readonly ScheduleFacts[], cal: HolidayCalendar): { day: string; provisional: boolean; missing: number[] } | null {
  const deliberation = stages.find((s) => s.kind === "deliberation" && s.state === "completed" && s.completedOn);
  if (!deliberation) return null;
  const counted = addWorkingDays(cal, deliberation.completedOn!, RESULT_WORKING_DAYS);
  return counted.ok ? { day: counted.value, provisional: false, missing: [] } : { day: counted.provisional, provisional: true, missing: counted.missing };
}

/**
 * A stage past a date it should have met, as of the Shanghai day `today`:
 * - plannedEnd: its planned end has passed and it is not completed;
 * - plannedStart: its planned start has passed and it has not started;
 * - statutory: the result is not published and its statutory day has passed.
 * A day is met through its end: a stage planned to end on 11 June is overdue
 * from 12 June. The one rule the admin compliance page and the public pages use.
 */
type OverdueRule = "plannedEnd" | "plannedStart" | "statutory";
export interface Overdue {
  stage: StageKind;
  rule: OverdueRule;
  /** The day that was missed, 'YYYY-MM-DD'. */
  due: string;
  provisional: boolean;
}

export function overdueStages(stages: readonly ScheduleFacts[], cal: HolidayCalendar, today: string): Overdue[] {
  const out: Overdue[] = [];
  for (const s of stages) {
    const open = s.state === "not_started" || s.state === "in_progress";
    if (s.kind === "result" && s.state !== "completed" && s.state !== "not_applicable") {
      const due = resultDueOn(stages, cal);
      if (due && today > due.day) {
        out.push({ stage: s.kind, rule: "statutory", due: due.day, provisional: due.provisional });
        continue;
      }
    }
    if (open && s.plannedEndOn && s.plannedEndOn < today) out.push({ stage: s.kind, rule: "plannedEnd", due: s.plannedEndOn, provisional: false });
    else if (s.state === "not_started" && s.plannedStartOn && s.plannedStartOn < today) out.push({ stage: s.kind, rule: "plannedStart", due: s.plannedStartOn, provisional: false });
  }
  return out;
}
