-- 在线律师 (issue 10): questions to union lawyers, their threads, the duty roster, response-time
-- escalation, hand-offs to 法律援助 / 劳动争议调解, and the knowledge base (常见问题).
-- Times are timestamptz; "working time" (nights, weekends and public holidays not counted) is
-- computed in server/legal/deadlines.ts and frozen into each question when it is asked.

ALTER TABLE role_grant DROP CONSTRAINT role_grant_role_check;
ALTER TABLE role_grant ADD CONSTRAINT role_grant_role_check
  CHECK (role IN ('admin', 'mall_operator', 'claim_reviewer', 'lawyer', 'matchmaker', 'aid_admin', 'legal_admin'));

-- The response-time policy: one row, edited by a city legal_admin. Minutes are working minutes.
CREATE TABLE legal_policy (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  -- First response due this long after asking.
  response_minutes integer NOT NULL DEFAULT 120 CHECK (response_minutes BETWEEN 15 AND 7200),
  -- Past the due time: escalate to the county's legal_admin, then to the city's.
  county_after_minutes integer NOT NULL DEFAULT 120 CHECK (county_after_minutes BETWEEN 0 AND 7200),
  city_after_minutes integer NOT NULL DEFAULT 240 CHECK (city_after_minutes BETWEEN 0 AND 7200),
  -- The working day, minutes after Shanghai midnight (08:30–17:30 by default).
  workday_start_minute smallint NOT NULL DEFAULT 510,
  workday_end_minute smallint NOT NULL DEFAULT 1050,
  -- A question the lawyer answered closes after this many days without the member's reply.
  auto_close_days smallint NOT NULL DEFAULT 7 CHECK (auto_close_days BETWEEN 1 AND 60),
  updated_by integer REFERENCES app_user(id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (0 <= workday_start_minute AND workday_start_minute < workday_end_minute AND workday_end_minute <= 1440),
  CHECK (county_after_minutes <= city_after_minutes)
);
INSERT INTO legal_policy DEFAULT VALUES;

-- 值班表: who is on duty for which queue (a county's or the city's), by ISO weekday (1 = Monday)
-- and Shanghai minutes of the day.
CREATE TABLE legal_roster (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  branch_id integer NOT NULL REFERENCES branch(id),
  lawyer_user_id integer NOT NULL REFERENCES app_user(id),
  weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  start_minute smallint NOT NULL CHECK (start_minute >= 0),
  end_minute smallint NOT NULL CHECK (end_minute <= 1440),
  created_by integer NOT NULL REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (start_minute < end_minute),
  UNIQUE (branch_id, lawyer_user_id, weekday, start_minute)
);
CREATE INDEX legal_roster_lawyer_idx ON legal_roster (lawyer_user_id);

CREATE TABLE legal_question (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  asker_user_id integer NOT NULL REFERENCES app_user(id),
  member_id integer NOT NULL REFERENCES member(id),
  -- The member's branch when asking, and its path (a later move does not move the question).
  branch_id integer NOT NULL REFERENCES branch(id),
  branch_path text COLLATE "C" NOT NULL,
  -- The member's county (level 2; the city for a member of the city branch itself): the only
  -- thing about the asker a lawyer sees of an anonymous question.
  county_branch_id integer NOT NULL REFERENCES branch(id),
  -- Whose queue: the county's, or the city's when the county had no roster at asking time.
  queue_branch_id integer NOT NULL REFERENCES branch(id),
  queue_path text COLLATE "C" NOT NULL,
  category text NOT NULL CHECK (category IN ('labour_contract', 'wages', 'work_injury', 'social_insurance', 'dismissal', 'other')),
  title text NOT NULL,
  body text NOT NULL,
  anonymous boolean NOT NULL,
  -- The client's id for the ask tap: a retried ask answers the question it made.
  request_id text NOT NULL,
  -- open: in the lawyers' hands; resolved: the member marked it resolved; closed: no reply from
  -- the member for auto_close_days after the lawyer's last message.
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'closed')),
  lawyer_user_id integer REFERENCES app_user(id),
  claimed_at timestamptz,
  -- Whose turn it is: the lawyer's after the member wrote, the member's after the lawyer did.
  awaiting text NOT NULL DEFAULT 'lawyer' CHECK (awaiting IN ('lawyer', 'member')),
  asked_at timestamptz NOT NULL DEFAULT now(),
  first_response_at timestamptz,
  -- Frozen at asking from legal_policy: first response due, then the two escalations.
  due_at timestamptz NOT NULL,
  escalate_county_at timestamptz NOT NULL,
  escalate_city_at timestamptz NOT NULL,
  -- Steps taken so far: 1 on-duty lawyers reminded, 2 county legal_admin, 3 city legal_admin.
  escalation_step smallint NOT NULL DEFAULT 0 CHECK (escalation_step BETWEEN 0 AND 3),
  last_member_at timestamptz NOT NULL DEFAULT now(),
  last_lawyer_at timestamptz,
  -- The lawyer marked "needs offline help" (a hand-off to a case follows, legal_case).
  needs_offline boolean NOT NULL DEFAULT false,
  rating smallint CHECK (rating BETWEEN 1 AND 5),
  rating_comment text,
  rated_at timestamptz,
  closed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT legal_question_request_once UNIQUE (asker_user_id, request_id),
  CONSTRAINT legal_question_claimed CHECK ((lawyer_user_id IS NULL) = (claimed_at IS NULL)),
  CONSTRAINT legal_question_rated CHECK ((rating IS NULL) = (rated_at IS NULL)),
  CONSTRAINT legal_question_closed CHECK ((status = 'open') = (closed_at IS NULL)),
  CONSTRAINT legal_question_deadlines CHECK (asked_at <= due_at AND due_at <= escalate_county_at AND escalate_county_at <= escalate_city_at)
);
-- 我的咨询, newest first.
CREATE INDEX legal_question_member_idx ON legal_question (asker_user_id, id DESC);
-- The lawyers' queues: open questions of a queue subtree, oldest first.
CREATE INDEX legal_question_queue_idx ON legal_question (queue_path, asked_at, id) WHERE status = 'open';
-- A lawyer's own open questions.
CREATE INDEX legal_question_lawyer_idx ON legal_question (lawyer_user_id, asked_at, id) WHERE status = 'open';
-- The escalation job: unanswered open questions by due time.
CREATE INDEX legal_question_due_idx ON legal_question (due_at) WHERE status = 'open' AND first_response_at IS NULL AND escalation_step < 3;
-- The auto-close job: open questions waiting for the member, by the lawyer's last message.
CREATE INDEX legal_question_idle_idx ON legal_question (last_lawyer_at) WHERE status = 'open' AND awaiting = 'member';
-- Figures per county and per lawyer.
CREATE INDEX legal_question_county_idx ON legal_question (county_branch_id, asked_at);

