-- 常见问题 newest first across every category. 0018's legal_kb_category_idx orders within one
-- category; browsing all of them, and finding the newest matches of a common word to rank (a word
-- such as 劳动合同 occurs in a third of all articles, and ranking every match cost ~60 ms p50 at
-- 50,000), walk this index and stop early (server/legal/knowledge.ts).
CREATE INDEX legal_kb_published_idx ON legal_kb_article (published_at DESC, id DESC) WHERE status = 'published';
