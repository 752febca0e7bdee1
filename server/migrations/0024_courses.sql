-- 职工课堂 (issue 12): courses of video and article lessons, learning progress counted from the
-- segments actually watched, certificates anyone can verify, offline courses ordered by
-- enterprises (点单—下单—送单), question banks, quizzes scored on the server, and 答题拉力赛
-- contests between branches. A course's, bank's, quiz's or contest's branch is its scope: members
-- of that branch's subtree see it once published, course_editors covering it edit it.

ALTER TABLE role_grant DROP CONSTRAINT role_grant_role_check;
ALTER TABLE role_grant ADD CONSTRAINT role_grant_role_check
  CHECK (role IN ('admin', 'mall_operator', 'claim_reviewer', 'lawyer', 'matchmaker', 'aid_admin', 'legal_admin', 'librarian', 'course_editor'));

-- A video's length, read from its MP4 header when uploaded (server/files/process.ts).
ALTER TABLE file ADD COLUMN duration_seconds integer CHECK (duration_seconds >= 0);

CREATE TABLE course (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  branch_id integer NOT NULL REFERENCES branch(id),
  branch_path text COLLATE "C" NOT NULL,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 60),
  summary text NOT NULL DEFAULT '',
  teacher text NOT NULL DEFAULT '',
  -- One of courseCategories (src/shared/course/names.ts).
  category text NOT NULL,
  -- A public image, or none (pages draw a plain cover with the title).
  cover_file_id integer REFERENCES file(id),
  -- Enterprises may order it as an offline course (点单).
  orderable boolean NOT NULL DEFAULT false,
  -- draft: being built; published: members see it; unpublished: taken down (enrolled members keep their record).
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'unpublished')),
  published_at timestamptz,
  -- Live lessons (removed_at IS NULL), kept in step by the course part.
  lesson_count integer NOT NULL DEFAULT 0 CHECK (lesson_count >= 0),
  enrolled_count integer NOT NULL DEFAULT 0 CHECK (enrolled_count >= 0),
  created_by integer NOT NULL REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'draft') OR (published_at IS NOT NULL))
);
CREATE INDEX course_published_idx ON course (published_at DESC, id DESC) WHERE status = 'published';
CREATE INDEX course_category_idx ON course (category, published_at DESC, id DESC) WHERE status = 'published';
CREATE INDEX course_branch_idx ON course (branch_path);

-- A lesson is a video (an uploaded MP4 or a video URL, with its length) or an article (sanitised
-- rich text). A lesson removed after members started it is kept (removed_at), so their progress stays.
CREATE TABLE course_lesson (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  course_id integer NOT NULL REFERENCES course(id),
  ord integer NOT NULL CHECK (ord >= 0),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 60),
  kind text NOT NULL CHECK (kind IN ('video', 'article')),
  video_file_id integer REFERENCES file(id),
  video_url text,
  -- Whole seconds of video: from the MP4 header for an upload, entered by the editor for a URL.
  duration_seconds integer CHECK (duration_seconds BETWEEN 1 AND 36000),
  article_html text,
  -- Characters of the article's text, for how long reaching its end plausibly takes.
  article_chars integer CHECK (article_chars >= 0),
  removed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (kind <> 'video' OR ((video_file_id IS NULL) <> (video_url IS NULL) AND duration_seconds IS NOT NULL)),
  CHECK (kind <> 'article' OR (article_html IS NOT NULL AND article_chars IS NOT NULL))
);
-- Live lessons are in order; reordering moves several in one statement.
CREATE UNIQUE INDEX course_lesson_ord_idx ON course_lesson (course_id, ord) WHERE removed_at IS NULL;

-- A member's enrolment: progress, completion (online, or by attending an offline session).
CREATE TABLE course_enrolment (
  course_id integer NOT NULL REFERENCES course(id),
  member_id integer NOT NULL REFERENCES member(id),
  enrolled_at timestamptz NOT NULL DEFAULT now(),
  completed_lessons integer NOT NULL DEFAULT 0 CHECK (completed_lessons >= 0),
  last_lesson_id integer REFERENCES course_lesson(id),
  completed_at timestamptz,
  completed_via text CHECK (completed_via IN ('online', 'offline')),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (course_id, member_id),
  CHECK ((completed_at IS NULL) = (completed_via IS NULL))
);
CREATE INDEX course_enrolment_member_idx ON course_enrolment (member_id, updated_at DESC);

