/** Audit anchors and other security-facing strings. */
export const zh = {
  "audit.anchors.title": "操作日志锚点",
  "audit.anchors.intro":
    "平台每天公布一次操作日志链的最新记录编号及其哈希值，并发送给管理员。任何人都可以保存这些锚点；之后若有人删除或改写日志（哪怕重新计算了所有哈希），核验时都会与已公布的锚点不符。",
  "audit.anchors.day": "日期",
  "audit.anchors.lastId": "最新记录编号",
  "audit.anchors.hash": "哈希值",
  "audit.anchors.none": "尚未公布锚点。",
  "audit.anchors.mail.subject": "操作日志锚点 {day}",
  "audit.anchors.mail.body":
    "今日（{day}）操作日志链的锚点：\n\n{line}\n\n请将本邮件保存在平台数据库以外（邮箱即可）。核验：在「操作日志」页面粘贴这一行，或运行 npm run audit:verify -- <保存锚点的文件>。若日志被删除或改写，核验会指出不符的记录。\n\n同一锚点也公布在 {url}",
  "admin.audit.anchorsChecked": "已与 {n} 个锚点核对。",
  "admin.audit.reason.prev_hash": "与前一条记录的链接不符",
  "admin.audit.reason.hash": "记录内容与其哈希不符",
  "admin.audit.reason.anchor": "哈希与已公布的锚点不符（记录被改写后重新计算）",
  "admin.audit.reason.anchor_missing": "已公布锚点所指的记录不存在（记录被删除）",
  "admin.audit.paste": "核对外部保存的锚点（每行一条，如邮件中的 canyu-audit-anchor:…）",
  "admin.audit.verify": "核验",
  "admin.audit.badAnchor": "无法识别的锚点：{line}",
} as const;

export const en: Record<keyof typeof zh, string> = {
  "audit.anchors.title": "Audit log anchors",
  "audit.anchors.intro":
    "Once a day the platform publishes the newest record number of its audit chain with its hash, and mails it to the admins. Anyone may keep these anchors; if the log is later deleted from or rewritten (even with every hash recomputed), verification no longer matches the published anchors.",
  "audit.anchors.day": "Day",
  "audit.anchors.lastId": "Newest record",
  "audit.anchors.hash": "Hash",
  "audit.anchors.none": "No anchor published yet.",
  "audit.anchors.mail.subject": "Audit log anchor {day}",
  "audit.anchors.mail.body":
    "Today's ({day}) audit chain anchor:\n\n{line}\n\nKeep this mail outside the platform's database (your mailbox will do). To verify, paste the line on the Audit log page, or run npm run audit:verify -- <file with anchors>. If the log was deleted from or rewritten, verification names the record that no longer matches.\n\nThe same anchor is published at {url}",
  "admin.audit.anchorsChecked": "Checked against {n} anchors.",
  "admin.audit.reason.prev_hash": "its link to the previous record does not match",
  "admin.audit.reason.hash": "its content does not match its hash",
  "admin.audit.reason.anchor": "its hash differs from a published anchor (rewritten and rehashed)",
  "admin.audit.reason.anchor_missing": "a published anchor points at a record that no longer exists (deleted)",
  "admin.audit.paste": "Check anchors kept elsewhere (one per line, e.g. canyu-audit-anchor:… from the mail)",
  "admin.audit.verify": "Verify",
  "admin.audit.badAnchor": "Not an anchor: {line}",
};
