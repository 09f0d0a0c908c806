/**
 * What the request pages send the browser: the applicant's view (only the
 * events the applicant may see, without notes, data or who did them) and the
 * staff history, each shaped once here for every page that shows them.
 */
import type { ClockView } from "./clock";
import type { RequestDetail } from "./requests";

export interface HistoryEvent {
  id: number;
  on: string;
  kind: string;
  note: string | null;
  letter: string | null;
  data: Record<string, unknown>;
  /** Staff view only: who took the step; null for the applicant or a step the app took by itself. */
  actorName: string | null;
  /** A step the app took by itself (a correction deadline passing). */
  bySystem: boolean;
}

export interface ApplicantView {
  request: Pick<
    RequestDetail["request"],
    "trackingNo" | "status" | "receivedOn" | "description" | "applicantName" | "applicantType" | "preferredForm" | "delivery" | "extensionDays" | "repliedOn"
  >;
  unitName: string;
  unitNameEn: string;
  clock: ClockView;
  events: HistoryEvent[];
}

/** From an applicant detail (getRequestForApplicant, lookupRequest): nothing internal. */
export function applicantView(d: RequestDetail): ApplicantView {
  const r = d.request;
  return {
    request: {
      trackingNo: r.trackingNo,
      status: r.status,
      receivedOn: r.receivedOn,
      description: r.description,
      applicantName: r.applicantName,
      applicantType: r.applicantType,
      preferredForm: r.preferredForm,
      delivery: r.delivery,
      extensionDays: r.extensionDays,
      repliedOn: r.repliedOn,
    },
    unitName: d.unitName,
    unitNameEn: d.unitNameEn,
    clock: d.clock,
    events: d.events.map((e) => ({ id: e.id, on: e.on, kind: e.kind, note: null, letter: e.letter, data: {}, actorName: null, bySystem: false })),
  };
}

/** From a staff detail (getRequestForStaff): every event, with its note, data and who took it. */
export function staffHistory(d: RequestDetail & { actorNames: Record<number, string | null> }): HistoryEvent[] {
  return d.events.map((e) => ({ id: e.id, on: e.on, kind: e.kind, note: e.note, letter: e.letter, data: e.data, actorName: d.actorNames[e.id] ?? null, bySystem: e.actorId == null }));
}
