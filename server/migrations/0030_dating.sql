-- 嘉工鹊桥会 (issue 13): union members meet, safely. Only approved members join, by re-entering
-- their ID number once; the profile others see is the last one a matchmaker (红娘) approved; a
-- mutual like (or a mutual pick after an event) is a match, and only a match reveals contact
-- details and opens a chat. Deleting a profile erases its photos, likes, passes and chats.

-- Birth year and month and the gender are read from the ID number at joining; the number is never
-- stored here (member.id_hash is what it is checked against). birth_ym = year * 12 + month - 1, so an
-- age range is one integer range.
CREATE TABLE dating_profile (
  member_id integer PRIMARY KEY REFERENCES member(id),
  user_id integer NOT NULL UNIQUE REFERENCES app_user(id),
  gender text NOT NULL CHECK (gender IN ('male', 'female')),
  birth_year smallint NOT NULL CHECK (birth_year BETWEEN 1900 AND 2100),
  birth_month smallint NOT NULL CHECK (birth_month BETWEEN 1 AND 12),
  birth_ym integer NOT NULL CHECK (birth_ym = birth_year * 12 + birth_month - 1),
  -- The county (level-2 branch) of the member's branch, and the member's own branch (their unit,
  -- for 同单位隐身), copied at joining and kept in step when the member moves.
  county_branch_id integer NOT NULL REFERENCES branch(id),
  unit_branch_id integer NOT NULL REFERENCES branch(id),
  -- The sensitive-data consent, separate from the membership one.
  consent_version text NOT NULL,
  consent_at timestamptz NOT NULL,
  joined_at timestamptz NOT NULL DEFAULT now(),
  -- active; paused by the member (hidden, may resume); suspended by a matchmaker (hidden, may not act
  -- until suspended_until); closed by a matchmaker (for good).
  state text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'paused', 'suspended', 'closed')),
  suspended_until timestamptz,
  state_reason text,
  -- What others see: the last approved revision's content (NULL until the first approval).
  approved_at timestamptz,
  nickname text,
  height_cm smallint CHECK (height_cm BETWEEN 120 AND 230),
  -- One of datingEducations (src/shared/dating/names.ts); education_rank orders them for preferences.
  education text,
  education_rank smallint,
  occupation text,
  hometown text,
  -- never / divorced / widowed
  marital text CHECK (marital IN ('never', 'divorced', 'widowed')),
  intro text,
  interests text[] NOT NULL DEFAULT '{}',
  -- Ordered; the first is the avatar. dating_photo files attached to record dating_profile:<member_id>.
  photo_file_ids integer[] NOT NULL DEFAULT '{}' CHECK (cardinality(photo_file_ids) <= 6),
  -- Preferences (not reviewed: nobody else sees them). NULL bounds are open; empty counties: any.
  pref_age_min smallint CHECK (pref_age_min BETWEEN 18 AND 80),
  pref_age_max smallint CHECK (pref_age_max BETWEEN 18 AND 80),
  pref_height_min smallint CHECK (pref_height_min BETWEEN 120 AND 230),
  pref_height_max smallint CHECK (pref_height_max BETWEEN 120 AND 230),
  pref_education_rank smallint,
  pref_county_ids integer[] NOT NULL DEFAULT '{}',
  -- 同单位隐身: members of the same unit never see each other, whichever of the two asked.
  hide_from_unit boolean NOT NULL DEFAULT false,
  -- The contact shown to a match only (never reviewed, never listed, never in any other response).
  contact_kind text CHECK (contact_kind IN ('wechat', 'phone')),
  contact text,
  last_active_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((contact_kind IS NULL) = (contact IS NULL)),
  CHECK ((state = 'suspended') = (suspended_until IS NOT NULL))
);
-- Discovery reads approved, active profiles of one gender, newest activity first.
CREATE INDEX dating_profile_discover_idx ON dating_profile (gender, last_active_at DESC, member_id DESC)
  WHERE state = 'active' AND approved_at IS NOT NULL;
CREATE INDEX dating_profile_county_idx ON dating_profile (county_branch_id);

-- A submitted profile (the first one, or a change to its photos or text) waiting for a matchmaker.
-- content: { nickname, heightCm, education, occupation, hometown, marital, intro, interests }.
-- One pending revision per member: a new submission supersedes the waiting one.
CREATE TABLE dating_revision (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  member_id integer NOT NULL REFERENCES dating_profile(member_id) ON DELETE CASCADE,
  content jsonb NOT NULL,
  photo_file_ids integer[] NOT NULL CHECK (cardinality(photo_file_ids) BETWEEN 1 AND 6),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'superseded')),
  -- Words of the list found in the text (the matchmaker sees them highlighted).
  word_hits text[] NOT NULL DEFAULT '{}',
  -- WeChat's content check where it ran: pass / review (WeChat's suggest=review) / not_run (self-hosted).
  content_check text NOT NULL DEFAULT 'not_run' CHECK (content_check IN ('pass', 'review', 'not_run')),
  request_id text,
  submitted_at timestamptz NOT NULL DEFAULT now(),
  reviewed_by integer REFERENCES app_user(id),
  reviewed_at timestamptz,
  reject_reason text,
  CHECK ((status IN ('approved', 'rejected')) = (reviewed_by IS NOT NULL)),
  CHECK ((status = 'rejected') = (reject_reason IS NOT NULL))
);
CREATE UNIQUE INDEX dating_revision_pending_idx ON dating_revision (member_id) WHERE status = 'pending';
CREATE INDEX dating_revision_queue_idx ON dating_revision (submitted_at, id) WHERE status = 'pending';
CREATE INDEX dating_revision_member_idx ON dating_revision (member_id, id DESC);
CREATE UNIQUE INDEX dating_revision_request_idx ON dating_revision (member_id, request_id) WHERE request_id IS NOT NULL;

