import type { MessageKey } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";

/** The page of an area whose issue has not landed yet. */
export function ComingSoon({ title }: { title: MessageKey }) {
  const t = useT();
  return (
    <div className="page">
      <h1>{t(title)}</h1>
      <p>{t("home.comingSoon")}</p>
    </div>
  );
}