-- The thread. Attachments are files (purpose lawyer_attachment) with file.record
-- 'legal_question:<id>' (asked with the question) or 'legal_message:<id>'.
CREATE TABLE legal_message (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  question_id integer NOT NULL REFERENCES legal_question(id),
  author_user_id integer NOT NULL REFERENCES app_user(id),
  author_side text NOT NULL CHECK (author_side IN ('member', 'lawyer')),
  body text NOT NULL,
  -- The client's id for the send tap: a retried send answers the message it made.
  request_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT legal_message_request_once UNIQUE (question_id, author_user_id, request_id)
);
CREATE INDEX legal_message_question_idx ON legal_message (question_id, id);

-- The question's timeline and the record of who did what. The partial unique index makes each
-- escalation step and each closing event happen once, however often a job or a retry runs.
CREATE TABLE legal_event (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  question_id integer NOT NULL REFERENCES legal_question(id),
  actor_user_id integer REFERENCES app_user(id),
  kind text NOT NULL CHECK (kind IN (
    'asked', 'claimed', 'assigned', 'released', 'first_response', 'reminded', 'escalated_county',
    'escalated_city', 'needs_offline', 'handed_off', 'resolved', 'rated', 'closed', 'identity_revealed',
    'published'
  )),
  detail jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX legal_event_question_idx ON legal_event (question_id, id);
CREATE UNIQUE INDEX legal_event_once_idx ON legal_event (question_id, kind)
  WHERE kind IN ('first_response', 'reminded', 'escalated_county', 'escalated_city', 'handed_off', 'resolved', 'rated', 'closed');

-- A hand-off to offline help, followed by the county's legal_admin: submitted (转交) → accepted
-- (已受理) → in_progress (处理中) → closed (已结案) with an outcome.
CREATE TABLE legal_case (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  question_id integer NOT NULL UNIQUE REFERENCES legal_question(id),
  kind text NOT NULL CHECK (kind IN ('legal_aid', 'mediation')),
  county_branch_id integer NOT NULL REFERENCES branch(id),
  county_path text COLLATE "C" NOT NULL,
  status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'accepted', 'in_progress', 'closed')),
  outcome text CHECK (outcome IN ('succeeded', 'not_succeeded', 'withdrawn', 'referred')),
  -- The lawyer's summary for the service centre.
  summary text NOT NULL,
  handed_off_by integer NOT NULL REFERENCES app_user(id),
  -- When the member agreed to give the centre their name and phone (needed to help offline).
  contact_consent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  accepted_at timestamptz,
  closed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT legal_case_closed CHECK ((status = 'closed') = (closed_at IS NOT NULL) AND (status = 'closed') = (outcome IS NOT NULL))
);
CREATE INDEX legal_case_county_idx ON legal_case (county_path, status, id);

CREATE TABLE legal_case_note (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id integer NOT NULL REFERENCES legal_case(id),
  author_user_id integer NOT NULL REFERENCES app_user(id),
  -- The status the case moved to with this note (unchanged for a plain note).
  status text NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX legal_case_note_case_idx ON legal_case_note (case_id, id);

-- 常见问题: anonymised, lawyer-edited versions of resolved exchanges. search_vector holds the
-- words of title (weight A) and text (B) as segmented by server/search (jieba): PostgreSQL's
-- own parsers do not split Chinese into words.
CREATE TABLE legal_kb_article (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source_question_id integer UNIQUE REFERENCES legal_question(id),
  category text NOT NULL CHECK (category IN ('labour_contract', 'wages', 'work_injury', 'social_insurance', 'dismissal', 'other')),
  title text NOT NULL,
  question_text text NOT NULL,
  answer_text text NOT NULL,
  status text NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'withdrawn')),
  published_by integer NOT NULL REFERENCES app_user(id),
  published_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  search_vector tsvector NOT NULL
);
CREATE INDEX legal_kb_search_idx ON legal_kb_article USING gin (search_vector) WHERE status = 'published';
CREATE INDEX legal_kb_category_idx ON legal_kb_article (category, published_at DESC, id DESC) WHERE status = 'published';
