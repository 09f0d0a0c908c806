import type { Route } from "./+types/observers.verify";
import { translate, type MessageKey } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";
import { metaLang, pageTitle } from "~/lib/meta";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "observers.verify.title", null, undefined, translate(metaLang(matches), "observers.verify.lead"));

const STEPS = [1, 2, 3, 4, 5, 6].map((i) => `observers.verify.step${i}` as MessageKey);
const HASHES = ["pool", "distribution", "commitment", "seed", "slot"].map((k) => `observers.verify.hash.${k}` as MessageKey);

/** How a resident checks a draw without reading code, and exactly how every hash is computed (docs/observer-draw.md). */
export default function VerifyDraw() {
  const t = useT();
  return (
    <div className="page observers">
      <h1>{t("observers.verify.title")}</h1>
      <p className="lead">{t("observers.verify.lead")}</p>
      <h2>{t("observers.verify.byHand")}</h2>
      <ol>
        {STEPS.map((k) => (
          <li key={k}>{t(k)}</li>
        ))}
      </ol>
      <h2>{t("observers.verify.program")}</h2>
      <p>{t("observers.verify.programText")}</p>
      <pre className="obs-command">{"npm run verify-draw -- <…/observers/calls/N/export.json> --pool-hash <…> --distribution-hash <…> --commitment <name>=<…> --external <…>"}</pre>
      <h2>{t("observers.verify.scheme")}</h2>
      <p>{t("observers.verify.schemeText")}</p>
      <p>
        <a href="/observers/draw-protocol.md">{t("observers.verify.specLink")}</a>
      </p>
      <ul>
        {HASHES.map((k) => (
          <li key={k}>{t(k)}</li>
        ))}
      </ul>
      <h2>{t("observers.verify.threat")}</h2>
      <p>{t("observers.verify.threatText")}</p>
    </div>
  );
}
