-- 电子书屋 import: what sanitising took out of a book (scripts, external resources), shown to the
-- librarian with the finished import.
ALTER TABLE library_import ADD COLUMN stripped jsonb;