-- A member's progress in one lesson. Video: the seconds of media actually watched, as a set of
-- ranges merged from heartbeats; complete at 90% of the length. Article: opened, then its end reached.
CREATE TABLE course_lesson_progress (
  lesson_id integer NOT NULL REFERENCES course_lesson(id),
  member_id integer NOT NULL REFERENCES member(id),
  course_id integer NOT NULL REFERENCES course(id),
  watched int4multirange NOT NULL DEFAULT '{}',
  watched_seconds integer NOT NULL DEFAULT 0 CHECK (watched_seconds >= 0),
  -- Where playback resumes.
  position_seconds integer NOT NULL DEFAULT 0 CHECK (position_seconds >= 0),
  opened_at timestamptz NOT NULL DEFAULT now(),
  -- The server's time of the last heartbeat: media watched since cannot exceed the wall time since.
  last_beat_at timestamptz,
  completed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (lesson_id, member_id)
);
CREATE INDEX course_lesson_progress_member_idx ON course_lesson_progress (member_id, course_id);

-- One certificate per member and course, made when the course is completed. The code is what
-- anyone checks on the public page; the PDF is drawn on first download and kept.
CREATE TABLE course_certificate (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[0-9A-Z]{12}$'),
  course_id integer NOT NULL REFERENCES course(id),
  member_id integer NOT NULL REFERENCES member(id),
  -- As they were on the day: the certificate says what was true when it was issued.
  member_name text NOT NULL,
  course_title text NOT NULL,
  issuer_name text NOT NULL,
  completed_via text NOT NULL CHECK (completed_via IN ('online', 'offline')),
  issued_at timestamptz NOT NULL DEFAULT now(),
  file_id integer REFERENCES file(id),
  UNIQUE (course_id, member_id)
);
CREATE INDEX course_certificate_member_idx ON course_certificate (member_id, issued_at DESC);

-- 点单—下单—送单: an enterprise union orders a course for its workers; the county union above it
-- accepts (and schedules sessions) or declines with a reason.
CREATE TABLE course_order (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  course_id integer NOT NULL REFERENCES course(id),
  -- The ordering branch (its workers are the audience).
  branch_id integer NOT NULL REFERENCES branch(id),
  branch_path text COLLATE "C" NOT NULL,
  ordered_by integer NOT NULL REFERENCES app_user(id),
  headcount integer NOT NULL CHECK (headcount BETWEEN 1 AND 10000),
  preferred_dates date[] NOT NULL CHECK (cardinality(preferred_dates) BETWEEN 1 AND 3),
  note text NOT NULL DEFAULT '',
  contact_name text NOT NULL,
  contact_phone text NOT NULL,
  status text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'accepted', 'declined', 'cancelled', 'delivered')),
  decided_by integer REFERENCES app_user(id),
  decided_at timestamptz,
  decline_reason text,
  -- A retried order answers the order it made.
  request_id text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'declined') = (decline_reason IS NOT NULL)),
  CHECK (decided_by IS NULL OR decided_by <> ordered_by)
);
CREATE INDEX course_order_branch_idx ON course_order (branch_path, created_at DESC);
CREATE INDEX course_order_open_idx ON course_order (created_at) WHERE status = 'requested';

