import { useRouteLoaderData } from "react-router";
import { translate, type Lang, type MessageKey } from "./messages";

interface RootData {
  lang: Lang;
}

export function useLang(): Lang {
  const data = useRouteLoaderData("root") as RootData | undefined;
  return data?.lang ?? "zh";
}

export function useT() {
  const lang = useLang();
  return (key: MessageKey, params?: Record<string, string | number>) => translate(lang, key, params);
}
