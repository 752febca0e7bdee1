-- A resent "create item" finds the item its first send made: creator + request id is unique.
ALTER TABLE mall_item ADD COLUMN created_by integer REFERENCES app_user(id);
ALTER TABLE mall_item ADD COLUMN request_id text;
CREATE UNIQUE INDEX mall_item_creator_request_idx ON mall_item (created_by, request_id) WHERE request_id IS NOT NULL;
