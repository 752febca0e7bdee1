-- Budgets are allotted down the tree: a branch's admin gives each direct child its amount out of
-- the branch's own budget. `allotted` is the sum of the children's amounts for the year, kept
-- beside `used` (its own grants) so one locked row answers "how much is left".
ALTER TABLE points_budget ADD COLUMN allotted integer NOT NULL DEFAULT 0 CHECK (allotted >= 0);
UPDATE points_budget p SET allotted = c.sum
  FROM (SELECT b.parent_id, pb.year, sum(pb.amount)::int AS sum
          FROM points_budget pb JOIN branch b ON b.id = pb.branch_id
         WHERE b.parent_id IS NOT NULL
         GROUP BY b.parent_id, pb.year) c
 WHERE p.branch_id = c.parent_id AND p.year = c.year;
-- Budgets set before this rule may already be over-allotted, and such a parent must be able to get
-- back within its amount a step at a time (each lowered child shrinks `allotted` while it is still
-- over). A CHECK (used + allotted <= amount) would refuse those steps, so this trigger holds the
-- rule instead: a new row is within its amount, and a write never takes a row further past it.
-- The conditional UPDATEs and BUDGET_TOO_LOW refuse first; this only backs them up.
CREATE FUNCTION points_budget_within_amount() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.used + NEW.allotted > NEW.amount
     AND (TG_OP = 'INSERT' OR NEW.used + NEW.allotted - NEW.amount > OLD.used + OLD.allotted - OLD.amount) THEN
    RAISE EXCEPTION 'points_budget % / %: used + allotted would exceed amount', NEW.branch_id, NEW.year
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER points_budget_within_amount BEFORE INSERT OR UPDATE ON points_budget
  FOR EACH ROW EXECUTE FUNCTION points_budget_within_amount();

-- A member-card token verifies once. The row lives as long as the token could still be
-- presented; rows of expired tokens are deleted by later verifications.
CREATE TABLE card_token_use (
  jti text PRIMARY KEY,
  member_id integer NOT NULL REFERENCES member(id),
  verified_by integer NOT NULL REFERENCES app_user(id),
  expires_at timestamptz NOT NULL,
  verified_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX card_token_use_expires_idx ON card_token_use (expires_at);

-- A restock resent after a lost answer finds its request id here instead of adding stock twice.
CREATE TABLE mall_restock (
  operator_id integer NOT NULL REFERENCES app_user(id),
  request_id text NOT NULL,
  item_id integer NOT NULL REFERENCES mall_item(id),
  delta integer NOT NULL CHECK (delta > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (operator_id, request_id)
);

-- An operator resending a pickup code they already verified gets the completed order back.
-- Only orders with a code: virtual coupons complete at redemption without one and need no entry.
CREATE INDEX mall_order_fulfilled_code_idx ON mall_order (pickup_code, fulfilled_by) WHERE status = 'completed' AND pickup_code IS NOT NULL;

-- A new draft carries the client's request id: a resend finds the draft instead of making another.
ALTER TABLE notice ADD COLUMN request_id text;
CREATE UNIQUE INDEX notice_author_request_idx ON notice (author_id, request_id) WHERE request_id IS NOT NULL;
