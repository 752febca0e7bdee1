-- WeChat subscribe messages: what each template's fields need beyond title and body, the sends
-- each user allowed, and what became of every message the sender picked up.

-- Values for template fields (an order number, an item title): the centre shows title and body.
ALTER TABLE message ADD COLUMN payload jsonb;

-- One-time subscriptions: each template a user accepted allows one send of it.
CREATE TABLE subscribe_allowance (
  user_id integer NOT NULL REFERENCES app_user(id),
  template_id text NOT NULL,
  remaining integer NOT NULL CHECK (remaining >= 0),
  -- Set when the count rises from zero: a consent covers what happens from then on, never a
  -- message that came while the user had none left.
  since timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, template_id)
);
-- The sender starts from the allowances that can still send: few rows, whatever the outbox holds.
CREATE INDEX subscribe_allowance_open_idx ON subscribe_allowance (template_id, user_id) WHERE remaining > 0;

-- A row per message the sender decided on. `pending` with leased_until set is a send in flight;
-- pending without it waits for next_attempt_at (a retry after a temporary error).
CREATE TABLE message_delivery (
  message_id bigint PRIMARY KEY REFERENCES message(id) ON DELETE CASCADE,
  template_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'sent', 'refused', 'failed', 'no_channel', 'no_allowance')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  leased_until timestamptz,
  last_error text,
  sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX message_delivery_pending_idx ON message_delivery (next_attempt_at) WHERE status = 'pending';
