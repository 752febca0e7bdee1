-- 医疗互助 manual claims (issue 9 §4, §5): what a member files for a stay or treatment that was not
-- settled one-stop, its documents, its timeline, and the member's consent to the use of health data.
-- The member side (aid-claims) writes claims as 'submitted'; the reviewer side fills the reviewer
-- columns. Money in fen (integers), dates as Shanghai calendar days.

-- Separate, recorded, versioned consent for health data, given before the first claim. A new text
-- version asks again; older rows stay as the record of what was agreed to when.
CREATE TABLE aid_consent (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  member_id integer NOT NULL REFERENCES member(id),
  kind text NOT NULL CHECK (kind IN ('health_data')),
  version text NOT NULL,
  given_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT aid_consent_once UNIQUE (member_id, kind, version)
);

CREATE TABLE aid_claim (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enrolment_id integer NOT NULL REFERENCES aid_enrolment(id),
  member_id integer NOT NULL REFERENCES member(id),
  -- The claimant's account: owner of the documents, receiver of the messages.
  user_id integer NOT NULL REFERENCES app_user(id),
  -- The member's branch when the claim was filed, and its path: reviewers' scope is checked
  -- against it (a later move of the member does not move the case).
  branch_id integer NOT NULL REFERENCES branch(id),
  branch_path text COLLATE "C" NOT NULL,
  claim_type text NOT NULL CHECK (claim_type IN ('hospital', 'outpatient_special', 'critical_illness')),
  -- draft is reserved (claims are written when submitted); withdrawn: by the member before a decision.
  status text NOT NULL CHECK (status IN ('draft', 'submitted', 'in_review', 'need_more', 'second_review', 'approved', 'rejected', 'paid', 'withdrawn')),
  -- The client's id for the submit tap: a retried submit answers the claim it made.
  request_id text NOT NULL,
  hospital text NOT NULL,
  admission_on date NOT NULL,
  discharge_on date NOT NULL,
  total_fen integer NOT NULL,
  insurance_paid_fen integer NOT NULL,
  self_paid_fen integer NOT NULL,
  -- The part of the self-paid amount the plan's rules count (the engine's eligibleFen).
  eligible_fen integer NOT NULL,
  -- 住院 only: discharge − admission, a same-day stay counted as one day.
  hospital_days integer CHECK (hospital_days >= 0),
  -- 重大疾病 only: a code of the plan's criticalIllness list.
  critical_illness_code text,
  -- The engine's figure and its explanation: at submission over the year so far (the estimate
  -- the member saw), recomputed by the reviewer when deciding.
  computed_fen integer NOT NULL CHECK (computed_fen >= 0),
  computed_lines jsonb NOT NULL DEFAULT '[]',
  approved_fen integer CHECK (approved_fen >= 0),
  override_reason text,
  -- The latest reason shown to the member: what more is needed, or why the claim was rejected.
  status_reason text,
  -- Documents are added in rounds: 0 at submission, +1 per 补充材料 upload.
  document_round smallint NOT NULL DEFAULT 0,
  reviewer_id integer REFERENCES app_user(id),
  second_reviewer_id integer REFERENCES app_user(id),
  taken_at timestamptz,
  decided_at timestamptz,
  paid_at timestamptz,
  -- The transfer made outside the app: its reference and the receiving account, masked.
  payout_ref text,
  bank_account_masked text,
  created_at timestamptz NOT NULL DEFAULT now(),
  submitted_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT aid_claim_request_once UNIQUE (member_id, request_id),
  CONSTRAINT aid_claim_amounts CHECK (
    total_fen >= 0 AND insurance_paid_fen >= 0 AND self_paid_fen >= 0 AND eligible_fen >= 0
    AND insurance_paid_fen + self_paid_fen = total_fen AND eligible_fen <= self_paid_fen
  ),
  CONSTRAINT aid_claim_dates CHECK (admission_on <= discharge_on),
  CONSTRAINT aid_claim_type_fields CHECK (
    (claim_type = 'hospital') = (hospital_days IS NOT NULL)
    AND (claim_type = 'critical_illness') = (critical_illness_code IS NOT NULL)
  ),
  CONSTRAINT aid_claim_override_reason CHECK (approved_fen IS NULL OR approved_fen = computed_fen OR override_reason IS NOT NULL),
  CONSTRAINT aid_claim_decided CHECK (status NOT IN ('approved', 'paid') OR (approved_fen IS NOT NULL AND decided_at IS NOT NULL)),
  CONSTRAINT aid_claim_paid CHECK (status <> 'paid' OR (paid_at IS NOT NULL AND payout_ref IS NOT NULL)),
  CONSTRAINT aid_claim_submitted CHECK (status = 'draft' OR submitted_at IS NOT NULL)
);
-- 我的申请, newest first.
CREATE INDEX aid_claim_member_idx ON aid_claim (member_id, id DESC);
-- The reviewers' queue: open claims, oldest first; the scope test runs on the few open rows.
CREATE INDEX aid_claim_open_idx ON aid_claim (submitted_at, id) WHERE status IN ('submitted', 'in_review', 'need_more', 'second_review');
-- A coverage's claims: its history, and submitClaim's check for a stay already claimed.
CREATE INDEX aid_claim_enrolment_idx ON aid_claim (enrolment_id, admission_on);

-- A claim's documents: uploaded files (purpose claim_document, file.record = 'aid_claim:<id>'),
-- each counted for one checklist item.
CREATE TABLE aid_claim_document (
  claim_id integer NOT NULL REFERENCES aid_claim(id),
  file_id integer NOT NULL UNIQUE REFERENCES file(id),
  doc_type text NOT NULL CHECK (doc_type IN ('invoice', 'discharge_summary', 'itemised_bill', 'diagnosis', 'prescription', 'pathology', 'supplement')),
  round smallint NOT NULL DEFAULT 0 CHECK (round >= 0),
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (claim_id, file_id)
);

-- The status timeline the member follows and the reviewers' record: who did what, when, why.
CREATE TABLE aid_claim_event (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  claim_id integer NOT NULL REFERENCES aid_claim(id),
  actor_user_id integer REFERENCES app_user(id),
  kind text NOT NULL CHECK (kind IN (
    'submitted', 'taken', 'released', 'need_more', 'documents_added', 'approved', 'second_review',
    'second_approved', 'returned', 'rejected', 'paid', 'withdrawn'
  )),
  -- The status the claim moved to.
  status text NOT NULL,
  reason text,
  detail jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX aid_claim_event_claim_idx ON aid_claim_event (claim_id, id);

-- Retention of claim documents (README, 医疗互助): kept 5 years after a claim is closed (paid or
-- rejected), 30 days after it is withdrawn; then the file housekeeping job deletes them. Set here,
-- on the status change itself, so no code path that closes a claim can forget it.
CREATE FUNCTION aid_claim_document_retention() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE file SET delete_after = now() + CASE NEW.status WHEN 'withdrawn' THEN interval '30 days' ELSE interval '5 years' END
   WHERE record = 'aid_claim:' || NEW.id AND delete_after IS NULL;
  RETURN NEW;
END
$$;
CREATE TRIGGER aid_claim_document_retention AFTER UPDATE OF status ON aid_claim
  FOR EACH ROW WHEN (NEW.status IN ('paid', 'rejected', 'withdrawn') AND OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION aid_claim_document_retention();
