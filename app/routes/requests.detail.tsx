import { useLoaderData, useSearchParams } from "react-router";
import { httpError, notFound } from "~/.server/errors";
import { pageTitle } from "~/lib/meta";
import type { Route } from "./+types/requests.detail";
import { requireUser } from "~/.server/auth/guards";
import { TRACKING_NO } from "~/.server/requests/forms";
import { applicantView } from "~/.server/requests/history";
import { getRequestForApplicant } from "~/.server/requests/requests";
import { ApplicantRequest } from "~/components/requests-ui";
import { useT } from "~/i18n/use-t";

export const meta: Route.MetaFunction = ({ matches, data }) => pageTitle(matches, "requests.title", data?.request.trackingNo);

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const user = requireUser(request, context);
  if (!TRACKING_NO.test(params.no)) throw notFound();
  return applicantView(await getRequestForApplicant(context.db, user.id, params.no, context.now()).catch(httpError));
}

export default function RequestStatus() {
  const view = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  return (
    <div className="page">
      {params.get("filed") ? (
        <p className="notice" role="status">
          {t("requests.filed", { no: view.request.trackingNo })}
        </p>
      ) : null}
      <ApplicantRequest view={view} />
    </div>
  );
}
