-- 答题拉力赛 (issue 12 §4): a member's own rank without counting the board. The rank is 1 + the
-- entries strictly better; counting them in contest_entry_rank_idx costs as many index tuples as
-- the rank (the last of 200,000 reads 200,000). These counts of entries per total of correct
-- answers and 10-second slot of total time turn everything above the member's own slot into a
-- sum over at most a few thousand small rows, leaving only the member's own slot (a few hundred
-- entries) to count in the index. Written in the submit's transaction. An entry only moves up
-- (its rounds' bests only improve), so each submit takes its old (worse) slot's row before its
-- new (better) one: all take rows in one order, worse first, and never wait on each other in a
-- cycle. The slots spread one hot total over many rows, so concurrent submits rarely queue on one.
CREATE TABLE contest_score_count (
  contest_id integer NOT NULL REFERENCES contest(id),
  correct integer NOT NULL CHECK (correct >= 0),
  -- time_ms / 10000, floored.
  time_slot integer NOT NULL CHECK (time_slot >= 0),
  entries integer NOT NULL CHECK (entries >= 0),
  PRIMARY KEY (contest_id, correct, time_slot)
);

-- A retried create answers the draft it made.
ALTER TABLE contest ADD COLUMN request_id text UNIQUE;