-- A scheduled offline session (送单): place, time and capacity; its audience is the ordering
-- branch's subtree (or the organiser's own subtree for a session not made from an order).
CREATE TABLE course_session (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  course_id integer NOT NULL REFERENCES course(id),
  order_id integer REFERENCES course_order(id),
  -- Who runs it (the county union) and who may sign up.
  organiser_branch_id integer NOT NULL REFERENCES branch(id),
  audience_branch_id integer NOT NULL REFERENCES branch(id),
  audience_path text COLLATE "C" NOT NULL,
  place text NOT NULL CHECK (length(place) BETWEEN 1 AND 100),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
  -- Signed (not waitlisted, not cancelled) members, kept in step under the session's row lock.
  signed_count integer NOT NULL DEFAULT 0 CHECK (signed_count >= 0),
  status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled', 'finished')),
  -- Secret behind the check-in QR code shown at the session (rotated codes are derived from it).
  checkin_secret text NOT NULL,
  created_by integer NOT NULL REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at),
  CHECK (signed_count <= capacity)
);
CREATE INDEX course_session_audience_idx ON course_session (audience_path, starts_at);
CREATE INDEX course_session_order_idx ON course_session (order_id);

CREATE TABLE course_session_signup (
  session_id integer NOT NULL REFERENCES course_session(id),
  member_id integer NOT NULL REFERENCES member(id),
  status text NOT NULL CHECK (status IN ('signed', 'waitlisted', 'cancelled', 'attended')),
  -- Waitlist order: the earliest promoted first.
  queued_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  checked_in_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (session_id, member_id),
  CHECK ((status = 'attended') = (checked_in_at IS NOT NULL))
);
CREATE INDEX course_session_waitlist_idx ON course_session_signup (session_id, queued_at) WHERE status = 'waitlisted';
CREATE INDEX course_session_signup_member_idx ON course_session_signup (member_id, updated_at DESC);

-- 题库: questions an editor keeps for its subtree's quizzes.
CREATE TABLE question_bank (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  branch_id integer NOT NULL REFERENCES branch(id),
  branch_path text COLLATE "C" NOT NULL,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 40),
  description text NOT NULL DEFAULT '',
  question_count integer NOT NULL DEFAULT 0 CHECK (question_count >= 0),
  created_by integer NOT NULL REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX question_bank_branch_idx ON question_bank (branch_path);

-- single: one option right; multiple: two or more right; judge: 正确/错误 as options 0 and 1.
-- `answer` holds option indexes, ascending. Never sent to a member before their attempt is submitted.
CREATE TABLE question (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  bank_id integer NOT NULL REFERENCES question_bank(id),
  kind text NOT NULL CHECK (kind IN ('single', 'multiple', 'judge')),
  stem text NOT NULL CHECK (length(stem) BETWEEN 1 AND 500),
  options text[] NOT NULL CHECK (cardinality(options) BETWEEN 2 AND 8),
  answer smallint[] NOT NULL CHECK (cardinality(answer) >= 1),
  explanation text NOT NULL DEFAULT '',
  tags text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 5),
  difficulty smallint NOT NULL CHECK (difficulty BETWEEN 1 AND 3),
  -- retired: no longer drawn; kept because attempts point at it.
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
  created_by integer NOT NULL REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX question_draw_idx ON question (bank_id, difficulty) WHERE status = 'active';
CREATE INDEX question_tags_idx ON question USING gin (tags);

-- An Excel import into a bank: all rows or none; every bad row is reported with its own error.
CREATE TABLE question_import (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  bank_id integer NOT NULL REFERENCES question_bank(id),
  file_id integer NOT NULL REFERENCES file(id),
  requested_by integer NOT NULL REFERENCES app_user(id),
  request_id text NOT NULL UNIQUE,
  status text NOT NULL CHECK (status IN ('done', 'failed')),
  row_count integer NOT NULL DEFAULT 0,
  imported_count integer NOT NULL DEFAULT 0,
  -- [{ row, column?, message }] when failed.
  errors jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A quiz draws its questions from a bank by rules ([{ tags, difficulty, count }]). Modes:
-- practice (answers shown after each submit, no limit on attempts by default), graded (pass mark,
-- attempt limit), contest (a round of a 答题拉力赛; the contest sets its rules).
CREATE TABLE quiz (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  branch_id integer NOT NULL REFERENCES branch(id),
  branch_path text COLLATE "C" NOT NULL,
  bank_id integer NOT NULL REFERENCES question_bank(id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 40),
  description text NOT NULL DEFAULT '',
  mode text NOT NULL CHECK (mode IN ('practice', 'graded', 'contest')),
  draw_rules jsonb NOT NULL,
  question_count integer NOT NULL CHECK (question_count BETWEEN 1 AND 100),
  time_limit_seconds integer NOT NULL CHECK (time_limit_seconds BETWEEN 30 AND 7200),
  -- Attempts a member may submit in all (NULL: no limit); a contest counts per day instead.
  attempt_limit integer CHECK (attempt_limit BETWEEN 1 AND 100),
  -- Percentage of correct answers that passes (graded).
  pass_percent integer NOT NULL DEFAULT 60 CHECK (pass_percent BETWEEN 0 AND 100),
  -- Set for a contest's round quiz.
  contest_id integer,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'closed')),
  published_at timestamptz,
  created_by integer NOT NULL REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((mode = 'contest') = (contest_id IS NOT NULL))
);
CREATE INDEX quiz_branch_idx ON quiz (branch_path, published_at DESC) WHERE status = 'published' AND mode <> 'contest';

