import { useRouteLoaderData } from "react-router";
import type { Lang } from "~/i18n/messages";
import type { Role } from "~/.server/context";

/** What the root loader gives every page: the visitor's preferences and who they are. */
export interface RootData {
  lang: Lang;
  care: boolean;
  nonce: string;
  devMail: boolean;
  user: { id: number; displayName: string; role: Role; unitId: number | null } | null;
}

/** The root loader's data, from any component (undefined only while an error boundary renders without it). */
export function useRootData(): RootData | undefined {
  return useRouteLoaderData("root") as RootData | undefined;
}
