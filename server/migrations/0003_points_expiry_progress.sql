-- How far each year's points expiry has got. Expiry works through members in id order, a batch
-- per transaction, and moves this cursor in the same transaction: a run cut short (a cloud
-- function's time limit, a restart) continues where it stopped, and concurrent runs queue on
-- the row instead of redoing each other's batches.
CREATE TABLE points_expiry_progress (
  year smallint PRIMARY KEY,
  after_member_id integer NOT NULL DEFAULT 0,
  -- Set when a run reached the last member; later runs of that year then read this row and stop.
  finished_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
