-- Goods images and notice covers are uploaded files (0009) instead of typed-in URLs. The file id
-- says which file the record holds (the save attaches it and releases the one it replaces); the
-- URLs beside it are the file's public URLs, written by the same save, so lists and the notice
-- feed read them without a join. Rows from before uploads keep their typed-in URL, with no file
-- id and no thumbnail, until their image is replaced or removed.
ALTER TABLE mall_item
  ADD COLUMN image_file_id integer REFERENCES file(id),
  ADD COLUMN image_thumb_url text;
ALTER TABLE notice
  ADD COLUMN cover_file_id integer REFERENCES file(id),
  ADD COLUMN cover_thumb_url text;
-- Deleting a file row (the housekeeping job) checks these references.
CREATE INDEX mall_item_image_file_idx ON mall_item (image_file_id) WHERE image_file_id IS NOT NULL;
CREATE INDEX notice_cover_file_idx ON notice (cover_file_id) WHERE cover_file_id IS NOT NULL;
