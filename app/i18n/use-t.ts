import { useRootData } from "~/lib/root-data";
import { translate, type Lang, type MessageKey, type MessageParams } from "./messages";

export function useLang(): Lang {
  return useRootData()?.lang ?? "zh";
}

export function useT() {
  const lang = useLang();
  return (key: MessageKey, params?: MessageParams) => translate(lang, key, params);
}