-- One attempt. The questions are drawn when it starts (and options shuffled per attempt); time is
-- the server's: deadline_at = started_at + the limit. Scored once, on submit or at expiry.
CREATE TABLE quiz_attempt (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  quiz_id integer NOT NULL REFERENCES quiz(id),
  member_id integer NOT NULL REFERENCES member(id),
  contest_id integer,
  -- The member's nth attempt at this quiz (1-based).
  attempt_no integer NOT NULL CHECK (attempt_no >= 1),
  -- Shanghai day the attempt started (a contest's daily limit counts these).
  day date NOT NULL,
  question_ids integer[] NOT NULL,
  -- Per question, the order its options are shown in (option_orders[i] is a permutation of indexes).
  option_orders jsonb NOT NULL,
  status text NOT NULL DEFAULT 'in_progress' CHECK (status IN ('in_progress', 'submitted', 'expired')),
  started_at timestamptz NOT NULL DEFAULT now(),
  deadline_at timestamptz NOT NULL,
  submitted_at timestamptz,
  correct_count integer CHECK (correct_count >= 0),
  question_count integer NOT NULL CHECK (question_count >= 1),
  score integer CHECK (score BETWEEN 0 AND 100),
  -- Time taken, by the server's clock, capped at the limit.
  duration_ms integer CHECK (duration_ms >= 0),
  passed boolean,
  request_id text NOT NULL UNIQUE,
  CHECK ((status = 'in_progress') = (submitted_at IS NULL)),
  CHECK ((status = 'in_progress') = (correct_count IS NULL))
);
-- Fairness: one attempt in progress per member and quiz, whatever the number of devices.
CREATE UNIQUE INDEX quiz_attempt_in_progress_idx ON quiz_attempt (member_id, quiz_id) WHERE status = 'in_progress';
CREATE UNIQUE INDEX quiz_attempt_no_idx ON quiz_attempt (member_id, quiz_id, attempt_no);
CREATE INDEX quiz_attempt_expiry_idx ON quiz_attempt (deadline_at) WHERE status = 'in_progress';

CREATE TABLE quiz_attempt_answer (
  attempt_id integer NOT NULL REFERENCES quiz_attempt(id),
  question_id integer NOT NULL REFERENCES question(id),
  -- Option indexes as stored in question.options (not as shown), ascending.
  choice smallint[] NOT NULL,
  correct boolean,
  answered_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (attempt_id, question_id)
);

-- 答题拉力赛: a branch's contest for its subtree over a window, in rounds (each a quiz of mode
-- contest), with a daily attempt limit. Frozen at its close: the final ranking no longer moves.
CREATE TABLE contest (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  branch_id integer NOT NULL REFERENCES branch(id),
  branch_path text COLLATE "C" NOT NULL,
  branch_level smallint NOT NULL CHECK (branch_level BETWEEN 1 AND 4),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 40),
  description text NOT NULL DEFAULT '',
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  daily_attempts integer NOT NULL CHECK (daily_attempts BETWEEN 1 AND 20),
  participation_points integer NOT NULL DEFAULT 0 CHECK (participation_points BETWEEN 0 AND 100),
  -- [{ upToRank, points }] ascending: the top places' points, paid once at the freeze.
  placing_points jsonb NOT NULL DEFAULT '[]',
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'cancelled', 'frozen')),
  published_at timestamptz,
  frozen_at timestamptz,
  participant_count integer NOT NULL DEFAULT 0,
  created_by integer NOT NULL REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at),
  CHECK ((status = 'frozen') = (frozen_at IS NOT NULL))
);
CREATE INDEX contest_branch_idx ON contest (branch_path, starts_at DESC);
CREATE INDEX contest_freeze_idx ON contest (ends_at) WHERE status = 'published';
ALTER TABLE quiz ADD CONSTRAINT quiz_contest_fk FOREIGN KEY (contest_id) REFERENCES contest(id);
ALTER TABLE quiz_attempt ADD CONSTRAINT quiz_attempt_contest_fk FOREIGN KEY (contest_id) REFERENCES contest(id);

