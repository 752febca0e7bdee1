-- 电子书屋 (issue 11): books imported from EPUB files, their chapters and table of contents, lists
-- curated by librarians (书单), members' shelves, reading positions, reader settings, bookmarks and
-- highlights, reading time counted from heartbeats, and reading campaigns (读书活动).
-- A book's branch is its visibility scope: members of that branch's subtree see it once published.

ALTER TABLE role_grant DROP CONSTRAINT role_grant_role_check;
ALTER TABLE role_grant ADD CONSTRAINT role_grant_role_check
  CHECK (role IN ('admin', 'mall_operator', 'claim_reviewer', 'lawyer', 'matchmaker', 'aid_admin', 'legal_admin', 'librarian'));

-- One import of an uploaded EPUB, worked in the background (queued → running → done | failed).
-- The same bytes imported again change nothing: it ends as `duplicate`, naming the book they made.
CREATE TABLE library_import (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  file_id integer NOT NULL REFERENCES file(id),
  content_sha256 text NOT NULL,
  -- The visibility scope and category the librarian chose for the book.
  branch_id integer NOT NULL REFERENCES branch(id),
  branch_path text COLLATE "C" NOT NULL,
  category text NOT NULL,
  requested_by integer NOT NULL REFERENCES app_user(id),
  -- The client's id for the import tap: a retried request answers the import it made.
  request_id text NOT NULL UNIQUE,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed', 'duplicate')),
  -- 0..100 and what is being done, for the librarian's progress bar.
  progress smallint NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  stage text NOT NULL DEFAULT 'queued',
  error_code text,
  error_message text,
  book_id integer,
  attempts smallint NOT NULL DEFAULT 0,
  -- A worker holds a running import until then; past it, another worker takes it over (a killed process).
  lease_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  CHECK ((status IN ('done', 'duplicate')) = (book_id IS NOT NULL)),
  CHECK ((status = 'failed') = (error_code IS NOT NULL))
);
-- At most one import of the same bytes in flight.
CREATE UNIQUE INDEX library_import_inflight_idx ON library_import (content_sha256) WHERE status IN ('queued', 'running');
CREATE INDEX library_import_queue_idx ON library_import (created_at) WHERE status IN ('queued', 'running');
CREATE INDEX library_import_requester_idx ON library_import (requested_by, id DESC);

CREATE TABLE library_book (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- sha256 of the EPUB's bytes: the same file makes one book, however often it is imported.
  content_sha256 text NOT NULL UNIQUE,
  import_id integer REFERENCES library_import(id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  author text NOT NULL DEFAULT '',
  publisher text NOT NULL DEFAULT '',
  isbn text,
  description text NOT NULL DEFAULT '',
  language text NOT NULL DEFAULT 'zh',
  -- A public image (the EPUB's cover), or none.
  cover_file_id integer REFERENCES file(id),
  category text NOT NULL CHECK (category IN ('classics', 'poetry', 'literature', 'history', 'skills', 'law', 'health', 'other')),
  tags text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 10),
  branch_id integer NOT NULL REFERENCES branch(id),
  branch_path text COLLATE "C" NOT NULL,
  -- draft: imported, not yet shown to members; published; unpublished: taken down (readers' shelves keep it, hidden).
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'unpublished')),
  published_at timestamptz,
  chapter_count integer NOT NULL CHECK (chapter_count > 0),
  char_count integer NOT NULL CHECK (char_count >= 0),
  -- Title and author (A), description, publisher and tags (B), segmented (server/library/search-index.ts).
  search_vector tsvector NOT NULL,
  created_by integer NOT NULL REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'draft') OR (published_at IS NOT NULL))
);
ALTER TABLE library_import ADD CONSTRAINT library_import_book_fk FOREIGN KEY (book_id) REFERENCES library_book(id);
CREATE INDEX library_book_search_idx ON library_book USING gin (search_vector);
CREATE INDEX library_book_published_idx ON library_book (published_at DESC, id DESC) WHERE status = 'published';
CREATE INDEX library_book_category_idx ON library_book (category, published_at DESC, id DESC) WHERE status = 'published';
CREATE INDEX library_book_branch_idx ON library_book (branch_path);

