-- 答题拉力赛 (issue 12 §4): a member's own rank without counting the board. The rank is 1 + the
-- entries strictly better; counting them in contest_entry_rank_idx costs as many index tuples as
-- the rank (the last of 200,000 read 200,000). These counts of entries per total of correct
-- answers turn the part above the member's own total into a sum of a few dozen rows, leaving
-- only the member's equals to count in the index. Written in the submit's transaction; an entry
-- only moves up (its rounds' bests only improve), so each submit takes its lower total's row
-- before its higher one and two submits never wait on each other in a cycle. `shard` (member id
-- mod 8) spreads one hot total's row over eight, so concurrent submits rarely queue on one row.
CREATE TABLE contest_score_count (
  contest_id integer NOT NULL REFERENCES contest(id),
  correct integer NOT NULL CHECK (correct >= 0),
  shard smallint NOT NULL CHECK (shard BETWEEN 0 AND 7),
  entries integer NOT NULL CHECK (entries >= 0),
  PRIMARY KEY (contest_id, correct, shard)
);

-- A retried create answers the draft it made.
ALTER TABLE contest ADD COLUMN request_id text UNIQUE;
