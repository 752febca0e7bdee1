-- 医疗互助 enrolment (issue 9 §2): a union's list of enrolments, paid for together and confirmed
-- together. A sheet sent by an enterprise union is one batch; a member enrolling alone is a batch
-- of one, confirmed the same way.

CREATE TABLE aid_enrol_batch (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  plan_id integer NOT NULL REFERENCES aid_plan (id),
  -- The branch whose members the batch lists: the enterprise of a sheet, the member's own of an individual.
  branch_id integer NOT NULL REFERENCES branch (id),
  kind text NOT NULL CHECK (kind IN ('sheet', 'individual')),
  file_id integer REFERENCES file (id),
  row_count integer NOT NULL CHECK (row_count >= 0),
  accepted_count integer NOT NULL CHECK (accepted_count > 0),
  -- The plan's contribution when submitted; a plan's money fields are frozen once open, so this is also its current one.
  contribution_fen integer NOT NULL CHECK (contribution_fen >= 0),
  total_fen bigint NOT NULL,
  status text NOT NULL DEFAULT 'pending_payment' CHECK (status IN ('pending_payment', 'confirmed')),
  submitted_by integer NOT NULL REFERENCES app_user (id),
  request_id text NOT NULL,
  payment_ref text,
  confirmed_by integer REFERENCES app_user (id),
  confirmed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (submitted_by, request_id),
  CHECK (total_fen = accepted_count::bigint * contribution_fen),
  CHECK ((kind = 'sheet') = (file_id IS NOT NULL)),
  CHECK ((status = 'confirmed') = (payment_ref IS NOT NULL AND confirmed_by IS NOT NULL AND confirmed_at IS NOT NULL)),
  -- Whoever submits a batch never confirms its payment (also refused by the action, with a reason).
  CHECK (confirmed_by <> submitted_by)
);

CREATE INDEX aid_enrol_batch_branch ON aid_enrol_batch (branch_id, id DESC);
CREATE INDEX aid_enrol_batch_pending ON aid_enrol_batch (id DESC) WHERE status = 'pending_payment';

ALTER TABLE aid_enrolment
  ADD CONSTRAINT aid_enrolment_batch_fk FOREIGN KEY (batch_id) REFERENCES aid_enrol_batch (id);
-- A member enrolling alone is paid for as a batch of one, so an individual enrolment has a batch
-- too; one of a sheet still must. (0013's unnamed CHECK ((source = 'batch') = (batch_id IS NOT NULL)).)
ALTER TABLE aid_enrolment DROP CONSTRAINT aid_enrolment_check1;
ALTER TABLE aid_enrolment ADD CONSTRAINT aid_enrolment_batch_source CHECK (source = 'individual' OR batch_id IS NOT NULL);
