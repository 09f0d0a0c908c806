import { Form, NavLink, useLocation } from "react-router";
import { useRootData } from "~/lib/root-data";
import { useT } from "~/i18n/use-t";
import { WideOpen } from "~/components/disclosure";

export function SiteHeader() {
  const data = useRootData();
  const t = useT();
  const location = useLocation();
  const here = location.pathname + location.search;
  const user = data?.user;
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t("site.skip")}
      </a>
      <div className="header-top">
        <a href="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            参
          </span>
          <span>
            <strong>{t("site.name")}</strong>
            <small>{t("site.tagline")}</small>
          </span>
        </a>
        <div className="header-tools">
          <Form method="post" action="/prefs" className="inline">
            <input type="hidden" name="redirectTo" value={here} />
            <button name="lang" value={data?.lang === "en" ? "zh" : "en"} className="link-button" lang={data?.lang === "en" ? "zh-CN" : "en"}>
              {t("prefs.switchTo")}
            </button>
            {/* A toggle keeps its name and reports its state: "适老化, pressed", never "标准模式, pressed". */}
            <button name="care" value={data?.care ? "0" : "1"} className="link-button" aria-pressed={data?.care ? "true" : "false"}>
              {t("prefs.care")}
            </button>
          </Form>
          {user ? (
            <>
              <a href="/account">{user.displayName}</a>
              <Form method="post" action="/logout" className="inline">
                <button className="link-button">{t("nav.logout")}</button>
              </Form>
            </>
          ) : (
            <>
              <a href={`/login?redirectTo=${encodeURIComponent(here)}`}>{t("nav.login")}</a>
              <a href="/signup">{t("nav.signup")}</a>
            </>
          )}
        </div>
      </div>
      {/* On a phone the navigation sits behind a 菜单 disclosure (a <details>, so it works without JavaScript). */}
      <WideOpen className="nav-menu" summary={<span className="menu-label">{t("nav.menu")}</span>}>
        <nav aria-label={t("nav.main")} className="main-nav">
          <ul>
            <li>
              <NavLink to="/" end>
                {t("nav.home")}
              </NavLink>
            </li>
            <li>
              <NavLink to="/decisions">{t("nav.catalogue")}</NavLink>
            </li>
            <li>
              <NavLink to="/consultations">{t("nav.consultations")}</NavLink>
            </li>
            <li>
              <NavLink to="/open-month">{t("nav.openMonth")}</NavLink>
            </li>
            <li>
              <NavLink to="/observers">{t("nav.observers")}</NavLink>
            </li>
            <li>
              <NavLink to="/requests">{t("requests.nav")}</NavLink>
            </li>
            <li>
              <NavLink to="/policies">{t("nav.policies")}</NavLink>
            </li>
            {user && user.role !== "citizen" ? (
              <li>
                <NavLink to="/console">{t("nav.console")}</NavLink>
              </li>
            ) : null}
            {user?.role === "admin" ? (
              <li>
                <NavLink to="/admin">{t("nav.admin")}</NavLink>
              </li>
            ) : null}
          </ul>
        </nav>
      </WideOpen>
    </header>
  );
}

export function SiteFooter() {
  const t = useT();
  return (
    <footer className="site-footer">
      <p>{t("footer.text")}</p>
      <p>{t("footer.a11y")}</p>
      <p>
        <a href="/audit/anchors">{t("audit.anchors.title")}</a>
      </p>
    </footer>
  );
}