-- Likes and passes: one decision per pair and direction. A like's day (Shanghai) counts toward the
-- daily quota in dating_like_day, whose row is locked to count it.
CREATE TABLE dating_like (
  member_id integer NOT NULL REFERENCES dating_profile(member_id) ON DELETE CASCADE,
  target_id integer NOT NULL REFERENCES dating_profile(member_id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (member_id, target_id),
  CHECK (member_id <> target_id)
);
CREATE INDEX dating_like_target_idx ON dating_like (target_id, created_at DESC);

CREATE TABLE dating_like_day (
  member_id integer NOT NULL REFERENCES dating_profile(member_id) ON DELETE CASCADE,
  day date NOT NULL,
  likes integer NOT NULL DEFAULT 0 CHECK (likes >= 0),
  PRIMARY KEY (member_id, day)
);

CREATE TABLE dating_pass (
  member_id integer NOT NULL REFERENCES dating_profile(member_id) ON DELETE CASCADE,
  target_id integer NOT NULL REFERENCES dating_profile(member_id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (member_id, target_id),
  CHECK (member_id <> target_id)
);

-- A match: one per pair, ever (member_lo < member_hi). An unmatch or a deleted profile ends it and
-- its chat; the row stays for the union's figures, with the deleted member's side kept as an id only.
CREATE TABLE dating_match (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  member_lo integer NOT NULL REFERENCES member(id),
  member_hi integer NOT NULL REFERENCES member(id),
  via text NOT NULL CHECK (via IN ('like', 'event')),
  event_id integer,
  -- The county of each side when they matched, for the figures.
  county_lo integer NOT NULL REFERENCES branch(id),
  county_hi integer NOT NULL REFERENCES branch(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  ended_by integer REFERENCES member(id),
  end_reason text CHECK (end_reason IN ('unmatch', 'block', 'deleted', 'closed')),
  -- Chat read marks: the last message id each side has seen.
  read_lo bigint NOT NULL DEFAULT 0,
  read_hi bigint NOT NULL DEFAULT 0,
  last_message_at timestamptz,
  -- 牵手成功: one side reports it, the other confirms.
  couple_reported_by integer REFERENCES member(id),
  couple_reported_at timestamptz,
  couple_confirmed_at timestamptz,
  UNIQUE (member_lo, member_hi),
  CHECK (member_lo < member_hi),
  CHECK ((ended_at IS NULL) = (end_reason IS NULL))
);
CREATE INDEX dating_match_hi_idx ON dating_match (member_hi, created_at DESC);
CREATE INDEX dating_match_lo_idx ON dating_match (member_lo, created_at DESC);

-- Every time a contact is shown to a match: who saw whose, when.
CREATE TABLE dating_contact_reveal (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  match_id integer NOT NULL REFERENCES dating_match(id),
  viewer_member_id integer NOT NULL REFERENCES member(id),
  owner_member_id integer NOT NULL REFERENCES member(id),
  revealed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dating_contact_reveal_match_idx ON dating_contact_reveal (match_id, revealed_at);

-- Chat between the two sides of a live match: text, or one image (a dating_chat_image file
-- attached to record dating_match:<match_id>).
CREATE TABLE dating_message (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  match_id integer NOT NULL REFERENCES dating_match(id),
  sender_id integer NOT NULL REFERENCES member(id),
  kind text NOT NULL CHECK (kind IN ('text', 'image')),
  body text,
  file_id integer REFERENCES file(id),
  request_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'text') = (body IS NOT NULL AND file_id IS NULL)),
  UNIQUE (sender_id, request_id)
);
CREATE INDEX dating_message_match_idx ON dating_message (match_id, id);
CREATE INDEX dating_message_sender_idx ON dating_message (sender_id, created_at DESC);

-- Blocking hides both people from each other everywhere, and ends a match between them.
CREATE TABLE dating_block (
  member_id integer NOT NULL REFERENCES dating_profile(member_id) ON DELETE CASCADE,
  target_id integer NOT NULL REFERENCES dating_profile(member_id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (member_id, target_id),
  CHECK (member_id <> target_id)
);
CREATE INDEX dating_block_target_idx ON dating_block (target_id);

-- A report goes to the matchmakers over the reported member's branch. Kept after a profile is
-- deleted (the member ids stay), since it may be evidence.
CREATE TABLE dating_report (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  reporter_id integer NOT NULL REFERENCES member(id),
  target_id integer NOT NULL REFERENCES member(id),
  -- One of datingReportReasons.
  reason text NOT NULL,
  detail text NOT NULL DEFAULT '',
  match_id integer REFERENCES dating_match(id),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'warned', 'suspended', 'closed')),
  handled_by integer REFERENCES app_user(id),
  handled_at timestamptz,
  handling_note text,
  request_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (reporter_id <> target_id),
  CHECK ((status = 'open') = (handled_by IS NULL))
);
CREATE INDEX dating_report_queue_idx ON dating_report (created_at, id) WHERE status = 'open';
CREATE INDEX dating_report_target_idx ON dating_report (target_id, created_at DESC);
CREATE INDEX dating_report_reporter_idx ON dating_report (reporter_id, created_at DESC);
CREATE UNIQUE INDEX dating_report_request_idx ON dating_report (reporter_id, request_id) WHERE request_id IS NOT NULL;

-- 联谊活动: a matchmaker's offline event for the members of a subtree, with places per gender.
-- taken_* count the sign-ups holding a place (pending or approved), kept in step under the event's
-- row lock, so the last place goes to exactly one of two at once.
CREATE TABLE dating_event (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  branch_id integer NOT NULL REFERENCES branch(id),
  branch_path text COLLATE "C" NOT NULL,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 40),
  intro text NOT NULL DEFAULT '',
  place text NOT NULL CHECK (length(place) BETWEEN 1 AND 100),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  signup_deadline timestamptz NOT NULL,
  -- 互选 closes here (after the event).
  picks_close_at timestamptz NOT NULL,
  capacity_male integer NOT NULL CHECK (capacity_male BETWEEN 1 AND 1000),
  capacity_female integer NOT NULL CHECK (capacity_female BETWEEN 1 AND 1000),
  taken_male integer NOT NULL DEFAULT 0 CHECK (taken_male >= 0),
  taken_female integer NOT NULL DEFAULT 0 CHECK (taken_female >= 0),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'cancelled')),
  published_at timestamptz,
  cancel_reason text,
  created_by integer NOT NULL REFERENCES app_user(id),
  request_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (signup_deadline <= starts_at AND starts_at < ends_at AND ends_at <= picks_close_at),
  CHECK (taken_male <= capacity_male AND taken_female <= capacity_female)
);
CREATE INDEX dating_event_branch_idx ON dating_event (branch_path, starts_at DESC);
CREATE INDEX dating_event_published_idx ON dating_event (starts_at DESC, id DESC) WHERE status = 'published';
CREATE UNIQUE INDEX dating_event_request_idx ON dating_event (created_by, request_id) WHERE request_id IS NOT NULL;

