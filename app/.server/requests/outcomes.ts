/**
 * The forms a reply can take (政府信息公开条例 Art 36 and the articles it points to),
 * each with the legal ground the letter cites and the row of the annual report
 * (national template, section III) it is counted in.
 */

export const REPORT_ROWS = [
  "disclosed",
  "partial",
  "withheld_state_secret",
  "withheld_law",
  "withheld_safety",
  "withheld_third_party",
  "withheld_internal",
  "withheld_process",
  "withheld_enforcement",
  "withheld_query",
  "unavailable_not_held",
  "unavailable_creation",
  "unavailable_unclear",
  "rejected_petition",
  "rejected_duplicate",
  "rejected_publication",
  "rejected_excessive",
  "rejected_confirm",
  "other_correction_lapsed",
  "other_fee_unpaid",
  "other",
] as const;
export type ReportRow = (typeof REPORT_ROWS)[number];

export const REPORT_GROUPS = ["disclosed", "partial", "withheld", "unavailable", "rejected", "other"] as const;
export type ReportGroup = (typeof REPORT_GROUPS)[number];

export function groupOf(row: ReportRow): ReportGroup {
  if (row === "disclosed" || row === "partial" || row === "other") return row;
  return row.slice(0, row.indexOf("_")) as ReportGroup;
}

interface Outcome {
  row: ReportRow;
  /** The article the reply letter cites. */
  basis: string;
  /** The decision paragraph of the reply letter. */
  text: string;
}

export const OUTCOMES = {
  already_public: { row: "disclosed", basis: "第三十六条第（一）项", text: "你所申请的信息已经主动公开，可通过浦东新区人民政府门户网站政府信息公开栏目查阅获取。" },
  disclose: { row: "disclosed", basis: "第三十六条第（二）项", text: "你所申请的信息属于公开范围，现予以提供（见附件）。" },
  partial: { row: "partial", basis: "第三十七条", text: "你所申请的信息中含有不应当公开的内容，但能够作区分处理，现提供可以公开的部分（见附件），其余部分不予公开。" },
  withheld_state_secret: { row: "withheld_state_secret", basis: "第十四条、第三十六条第（三）项", text: "你所申请的信息属于国家秘密，依法不予公开。" },
  withheld_law: { row: "withheld_law", basis: "第十四条、第三十六条第（三）项", text: "你所申请的信息属于法律、行政法规禁止公开的信息，依法不予公开。" },
  withheld_safety: { row: "withheld_safety", basis: "第十四条、第三十六条第（三）项", text: "你所申请的信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，依法不予公开。" },
  withheld_third_party: { row: "withheld_third_party", basis: "第十五条、第三十二条、第三十六条第（三）项", text: "你所申请的信息涉及第三方的商业秘密或个人隐私，经征求第三方意见，第三方不同意公开，公开会对第三方合法权益造成损害，依法不予公开。" },
  withheld_internal: { row: "withheld_internal", basis: "第十六条第一款、第三十六条第（三）项", text: "你所申请的信息属于本机关的内部事务信息，可以不予公开。" },
  withheld_process: { row: "withheld_process", basis: "第十六条第二款、第三十六条第（三）项", text: "你所申请的信息属于本机关在履行行政管理职能过程中形成的过程性信息，可以不予公开。" },
  withheld_enforcement: { row: "withheld_enforcement", basis: "第十六条第二款、第三十六条第（三）项", text: "你所申请的信息属于行政执法案卷信息，可以不予公开。" },
  withheld_query: { row: "withheld_query", basis: "第三十六条第（七）项", text: "你所申请的信息属于有关法律、行政法规对信息的获取有特别规定的行政查询事项，请依照相关规定办理。" },
  unavailable_not_held: { row: "unavailable_not_held", basis: "第三十六条第（四）项", text: "经检索，本机关没有你所申请的信息，该政府信息不存在。" },
  unavailable_other_agency: { row: "unavailable_not_held", basis: "第三十六条第（五）项", text: "你所申请的信息不属于本机关负责公开，请向负责公开该信息的行政机关申请。" },
  unavailable_creation: { row: "unavailable_creation", basis: "第三十八条", text: "你所申请的信息需要本机关对现有信息进行加工、分析，本机关可以不予提供。" },
  unavailable_unclear: { row: "unavailable_unclear", basis: "第三十条", text: "经补正后，你的申请内容仍不明确，本机关无法提供。" },
  rejected_petition: { row: "rejected_petition", basis: "第三十九条第一款", text: "你以政府信息公开申请的形式进行信访、投诉、举报等活动，本机关不作为政府信息公开申请处理，请通过相应渠道提出。" },
  rejected_duplicate: { row: "rejected_duplicate", basis: "第三十六条第（六）项", text: "本机关已就你提出的相同申请作出答复，不予重复处理。" },
  rejected_publication: { row: "rejected_publication", basis: "第三十九条第一款", text: "你所申请的是政府公报、报刊、书籍等公开出版物，可通过相关出版物获取。" },
  rejected_excessive: { row: "rejected_excessive", basis: "第三十五条", text: "你的申请数量、频次明显超过合理范围，且未能说明理由，本机关不予处理。" },
  rejected_confirm: { row: "rejected_confirm", basis: "第三十九条第二款", text: "你要求本机关确认或者重新出具已获取的信息，不属于政府信息公开申请，本机关不予处理。" },
  other_fee_unpaid: { row: "other_fee_unpaid", basis: "第四十二条", text: "你未在收费通知要求的期限内缴纳信息处理费，本机关不再处理你的申请。" },
  other: { row: "other", basis: "第三十六条", text: "（请写明处理结果和理由。）" },
} as const satisfies Record<string, Outcome>;

export type OutcomeCode = keyof typeof OUTCOMES | "other_correction_lapsed";
/** The codes staff choose from when replying; a lapsed correction is recorded by its own step. */
export const REPLY_OUTCOMES = Object.keys(OUTCOMES) as (keyof typeof OUTCOMES)[];

export function reportRowOf(code: string): ReportRow {
  if (code === "other_correction_lapsed") return "other_correction_lapsed";
  return (OUTCOMES as Record<string, Outcome>)[code]?.row ?? "other";
}
