-- Applied after every migration run; must stay idempotent.
-- Registrations accepted before the order of acceptance was stored (seq = 0) get their
-- place after any numbered ones of their session, in the order the old code served
-- them (waiting since, then id); each session's counter then covers every place.
WITH o AS (
  SELECT r.id,
         coalesce((SELECT max(x.seq) FROM event_registrations x WHERE x.session_id = r.session_id), 0)
           + row_number() OVER (PARTITION BY r.session_id ORDER BY coalesce(r.waitlisted_at, r.created_at), r.id) AS n
  FROM event_registrations r
  WHERE r.seq = 0
)
UPDATE event_registrations r SET seq = o.n FROM o WHERE o.id = r.id;

UPDATE event_sessions s SET accepted = m.n
FROM (SELECT session_id, max(seq) AS n FROM event_registrations GROUP BY session_id) m
WHERE m.session_id = s.id AND s.accepted < m.n;

-- The backstop for the lock: no two requests of one session share a place.
CREATE UNIQUE INDEX IF NOT EXISTS event_registrations_seq_key ON event_registrations (session_id, seq);
