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
  route("open-month", "routes/open-month.tsx"),
  route("observers", "routes/observers.tsx"),
  ...prefix("console", [
    layout("routes/console.tsx", [
      index("routes/console.index.tsx"),
      route("units/:slug", "routes/console.unit.tsx"),
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
