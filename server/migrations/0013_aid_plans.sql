-- 医疗互助 (medical mutual aid), part 1: plans, enrolments, the yearly counters and payouts.
-- Money is integer fen, ratios integer basis points. The rules a payout is computed from live in
-- aid_plan.rules (PlanRules, src/shared/api/aid-plans.ts) and are computed by one pure engine
-- (src/shared/aid/payout-engine.ts); aid_year_usage and aid_payout are written only by
-- applyPayout (server/aid/payout.ts), under a lock on the usage row.

ALTER TABLE role_grant DROP CONSTRAINT role_grant_role_check;
ALTER TABLE role_grant ADD CONSTRAINT role_grant_role_check
  CHECK (role IN ('admin', 'mall_operator', 'claim_reviewer', 'lawyer', 'matchmaker', 'aid_admin'));

CREATE TABLE aid_plan (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  coverage_year smallint NOT NULL CHECK (coverage_year BETWEEN 2000 AND 2099),
  contribution_fen integer NOT NULL CHECK (contribution_fen >= 0),
  -- Members of this branch's subtree may enrol.
  eligible_branch_id integer NOT NULL REFERENCES branch(id),
  individual_enrolment boolean NOT NULL DEFAULT false,
  -- A batch must enrol at least this share of the enterprise's members (8000 = 80%).
  participation_min_bp integer CHECK (participation_min_bp BETWEEN 1 AND 10000),
  -- Manual claims must be filed within this many days of discharge.
  filing_window_days integer NOT NULL CHECK (filing_window_days BETWEEN 1 AND 3650),
  rules jsonb NOT NULL CHECK (jsonb_typeof(rules) = 'object'),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
  version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  -- A correction of an open plan is a new version; one version has at most one successor.
  previous_version_id integer UNIQUE REFERENCES aid_plan(id),
  created_by integer REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  opened_at timestamptz,
  closed_at timestamptz,
  CHECK ((previous_version_id IS NULL) = (version = 1)),
  CHECK (status = 'draft' OR opened_at IS NOT NULL),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX aid_plan_year_idx ON aid_plan (coverage_year, status);
CREATE INDEX aid_plan_branch_idx ON aid_plan (eligible_branch_id);

-- Once a plan leaves draft, what members enrolled under can no longer change, by any code path:
-- a correction is a new version. Only the status may move on (open → closed), never back.
CREATE FUNCTION aid_plan_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' THEN
      RAISE EXCEPTION 'aid_plan %: only a draft plan can be deleted', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status <> 'draft' AND (
    NEW.rules IS DISTINCT FROM OLD.rules
    OR NEW.name IS DISTINCT FROM OLD.name
    OR NEW.coverage_year IS DISTINCT FROM OLD.coverage_year
    OR NEW.contribution_fen IS DISTINCT FROM OLD.contribution_fen
    OR NEW.eligible_branch_id IS DISTINCT FROM OLD.eligible_branch_id
    OR NEW.individual_enrolment IS DISTINCT FROM OLD.individual_enrolment
    OR NEW.participation_min_bp IS DISTINCT FROM OLD.participation_min_bp
    OR NEW.filing_window_days IS DISTINCT FROM OLD.filing_window_days
    OR NEW.version IS DISTINCT FROM OLD.version
    OR NEW.previous_version_id IS DISTINCT FROM OLD.previous_version_id
    OR NEW.opened_at IS DISTINCT FROM OLD.opened_at
  ) THEN
    RAISE EXCEPTION 'aid_plan %: the rules of a plan that is % are frozen', OLD.id, OLD.status USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.status = 'closed' AND NEW.status <> 'closed' OR OLD.status = 'open' AND NEW.status = 'draft' THEN
    RAISE EXCEPTION 'aid_plan %: status cannot go back from % to %', OLD.id, OLD.status, NEW.status USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER aid_plan_frozen BEFORE UPDATE OR DELETE ON aid_plan
  FOR EACH ROW EXECUTE FUNCTION aid_plan_frozen();

CREATE TABLE aid_enrolment (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  plan_id integer NOT NULL REFERENCES aid_plan(id),
  member_id integer NOT NULL REFERENCES member(id),
  -- The member's branch when enrolled: figures by branch stay put when a member moves.
  branch_id integer NOT NULL REFERENCES branch(id),
  source text NOT NULL CHECK (source IN ('batch', 'individual')),
  -- The enterprise's enrolment batch; its foreign key comes with the batch table (0014).
  batch_id integer,
  status text NOT NULL CHECK (status IN ('pending_payment', 'active', 'cancelled')),
  starts_on date NOT NULL,
  -- The first day a bill is covered: starts_on + observationDays, or starts_on on renewal.
  observation_ends_on date NOT NULL,
  ends_on date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (plan_id, member_id),
  CHECK (observation_ends_on >= starts_on AND ends_on >= starts_on),
  CHECK ((source = 'batch') = (batch_id IS NOT NULL))
);
-- The member's coverage and history, newest first.
CREATE INDEX aid_enrolment_member_idx ON aid_enrolment (member_id, starts_on DESC);
CREATE INDEX aid_enrolment_branch_idx ON aid_enrolment (branch_id, plan_id);
CREATE INDEX aid_enrolment_batch_idx ON aid_enrolment (batch_id) WHERE batch_id IS NOT NULL;

-- The yearly counters every payout moves, one row per enrolment (an enrolment is one coverage
-- year), created with the enrolment so a payout always has a row to lock.
CREATE TABLE aid_year_usage (
  enrolment_id integer PRIMARY KEY REFERENCES aid_enrolment(id),
  coverage_year smallint NOT NULL,
  deductible_used_fen integer NOT NULL DEFAULT 0 CHECK (deductible_used_fen >= 0),
  paid_fen integer NOT NULL DEFAULT 0 CHECK (paid_fen >= 0),
  hospital_days_paid integer NOT NULL DEFAULT 0 CHECK (hospital_days_paid >= 0),
  critical_codes_paid text[] NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The counters never pass the plan's yearly cap or deductible, whatever writes them.
CREATE FUNCTION aid_year_usage_within_rules() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  plan_rules jsonb;
BEGIN
  SELECT p.rules INTO plan_rules FROM aid_enrolment e JOIN aid_plan p ON p.id = e.plan_id WHERE e.id = NEW.enrolment_id;
  IF NEW.paid_fen > (plan_rules->>'yearlyCapFen')::integer THEN
    RAISE EXCEPTION 'aid_year_usage %: paid % is above the yearly cap', NEW.enrolment_id, NEW.paid_fen USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.deductible_used_fen > (plan_rules->>'deductibleFen')::integer THEN
    RAISE EXCEPTION 'aid_year_usage %: deductible used % is above the deductible', NEW.enrolment_id, NEW.deductible_used_fen USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER aid_year_usage_within_rules BEFORE INSERT OR UPDATE ON aid_year_usage
  FOR EACH ROW EXECUTE FUNCTION aid_year_usage_within_rules();

CREATE TABLE aid_payout (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enrolment_id integer NOT NULL REFERENCES aid_enrolment(id),
  source text NOT NULL CHECK (source IN ('settlement', 'claim')),
  -- The settlement row's key or the claim id: a retry or a re-import finds the first answer.
  source_ref text NOT NULL,
  amount_fen integer NOT NULL CHECK (amount_fen >= 0),
  -- The part of the yearly deductible this bill used up.
  deductible_fen integer NOT NULL CHECK (deductible_fen >= 0),
  hospital_days integer NOT NULL DEFAULT 0 CHECK (hospital_days >= 0),
  critical_code text,
  -- What the engine computed; amount_fen differs only with an override and its reason.
  computed_fen integer NOT NULL CHECK (computed_fen >= 0),
  override_reason text,
  bill jsonb NOT NULL,
  -- The engine's lines, in order: the member reads them as the explanation.
  explanation jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source, source_ref),
  CHECK ((amount_fen <> computed_fen) <= (override_reason IS NOT NULL))
);
CREATE INDEX aid_payout_enrolment_idx ON aid_payout (enrolment_id, id);

-- Payouts are history: never rewritten, never removed.
CREATE FUNCTION aid_payout_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'aid_payout is append-only';
END
$$;
CREATE TRIGGER aid_payout_append_only BEFORE UPDATE OR DELETE ON aid_payout
  FOR EACH ROW EXECUTE FUNCTION aid_payout_append_only();
