import type { MessageKey, MessageParams } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";

const MARK = "\u0000";

/**
 * A message with user-authored values set in it, each marked as what it is
 * (lang="zh", data-user-content) so a screen reader switches voice and the
 * English check knows the app did not write it: "Reason: 无其他需要公开的事项。".
 */
export function Msg({ k, params, user }: { k: MessageKey; params?: MessageParams; user: Record<string, string> }) {
  const t = useT();
  const holes = Object.fromEntries(Object.keys(user).map((name) => [name, `${MARK}${name}${MARK}`]));
  const parts = t(k, { ...params, ...holes }).split(MARK);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 ? (
          <span key={i} lang="zh" data-user-content="">
            {user[part]}
          </span>
        ) : (
          part
        ),
      )}
    </>
  );
}
