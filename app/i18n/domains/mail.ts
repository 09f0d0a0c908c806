/**
 * Every mail the app writes, in both languages. A mail goes out in the
 * recipient's language (users.lang), not the language of whoever caused it.
 */
export const zh = {
  "mail.welcome.subject": "欢迎使用“参与”平台",
  "mail.welcome.body": "{name}，您好：\n\n您已成功注册浦东新区“参与”平台。\n\n浦东新区政务公开办",
  "mail.passwordChanged.subject": "您的密码已修改",
  "mail.passwordChanged.body": "{name}，您好：\n\n您的“参与”平台账户密码刚刚被修改。如非本人操作，请立即联系我们。",
  "mail.milestone.subject": "【决策进展】{decision}：{milestone}",
  "mail.milestone.body": "您关注的重大行政决策事项有新进展。\n\n事项：{decision}\n进展：{stage}{milestone}（{date}）\n{body}\n查看全流程信息：{url}\n\n取消关注：{url}",
  "mail.catalogue.subject": "【决策目录】{unit}：{decision}",
  "mail.catalogue.body": "您订阅的标签（{tags}）有新公开的重大行政决策事项。\n\n事项：{decision}\n决策单位：{unit}\n查看全流程信息：{url}\n\n管理订阅：{manage}",
  "mail.consultationExtended.subject": "征求意见期限延长：{title}",
  "mail.consultationExtended.body": "{name}，您好：\n\n您关注或参与的“{title}”征求意见截止时间由 {from} 延长至 {to}。\n延长理由：{reason}\n\n详见 {url}\n\n浦东新区 · 参与",
  "mail.listSeparator": "、",
  "mail.observerSeat.subject": "【参与】您已获选列席：{meeting}",
  "mail.observerSeat.body": "{name}：\n\n经公开抽选（参考号 {ref}），您获选列席「{meeting}」（{place}）。\n请于 {deadline}（北京时间）前登录平台确认或放弃：{url}\n逾期未确认的，席位将依次递补给候补人员。",
} as const;

export const en: Record<keyof typeof zh, string> = {
  "mail.welcome.subject": "Welcome to Canyu",
  "mail.welcome.body": "Hello {name},\n\nYour Canyu account for Pudong New Area is ready.\n\nPudong Open Government Office",
  "mail.passwordChanged.subject": "Your password was changed",
  "mail.passwordChanged.body": "Hello {name},\n\nThe password of your Canyu account was just changed. If this was not you, contact us at once.",
  "mail.milestone.subject": "[Decision update] {decision}: {milestone}",
  "mail.milestone.body": "A decision you follow has a new milestone.\n\nDecision: {decision}\nMilestone: {stage}{milestone} ({date})\n{body}\nThe full process: {url}\n\nUnfollow: {url}",
  "mail.catalogue.subject": "[Decision catalogue] {unit}: {decision}",
  "mail.catalogue.body": "A decision matching your tags ({tags}) was published.\n\nDecision: {decision}\nUnit: {unit}\nThe full process: {url}\n\nManage subscriptions: {manage}",
  "mail.consultationExtended.subject": "Comment period extended: {title}",
  "mail.consultationExtended.body": "Hello {name},\n\nThe comment period of “{title}”, which you follow or commented on, now closes at {to} instead of {from}.\nReason: {reason}\n\nSee {url}\n\nCanyu · Pudong New Area",
  "mail.listSeparator": ", ",
  "mail.observerSeat.subject": "[Canyu] You have been selected to observe: {meeting}",
  "mail.observerSeat.body": "Dear {name},\n\nIn the public draw (reference {ref}) you were selected to observe “{meeting}” ({place}).\nPlease log in and accept or decline before {deadline} (Beijing time): {url}\nA seat not confirmed in time passes to the next alternate.",
};
