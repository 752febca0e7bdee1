-- Fewer index entries per redemption (PostgreSQL's CPU per redemption is the capacity that counts,
-- see README Benchmarks):
-- * A member's limit window is counted over that member's own orders, which are few; the
--   (member_id, id) index finds them, so a second per-member index on every order is not needed.
-- * Daily caps only ever sum a member's earnings by rule: spending, refunds and expiry need no
--   entry in that index.
DROP INDEX mall_order_member_item_idx;
DROP INDEX points_ledger_rule_day_idx;
CREATE INDEX points_ledger_earn_rule_day_idx ON points_ledger (member_id, rule, created_at) WHERE kind = 'earn';