-- The reading order (the EPUB's spine): each chapter as sanitised rich text and as plain text.
CREATE TABLE library_chapter (
  book_id integer NOT NULL REFERENCES library_book(id) ON DELETE CASCADE,
  ord integer NOT NULL CHECK (ord >= 0),
  title text NOT NULL,
  -- Sanitised HTML (server/rich-text.ts rules plus the book's own images as public file URLs).
  html text NOT NULL,
  -- The same chapter as the reader draws it: ChapterBlock[] (src/shared/api/library-common.ts),
  -- made once at import so opening a chapter parses nothing.
  blocks jsonb NOT NULL,
  -- The chapter's text without markup (the text blocks joined by newlines): what offsets
  -- (positions, highlights) count in, and what search indexes.
  plain_text text NOT NULL,
  char_count integer NOT NULL CHECK (char_count >= 0),
  -- Title (A) and text (B), segmented.
  search_vector tsvector NOT NULL,
  PRIMARY KEY (book_id, ord)
);
CREATE INDEX library_chapter_search_idx ON library_chapter USING gin (search_vector);

-- The table of contents as the EPUB gives it (nav or NCX), flattened in order with its depth.
CREATE TABLE library_toc (
  book_id integer NOT NULL REFERENCES library_book(id) ON DELETE CASCADE,
  ord integer NOT NULL CHECK (ord >= 0),
  depth smallint NOT NULL CHECK (depth BETWEEN 0 AND 5),
  title text NOT NULL,
  chapter_ord integer NOT NULL,
  -- The element id the entry points at inside its chapter, if any.
  anchor text,
  PRIMARY KEY (book_id, ord)
);

-- 书单: books a librarian picked, in order, visible to the list's branch subtree.
CREATE TABLE library_list (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  branch_id integer NOT NULL REFERENCES branch(id),
  branch_path text COLLATE "C" NOT NULL,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 40),
  description text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  created_by integer NOT NULL REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX library_list_branch_idx ON library_list (branch_path);
CREATE TABLE library_list_book (
  list_id integer NOT NULL REFERENCES library_list(id) ON DELETE CASCADE,
  book_id integer NOT NULL REFERENCES library_book(id),
  ord integer NOT NULL,
  PRIMARY KEY (list_id, book_id)
);
CREATE INDEX library_list_book_book_idx ON library_list_book (book_id);

-- 书架.
CREATE TABLE library_shelf (
  member_id integer NOT NULL REFERENCES member(id),
  book_id integer NOT NULL REFERENCES library_book(id),
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (member_id, book_id)
);
CREATE INDEX library_shelf_recent_idx ON library_shelf (member_id, added_at DESC);

-- Where a member is in a book, on whichever device they read last: chapter and character offset
-- into its plain text. Also the "recently read" list (by updated_at).
CREATE TABLE library_progress (
  member_id integer NOT NULL REFERENCES member(id),
  book_id integer NOT NULL REFERENCES library_book(id),
  chapter_ord integer NOT NULL CHECK (chapter_ord >= 0),
  char_offset integer NOT NULL CHECK (char_offset >= 0),
  -- Of the whole book, in thousandths, for progress bars.
  permille smallint NOT NULL CHECK (permille BETWEEN 0 AND 1000),
  -- Set once, when the member reaches the end of the last chapter.
  finished_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (member_id, book_id)
);
CREATE INDEX library_progress_recent_idx ON library_progress (member_id, updated_at DESC);

-- The reader's comfort settings, one row per member, the same on every device.
CREATE TABLE library_reader_settings (
  member_id integer PRIMARY KEY REFERENCES member(id),
  -- 1..4 (小, 标准, 大, 特大); large-text mode starts at 3.
  font_size smallint NOT NULL CHECK (font_size BETWEEN 1 AND 4),
  line_spacing text NOT NULL CHECK (line_spacing IN ('compact', 'normal', 'loose')),
  theme text NOT NULL CHECK (theme IN ('day', 'night', 'eye_care')),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- 书签 and 划线笔记. Offsets count characters of the chapter's plain_text.
CREATE TABLE library_annotation (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  member_id integer NOT NULL REFERENCES member(id),
  book_id integer NOT NULL REFERENCES library_book(id),
  chapter_ord integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('bookmark', 'highlight')),
  start_offset integer NOT NULL CHECK (start_offset >= 0),
  end_offset integer NOT NULL,
  -- The highlighted text (or, for a bookmark, the start of the page), as it was.
  quote text NOT NULL CHECK (length(quote) <= 1000),
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
  request_id text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (end_offset >= start_offset)
);
CREATE INDEX library_annotation_member_book_idx ON library_annotation (member_id, book_id, chapter_ord, start_offset);

-- A reader open on one device: heartbeats name it. Reading time is credited by the server's clock only.
CREATE TABLE library_reading_session (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  member_id integer NOT NULL REFERENCES member(id),
  book_id integer NOT NULL REFERENCES library_book(id),
  device_id text NOT NULL,
  opened_at timestamptz NOT NULL DEFAULT now(),
  last_beat_at timestamptz NOT NULL DEFAULT now(),
  -- The last page turn or scroll: no credit after a stretch without one.
  last_activity_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz
);
CREATE INDEX library_reading_session_member_idx ON library_reading_session (member_id, opened_at DESC);

-- Per member, the moment up to which reading time has been credited, across all devices: a
-- second device (or a script) reading the same minute finds it already credited.
CREATE TABLE library_reading_clock (
  member_id integer PRIMARY KEY REFERENCES member(id),
  credited_until timestamptz NOT NULL
);

-- Credited reading time per member, Shanghai day and book.
CREATE TABLE library_reading_log (
  member_id integer NOT NULL REFERENCES member(id),
  day date NOT NULL,
  book_id integer NOT NULL REFERENCES library_book(id),
  seconds integer NOT NULL CHECK (seconds BETWEEN 0 AND 86400),
  PRIMARY KEY (member_id, day, book_id)
);
CREATE INDEX library_reading_log_book_day_idx ON library_reading_log (book_id, day);

-- Readers and minutes per book and Shanghai month, for "most read this month".
CREATE TABLE library_book_month (
  book_id integer NOT NULL REFERENCES library_book(id),
  month date NOT NULL,
  readers integer NOT NULL DEFAULT 0,
  seconds bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (month, book_id)
);
CREATE INDEX library_book_month_rank_idx ON library_book_month (month, readers DESC, book_id);

-- 读书活动: a branch admin's campaign for its subtree.
CREATE TABLE library_campaign (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  branch_id integer NOT NULL REFERENCES branch(id),
  branch_path text COLLATE "C" NOT NULL,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 40),
  description text NOT NULL DEFAULT '',
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  goal_kind text NOT NULL CHECK (goal_kind IN ('minutes', 'books')),
  goal_value integer NOT NULL CHECK (goal_value BETWEEN 1 AND 100000),
  reward_points integer NOT NULL CHECK (reward_points BETWEEN 0 AND 500),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'cancelled')),
  created_by integer NOT NULL REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (starts_at < ends_at)
);
CREATE INDEX library_campaign_branch_idx ON library_campaign (branch_path);
CREATE TABLE library_campaign_book (
  campaign_id integer NOT NULL REFERENCES library_campaign(id) ON DELETE CASCADE,
  book_id integer NOT NULL REFERENCES library_book(id),
  PRIMARY KEY (campaign_id, book_id)
);
-- Who joined (参加), from which branch, and how far they are: minutes read of the campaign's books
-- inside its window and books finished, kept up to date as reading is credited.
CREATE TABLE library_campaign_member (
  campaign_id integer NOT NULL REFERENCES library_campaign(id),
  member_id integer NOT NULL REFERENCES member(id),
  branch_id integer NOT NULL REFERENCES branch(id),
  branch_path text COLLATE "C" NOT NULL,
  joined_at timestamptz NOT NULL DEFAULT now(),
  seconds integer NOT NULL DEFAULT 0,
  books integer NOT NULL DEFAULT 0,
  reached_at timestamptz,
  PRIMARY KEY (campaign_id, member_id)
);
CREATE INDEX library_campaign_member_rank_idx ON library_campaign_member (campaign_id, seconds DESC, member_id);
CREATE INDEX library_campaign_member_branch_idx ON library_campaign_member (campaign_id, branch_path);
