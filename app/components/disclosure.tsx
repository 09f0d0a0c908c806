import { useEffect, useRef, type ReactNode } from "react";
import { useLocation } from "react-router";
import { useT } from "~/i18n/use-t";

/** Where the layout stops being a phone's (styles.css uses the same width). */
const WIDE = "(min-width: 721px)";

/**
 * A <details> that is a disclosure on a phone and always open on a wider
 * screen: styles.css hides its summary and shows its content from WIDE up, with
 * or without JavaScript (::details-content). Where the browser lacks that
 * pseudo-element the summary stays visible and the effect opens it on a wide
 * screen, so nothing is ever hidden behind a missing button. On a phone it
 * closes again after a client-side navigation, so the next page starts with
 * its content, not with the open menu.
 */
export function WideOpen({ summary, className, children, open }: { summary: ReactNode; className?: string; children: ReactNode; open?: boolean }) {
  const ref = useRef<HTMLDetailsElement>(null);
  const location = useLocation();
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const wide = window.matchMedia(WIDE).matches;
    if (wide && !CSS.supports("selector(::details-content)")) el.open = true;
    else if (!wide && !open) el.open = false;
  }, [location.key, open]);
  return (
    <details ref={ref} className={`wide-open${className ? ` ${className}` : ""}`} open={open}>
      <summary>{summary}</summary>
      {children}
    </details>
  );
}

/** A filter panel's summary: 筛选, and how many filters are set (the panel is closed on a phone). */
export function FilterSummary({ n }: { n: number }) {
  const t = useT();
  return <>{n ? t("filters.summary.active", { n }) : t("filters.summary")}</>;
}
