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
-- Budgets set before this rule may already be over-allotted; NOT VALID leaves those rows as they
-- are while every later write is held to the rule, and the conditional UPDATEs refuse first.
ALTER TABLE points_budget ADD CONSTRAINT points_budget_within_amount CHECK (used + allotted <= amount) NOT VALID;

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
CREATE INDEX mall_order_fulfilled_code_idx ON mall_order (pickup_code, fulfilled_by) WHERE status = 'completed';

-- A new draft carries the client's request id: a resend finds the draft instead of making another.
ALTER TABLE notice ADD COLUMN request_id text;
CREATE UNIQUE INDEX notice_author_request_idx ON notice (author_id, request_id) WHERE request_id IS NOT NULL;
