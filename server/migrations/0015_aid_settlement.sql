-- 医疗互助, one-stop settlement (一站式结算): an aid_admin imports the 医保 system's settlement file
-- (server/aid/settlement.ts). Each row is matched to an enrolment and its 互助金 checked against the
-- rule engine: equal, it becomes a payout (aid_payout, source 'settlement'); different, it is
-- flagged for an aid_admin to resolve. Rows are processed in batches, each batch one transaction
-- that also moves the import's progress, so a run cut short resumes after the last batch.

CREATE TABLE aid_settlement_import (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The subtree imported for: only enrolments of its branches are matched.
  branch_id integer NOT NULL REFERENCES branch(id),
  file_id integer NOT NULL UNIQUE REFERENCES file(id),
  file_name text NOT NULL,
  file_kind text NOT NULL CHECK (file_kind IN ('csv', 'xlsx')),
  created_by integer NOT NULL REFERENCES app_user(id),
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
  -- Why a whole file was refused (a missing column, not a spreadsheet): rows have their own errors.
  error text,
  -- Data rows in the file, counted when the import starts (the progress bar's 100%).
  total_rows integer NOT NULL CHECK (total_rows >= 0),
  -- The first line of the file not yet processed; the header is line 1.
  next_line integer NOT NULL DEFAULT 2,
  processed_rows integer NOT NULL DEFAULT 0,
  paid_rows integer NOT NULL DEFAULT 0,
  paid_fen bigint NOT NULL DEFAULT 0,
  flagged_rows integer NOT NULL DEFAULT 0,
  duplicate_rows integer NOT NULL DEFAULT 0,
  unmatched_rows integer NOT NULL DEFAULT 0,
  bad_rows integer NOT NULL DEFAULT 0,
  -- Who is working on it until when: a page's continue call or the background job, one at a time.
  lease_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  CHECK ((status = 'running') = (finished_at IS NULL)),
  CHECK ((status = 'failed') = (error IS NOT NULL))
);
CREATE INDEX aid_settlement_import_branch_idx ON aid_settlement_import (branch_id, id DESC);
-- What the background job looks for: the few unfinished imports.
CREATE INDEX aid_settlement_import_running_idx ON aid_settlement_import (id) WHERE status = 'running';

-- Every data row of every import with what became of it. ID numbers are not kept: matched rows
-- name their enrolment, the others only the last four characters.
CREATE TABLE aid_settlement_row (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  import_id integer NOT NULL REFERENCES aid_settlement_import(id),
  line integer NOT NULL,
  -- paid: the file's 互助金 equals the engine's and was recorded; flagged: they differ (or the
  -- admission fell in the observation period), waiting for an aid_admin; duplicate: an earlier
  -- import already has this discharge (已导入); unmatched: no active enrolment in scope; bad: unreadable.
  outcome text NOT NULL CHECK (outcome IN ('paid', 'flagged', 'duplicate', 'unmatched', 'bad')),
  message text,
  id_last4 text,
  -- The discharge's identity: a hash of the ID hash, hospital, dates and amounts (aid_payout.source_ref).
  source_ref text,
  enrolment_id integer REFERENCES aid_enrolment(id),
  hospital text,
  admitted_on date,
  discharged_on date,
  total_fen integer CHECK (total_fen >= 0),
  insurance_fen integer CHECK (insurance_fen >= 0),
  self_fen integer CHECK (self_fen >= 0),
  -- What the file says the hospital deducted, and what the engine computed under the year-so-far lock.
  file_aid_fen integer CHECK (file_aid_fen >= 0),
  engine_fen integer CHECK (engine_fen >= 0),
  explanation jsonb,
  payout_id bigint REFERENCES aid_payout(id),
  -- A flagged row resolved by an aid_admin: the engine's figure, or the file's with a reason.
  resolution text CHECK (resolution IN ('engine', 'file')),
  resolve_reason text,
  resolved_by integer REFERENCES app_user(id),
  resolved_at timestamptz,
  UNIQUE (import_id, line),
  CHECK ((outcome IN ('paid', 'flagged', 'duplicate')) = (source_ref IS NOT NULL AND enrolment_id IS NOT NULL)),
  CHECK (outcome = 'flagged' OR resolution IS NULL),
  CHECK ((resolution IS NULL) = (resolved_at IS NULL)),
  CHECK (resolution <> 'file' OR resolve_reason IS NOT NULL)
);
-- A discharge counts once, whichever imports carry it: the second finds it here (and aid_payout's
-- UNIQUE (source, source_ref) agrees for the money).
CREATE UNIQUE INDEX aid_settlement_row_once_idx ON aid_settlement_row (source_ref) WHERE outcome IN ('paid', 'flagged');
-- An import's lists by outcome, in file order.
CREATE INDEX aid_settlement_row_list_idx ON aid_settlement_row (import_id, outcome, line);
-- Flagged rows waiting, across imports.
CREATE INDEX aid_settlement_row_flagged_idx ON aid_settlement_row (import_id) WHERE outcome = 'flagged' AND resolution IS NULL;
CREATE INDEX aid_settlement_row_enrolment_idx ON aid_settlement_row (enrolment_id) WHERE enrolment_id IS NOT NULL;
