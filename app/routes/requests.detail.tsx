import { useLoaderData, useSearchParams } from "react-router";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/requests.detail";
import { requireUser } from "~/.server/auth/guards";
import { orResponse, TRACKING_NO } from "~/.server/requests/forms";
import { getRequestForApplicant } from "~/.server/requests/requests";
import { ClockLine, History, StatusBadge } from "~/components/requests-ui";
import { useT } from "~/i18n/use-t";
import type { MessageKey } from "~/i18n/messages";

export const meta: Route.MetaFunction = ({ matches, data }) => pageTitle(matches, "requests.title", data?.request.trackingNo);

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const user = requireUser(request, context);
  if (!TRACKING_NO.test(params.no)) throw new Response("Not Found / 未找到", { status: 404 });
  const d = await orResponse(getRequestForApplicant(context.db, user.id, params.no, context.now()));
  const r = d.request;
  return {
    request: { trackingNo: r.trackingNo, status: r.status, receivedOn: r.receivedOn, description: r.description, applicantName: r.applicantName, applicantType: r.applicantType, preferredForm: r.preferredForm, delivery: r.delivery, extensionDays: r.extensionDays, repliedOn: r.repliedOn },
    unitName: d.unitName,
    clock: d.clock,
    events: d.events.map((e) => ({ id: e.id, at: e.at, on: e.on, kind: e.kind, note: null, letter: e.letter, data: {} })),
  };
}

export default function RequestStatus() {
  const { request: r, unitName, clock, events } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  return (
    <div className="page">
      {params.get("filed") ? (
        <p className="notice" role="status">
          {t("requests.filed", { no: r.trackingNo })}
        </p>
      ) : null}
      <h1>
        {t("requests.trackingNo")} {r.trackingNo}
      </h1>
      <p>
        <StatusBadge status={r.status} /> · {t("requests.unit")}: {unitName} · {t("requests.receivedOn")}: {r.receivedOn}
      </p>
      <ClockLine clock={clock} extensionDays={r.extensionDays} repliedOn={r.repliedOn} />
      <dl>
        <dt>{t("requests.applicantName")}</dt>
        <dd>
          {r.applicantName} ({t(`requests.type.${r.applicantType}` as MessageKey)})
        </dd>
        <dt>{t("requests.description")}</dt>
        <dd className="prewrap">{r.description}</dd>
        <dt>{t("requests.preferredForm")}</dt>
        <dd>
          {t(`requests.form.${r.preferredForm}` as MessageKey)} · {t(`requests.delivery.${r.delivery}` as MessageKey)}
        </dd>
      </dl>
      <h2>{t("requests.history")}</h2>
      <History events={events} />
    </div>
  );
}