-- pending: holds a place, waits for the matchmaker; approved; waitlisted: no place yet (promoted in
-- queued_at order when one frees); rejected; cancelled (by the member). attended: checked in by QR.
CREATE TABLE dating_event_signup (
  event_id integer NOT NULL REFERENCES dating_event(id),
  member_id integer NOT NULL REFERENCES dating_profile(member_id) ON DELETE CASCADE,
  gender text NOT NULL CHECK (gender IN ('male', 'female')),
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'waitlisted', 'rejected', 'cancelled')),
  queued_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  decided_by integer REFERENCES app_user(id),
  decided_at timestamptz,
  reject_reason text,
  checked_in_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (event_id, member_id),
  CHECK (checked_in_at IS NULL OR status = 'approved')
);
CREATE INDEX dating_event_waitlist_idx ON dating_event_signup (event_id, gender, queued_at) WHERE status = 'waitlisted';
CREATE INDEX dating_event_signup_member_idx ON dating_event_signup (member_id, updated_at DESC);

-- 互选: after the event, an attendee picks up to 3 other attendees; a pick both ways is a match.
CREATE TABLE dating_event_pick (
  event_id integer NOT NULL REFERENCES dating_event(id),
  member_id integer NOT NULL REFERENCES dating_profile(member_id) ON DELETE CASCADE,
  target_id integer NOT NULL REFERENCES dating_profile(member_id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (event_id, member_id, target_id),
  CHECK (member_id <> target_id)
);
CREATE INDEX dating_event_pick_target_idx ON dating_event_pick (event_id, target_id);

-- Words that stop a profile's text before a matchmaker sees it (and flag a chat message), kept by
-- matchmakers; the seed loads a starting list.
CREATE TABLE dating_word (
  word text PRIMARY KEY CHECK (length(word) BETWEEN 1 AND 20),
  created_by integer REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE dating_match ADD CONSTRAINT dating_match_event_fk FOREIGN KEY (event_id) REFERENCES dating_event(id);

-- A starting list: ways around the no-contact-before-a-match rule, money, and the obscene.
INSERT INTO dating_word (word) VALUES
  ('微信号'), ('加微信'), ('加我微信'), ('vx'), ('QQ号'), ('加QQ'), ('手机号'), ('电话号码'),
  ('转账'), ('借钱'), ('投资'), ('理财'), ('炒币'), ('博彩'), ('赌博'), ('贷款'),
  ('约炮'), ('一夜情'), ('裸聊'), ('包养'), ('色情'), ('援交');
