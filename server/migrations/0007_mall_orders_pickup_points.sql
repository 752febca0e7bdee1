-- Order numbers a member can read out at a counter, pickup points with an address, and coupon validity.

-- yyMMdd (Asia/Shanghai) + 8 random digits: unique, and the digits say nothing about how many orders exist.
ALTER TABLE mall_order ADD COLUMN order_no text;
DO $$
BEGIN
  UPDATE mall_order
     SET order_no = to_char(created_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYMMDD') || lpad(floor(random() * 100000000)::bigint::text, 8, '0');
  -- A collision among existing orders draws again until every number is unique.
  LOOP
    UPDATE mall_order o
       SET order_no = to_char(o.created_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYMMDD') || lpad(floor(random() * 100000000)::bigint::text, 8, '0')
     WHERE o.id IN (SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY order_no ORDER BY id) AS n FROM mall_order) d WHERE d.n > 1);
    EXIT WHEN NOT FOUND;
  END LOOP;
END
$$;
ALTER TABLE mall_order ALTER COLUMN order_no SET NOT NULL;
ALTER TABLE mall_order ADD CONSTRAINT mall_order_order_no_format CHECK (order_no ~ '^[0-9]{14}$');
CREATE UNIQUE INDEX mall_order_order_no_idx ON mall_order (order_no);

-- Where members collect pickup goods: run by a branch, managed by its mall operators.
CREATE TABLE mall_pickup_point (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  branch_id integer NOT NULL REFERENCES branch(id),
  name text NOT NULL,
  address text NOT NULL,
  -- Empty when not known yet (points made from older data below); the member's screens then leave it out.
  opening_hours text NOT NULL DEFAULT '',
  phone text NOT NULL DEFAULT '',
  -- Retired points keep their rows: old orders still name them.
  retired_at timestamptz,
  created_by integer REFERENCES app_user(id),
  request_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mall_pickup_point_branch_idx ON mall_pickup_point (branch_id, id);
-- A resent "create point" finds the point its first send made.
CREATE UNIQUE INDEX mall_pickup_point_creator_request_idx ON mall_pickup_point (created_by, request_id) WHERE request_id IS NOT NULL;

ALTER TABLE mall_item ADD COLUMN pickup_point_id integer REFERENCES mall_pickup_point(id);
ALTER TABLE mall_order ADD COLUMN pickup_point_id integer REFERENCES mall_pickup_point(id);

-- Each branch that served as a pickup place becomes one point; until its operator fills in the
-- details, its address is the branch's full name, which is what members were shown before.
INSERT INTO mall_pickup_point (branch_id, name, address)
SELECT b.id, b.name || '服务点', b.full_name
  FROM branch b
 WHERE b.id IN (SELECT pickup_branch_id FROM mall_item UNION SELECT pickup_branch_id FROM mall_order)
 ORDER BY b.id;
UPDATE mall_item i SET pickup_point_id = p.id FROM mall_pickup_point p WHERE p.branch_id = i.pickup_branch_id;
UPDATE mall_order o SET pickup_point_id = p.id FROM mall_pickup_point p WHERE p.branch_id = o.pickup_branch_id;
-- pickup_branch_id stays: it is the point's branch, which operator scope and pickup queues filter on.
ALTER TABLE mall_item ADD CONSTRAINT mall_item_pickup_point_kind CHECK ((kind = 'pickup') = (pickup_point_id IS NOT NULL));
ALTER TABLE mall_order ADD CONSTRAINT mall_order_pickup_point_branch CHECK ((pickup_branch_id IS NULL) = (pickup_point_id IS NULL));

-- Coupon codes carry their own validity: each uploaded batch may come with its own dates.
ALTER TABLE mall_coupon_code ADD COLUMN valid_from date;
ALTER TABLE mall_coupon_code ADD COLUMN valid_until date;
ALTER TABLE mall_coupon_code ADD CONSTRAINT mall_coupon_code_validity CHECK (valid_from IS NULL OR (valid_until IS NOT NULL AND valid_from <= valid_until));
