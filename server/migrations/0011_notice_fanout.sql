-- A published notice reaches each member of its audience as a message (kind notice_published),
-- written by a background job in batches of members (server/notice-fanout.ts), never inside the
-- publishing request: a city-wide notice is 1.13 million rows. Publishing queues the notice
-- here; each batch moves this row in the transaction that writes the batch, so a run cut short
-- resumes after the last committed batch and writes no message twice (message_once agrees).
CREATE TABLE notice_fanout (
  notice_id integer PRIMARY KEY REFERENCES notice(id),
  -- Audience members with ids up to this one have been given the message.
  last_member_id integer NOT NULL DEFAULT 0,
  -- A withdrawn notice's messages are taken back batch by batch: members up to this id are done.
  removed_through integer,
  -- This notice's messages in centres now: written, less those taken back.
  messages integer NOT NULL DEFAULT 0,
  queued_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  -- Set when nothing is left to do; withdrawing a notice clears it again, to take its messages back.
  finished_at timestamptz
);
-- What the job looks for every half minute: the few unfinished rows, however many notices there are.
CREATE INDEX notice_fanout_pending_idx ON notice_fanout (notice_id) WHERE finished_at IS NULL;

-- Notices scheduled before this migration reach centres when their time comes. Notices already
-- live have been in the feed all along and are not sent again.
INSERT INTO notice_fanout (notice_id) SELECT id FROM notice WHERE status = 'published' AND publish_at > now();
