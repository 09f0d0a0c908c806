import { type RouteConfig, index, layout, prefix, route } from "@remix-run/route-config";

export default [
  index("routes/home.tsx"),
  route("login", "routes/login.tsx"),
  route("signup", "routes/signup.tsx"),
  route("logout", "routes/logout.tsx"),
  route("account", "routes/account.tsx"),
  route("prefs", "routes/prefs.tsx"),
  route("decisions", "routes/decisions.tsx"),
  route("consultations", "routes/consultations.tsx"),
  route("consultations/mine", "routes/consultations.mine.tsx"),
  route("consultations/:id", "routes/consultations.detail.tsx"),
  route("consultations/:id/attachments/:aid", "routes/consultations.attachment.tsx"),
  route("open-month", "routes/open-month.tsx"),
  route("observers", "routes/observers.tsx"),
  ...prefix("console", [
    layout("routes/console.tsx", [
      index("routes/console.index.tsx"),
      route("units/:slug", "routes/console.unit.tsx"),
      route("consultations", "routes/console.consultations.tsx"),
      route("consultations/new", "routes/console.consultations.new.tsx"),
      route("consultations/:id", "routes/console.consultations.edit.tsx"),
      route("consultations/:id/moderation", "routes/console.consultations.moderation.tsx"),
      route("consultations/:id/export", "routes/console.consultations.export.tsx"),
      route("consultations/comments/:cid/attachment", "routes/console.consultations.comment-attachment.tsx"),
    ]),
  ]),
  ...prefix("admin", [
    layout("routes/admin.tsx", [
      index("routes/admin.index.tsx"),
      route("units", "routes/admin.units.tsx"),
      route("staff", "routes/admin.staff.tsx"),
      route("audit", "routes/admin.audit.tsx"),
    ]),
  ]),
  route("dev/mail", "routes/dev.mail.tsx"),
  route("*", "routes/not-found.tsx"),
] satisfies RouteConfig;
