-- 嘉工鹊桥会 chat (issue 13 §5): a new message reaches the other side through the message centre
-- only when they are not looking at the chat, and only once per unread burst. Each side's last
-- read of the chat (an open chat reads every few seconds) says whether they are looking; the
-- told_* flags say they have been told of the messages they have not read yet, and clear when
-- they read.
ALTER TABLE dating_match
  ADD COLUMN seen_lo_at timestamptz,
  ADD COLUMN seen_hi_at timestamptz,
  ADD COLUMN told_lo boolean NOT NULL DEFAULT false,
  ADD COLUMN told_hi boolean NOT NULL DEFAULT false;

