-- The in-app message centre, which is also the outbox: a row is written by the module's own
-- transaction, so a message exists exactly when its state change committed. A sender of WeChat
-- subscribe messages can drain these rows later, keeping its attempts in a table of its own.
CREATE TABLE message (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id integer NOT NULL REFERENCES app_user(id),
  kind text NOT NULL,
  -- What caused it, e.g. `order:42`: with kind, a retried or repeated state change tells once.
  source text NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  -- An in-app page path with its query (src/routes.ts).
  link text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  CONSTRAINT message_once UNIQUE (user_id, kind, source)
);
-- The list, newest first.
CREATE INDEX message_user_idx ON message (user_id, id DESC);
-- The home page badge counts only unread rows; read ones fall out of this index.
CREATE INDEX message_unread_idx ON message (user_id) WHERE read_at IS NULL;
