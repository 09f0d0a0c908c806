/**
 * The letters a unit sends an applicant: plain text (never HTML), generated
 * from the step and editable by staff before a reply goes out.
 */
import { OUTCOMES, type OutcomeCode } from "./outcomes";

const LAW = "《中华人民共和国政府信息公开条例》";

export interface LetterContext {
  trackingNo: string;
  applicantName: string;
  receivedOn: string;
  description: string;
  unitName: string;
  /** The day the letter is dated. */
  on: string;
}

function cn(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

function excerpt(s: string, n = 80): string {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > n ? `${one.slice(0, n)}…` : one;
}

const REMEDIES =
  "如对本答复不服，可以在收到本答复之日起60日内向上海市浦东新区人民政府申请行政复议，或者在收到本答复之日起6个月内依法向上海市浦东新区人民法院提起行政诉讼。";

function frame(c: LetterContext, title: string, body: string[]): string {
  return [
    title,
    `编号：${c.trackingNo}`,
    "",
    `${c.applicantName}：`,
    `你（单位）于${cn(c.receivedOn)}向本机关提出的政府信息公开申请（“${excerpt(c.description)}”）收悉。`,
    ...body,
    "",
    c.unitName,
    cn(c.on),
  ].join("\n");
}

export function replyLetter(c: LetterContext, outcome: OutcomeCode): string {
  const o = outcome === "other_correction_lapsed" ? OUTCOMES.other : OUTCOMES[outcome];
  return frame(c, "政府信息公开申请答复书", [`经审查，根据${LAW}${o.basis}的规定，现答复如下：`, o.text, REMEDIES, "特此告知。"]);
}

export function correctionNotice(c: LetterContext, whatToAdd: string, dueOn: string): string {
  return frame(c, "政府信息公开申请补正通知书", [
    `经审查，你的申请内容不明确。根据${LAW}第三十条的规定，请于${cn(dueOn)}前补正以下内容：`,
    whatToAdd,
    "答复期限自本机关收到补正后的申请之日起计算。无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
  ]);
}

/**
 * A letter is a document the applicant keeps: a date it names that was counted
 * across a year whose holiday schedule is not entered yet says so in the
 * letter itself, not only in the mail around it.
 */
function provisional(years: readonly number[]): string[] {
  return years.length ? [`上述期限暂按周末推算：${years.map((y) => `${y}年`).join("、")}法定节假日安排尚未公布，公布后以实际工作日为准。`] : [];
}

export function extensionNotice(c: LetterContext, days: number, reason: string, dueOn: string, provisionalYears: readonly number[] = []): string {
  return frame(c, "政府信息公开申请延期答复告知书", [
    `因${reason}，本机关不能在规定期限内作出答复。根据${LAW}第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长${days}个工作日，至${cn(dueOn)}前作出答复。`,
    ...provisional(provisionalYears),
  ]);
}

export function consultationNotice(c: LetterContext, consultDueOn: string, provisionalYears: readonly number[] = []): string {
  return frame(c, "征求第三方意见告知书", [
    `你所申请的信息可能涉及第三方合法权益。根据${LAW}第三十二条的规定，本机关已书面征求第三方意见，第三方应在${cn(consultDueOn)}前提出意见。根据第三十三条第三款，征求第三方意见所需时间不计算在答复期限内。`,
    ...provisional(provisionalYears),
  ]);
}

export function lapseNotice(c: LetterContext, dueOn: string): string {
  return frame(c, "政府信息公开申请终止处理告知书", [
    `本机关已通知你于${cn(dueOn)}前补正申请，你未在期限内补正。根据${LAW}第三十条的规定，视为放弃申请，本机关不再处理该政府信息公开申请。`,
  ]);
}
