import { useRootData } from "~/lib/root-data";
import { translate, type Lang, type MessageKey } from "./messages";

export function useLang(): Lang {
  return useRootData()?.lang ?? "zh";
}

export function useT() {
  const lang = useLang();
  return (key: MessageKey, params?: Record<string, string | number>) => translate(lang, key, params);
}