CREATE TABLE contest_round (
  contest_id integer NOT NULL REFERENCES contest(id),
  ord integer NOT NULL CHECK (ord >= 1),
  title text NOT NULL,
  quiz_id integer NOT NULL UNIQUE REFERENCES quiz(id),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  PRIMARY KEY (contest_id, ord),
  CHECK (ends_at > starts_at)
);

-- A participant's standing: the sum over rounds of their best attempt in each (more correct, then
-- less time). achieved_at (when the standing was last improved) then member_id break ties.
-- county/town/enterprise: the member's branch ancestors at levels 2, 3, 4 (NULL above the contest's
-- level or where the tree is shallower), for the branch boards.
CREATE TABLE contest_entry (
  contest_id integer NOT NULL REFERENCES contest(id),
  member_id integer NOT NULL REFERENCES member(id),
  branch_id integer NOT NULL REFERENCES branch(id),
  county_id integer REFERENCES branch(id),
  town_id integer REFERENCES branch(id),
  enterprise_id integer REFERENCES branch(id),
  correct integer NOT NULL DEFAULT 0 CHECK (correct >= 0),
  time_ms bigint NOT NULL DEFAULT 0 CHECK (time_ms >= 0),
  attempts integer NOT NULL DEFAULT 0,
  achieved_at timestamptz NOT NULL DEFAULT now(),
  first_submitted_at timestamptz,
  -- Final place, written when the contest is frozen.
  final_rank integer,
  PRIMARY KEY (contest_id, member_id)
);
CREATE INDEX contest_entry_rank_idx ON contest_entry (contest_id, correct DESC, time_ms, achieved_at, member_id);
CREATE INDEX contest_entry_final_idx ON contest_entry (contest_id, final_rank) WHERE final_rank IS NOT NULL;

CREATE TABLE contest_round_best (
  contest_id integer NOT NULL REFERENCES contest(id),
  round_ord integer NOT NULL,
  member_id integer NOT NULL REFERENCES member(id),
  attempt_id integer NOT NULL REFERENCES quiz_attempt(id),
  correct integer NOT NULL,
  time_ms integer NOT NULL,
  PRIMARY KEY (contest_id, round_ord, member_id)
);

-- Branch boards (each level below the contest's branch), recomputed while the contest runs and
-- written a last time when it is frozen. Members: the branch subtree's members when computed.
CREATE TABLE contest_branch_standing (
  contest_id integer NOT NULL REFERENCES contest(id),
  level smallint NOT NULL CHECK (level BETWEEN 2 AND 4),
  branch_id integer NOT NULL REFERENCES branch(id),
  participants integer NOT NULL,
  members integer NOT NULL,
  -- Average of participants' correct answers ×100 (an integer), and participants per 10,000 members.
  avg_correct_x100 integer NOT NULL,
  participation_bp integer NOT NULL,
  score_rank integer NOT NULL,
  participation_rank integer NOT NULL,
  computed_at timestamptz NOT NULL,
  PRIMARY KEY (contest_id, level, branch_id)
);
CREATE INDEX contest_branch_score_idx ON contest_branch_standing (contest_id, level, score_rank);
CREATE INDEX contest_branch_participation_idx ON contest_branch_standing (contest_id, level, participation_rank);
