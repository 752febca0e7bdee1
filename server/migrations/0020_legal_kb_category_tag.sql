-- 常见问题: an article's category also lives among its search words, as the lexeme
-- 'category=<category>' (tagLexeme in server/search/text-search.ts), so a search within a category
-- is one GIN lookup intersecting words and category. The CHECK keeps every write path honest.
UPDATE legal_kb_article SET search_vector = search_vector || array_to_tsvector(ARRAY['category=' || category]);
ALTER TABLE legal_kb_article ADD CONSTRAINT legal_kb_category_tagged
  CHECK (search_vector @@ quote_literal('category=' || category)::tsquery);
