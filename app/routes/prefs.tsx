import { redirect } from "react-router";
import type { Route } from "./+types/prefs";
import { z } from "zod";
import { setMailLanguage } from "~/.server/auth/accounts";
import { readForm, safeRedirect } from "~/.server/http";

const prefs = z.object({
  lang: z.enum(["zh", "en"]).optional(),
  care: z.enum(["0", "1"]).optional(),
  redirectTo: z.string().max(2000).optional(),
});

const YEAR = 60 * 60 * 24 * 365;

/**
 * Language and easy-read mode live in cookies so they work without an account or JavaScript;
 * a signed-in visitor's language is also stored on the account, for their mail.
 */
export async function action({ request, context }: Route.ActionArgs) {
  // A body that is not a form (JSON, broken multipart) sets nothing; it is not a server error.
  const read = await readForm(request);
  const form = read instanceof FormData ? read : null;
  const parsed = form ? prefs.safeParse(Object.fromEntries(form)) : prefs.safeParse(null);
  const headers = new Headers();
  if (parsed.success) {
    if (parsed.data.lang) {
      headers.append("Set-Cookie", `lang=${parsed.data.lang}; Path=/; Max-Age=${YEAR}; SameSite=Lax`);
      if (context.user) await setMailLanguage(context.db, context.user.id, parsed.data.lang);
    }
    if (parsed.data.care) headers.append("Set-Cookie", `care=${parsed.data.care}; Path=/; Max-Age=${YEAR}; SameSite=Lax`);
  }
  throw redirect(safeRedirect(parsed.success ? parsed.data.redirectTo : undefined), { headers });
}

export async function loader() {
  throw redirect("/");
}
