-- Uploaded files. A row is made with its upload ticket (pending), becomes ready once the bytes
-- passed every check and were stored, is attached to one record by the module's own action,
-- and is released when that record goes. Bytes live in the storage (server/files/storage.ts),
-- content-addressed: rows with identical stored bytes share one blob, deleted with the last row.
CREATE TABLE file (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_user_id integer NOT NULL REFERENCES app_user(id),
  purpose text NOT NULL,
  name text NOT NULL,
  -- pending: ticket issued; receiving: the ticket was spent and the bytes are being checked;
  -- ready: stored; failed: refused (kept only so a replayed ticket is told it was used).
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'receiving', 'ready', 'failed')),
  declared_size integer NOT NULL,
  declared_type text NOT NULL,
  -- Set when ready: what was stored.
  type text,
  size integer,
  width integer,
  height integer,
  -- Storage references (local: a key under DATA_DIR/files; WeChat: a cloud fileID).
  blob_ref text,
  thumb_ref text,
  -- `mall_item:12`: the record the file belongs to, set by the module's action.
  record text,
  created_at timestamptz NOT NULL DEFAULT now(),
  ticket_expires_at timestamptz NOT NULL,
  ready_at timestamptz,
  -- Set when the record is deleted: the housekeeping job removes the file after this time.
  delete_after timestamptz,
  CONSTRAINT file_ready_has_blob CHECK (status <> 'ready' OR (blob_ref IS NOT NULL AND type IS NOT NULL AND size IS NOT NULL))
);
-- A record's files (show, replace, release).
CREATE INDEX file_record_idx ON file (record) WHERE record IS NOT NULL;
-- The housekeeping job: unattached uploads by age, released files by due time.
CREATE INDEX file_unattached_idx ON file (created_at) WHERE record IS NULL;
CREATE INDEX file_released_idx ON file (delete_after) WHERE delete_after IS NOT NULL;
-- Whether another row still uses a blob before it is deleted.
CREATE INDEX file_blob_idx ON file (blob_ref) WHERE blob_ref IS NOT NULL;
CREATE INDEX file_thumb_idx ON file (thumb_ref) WHERE thumb_ref IS NOT NULL;
-- Tickets that were never used or whose upload failed, once expired.
CREATE INDEX file_unfinished_idx ON file (ticket_expires_at) WHERE status <> 'ready';
