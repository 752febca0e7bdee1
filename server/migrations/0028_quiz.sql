-- 答题, part quiz: a bank, question or quiz created by a save that the editor's phone resends after
-- a lost answer is found again by its request id, rather than made twice.
ALTER TABLE question_bank ADD COLUMN request_id text;
CREATE UNIQUE INDEX question_bank_request_idx ON question_bank (created_by, request_id) WHERE request_id IS NOT NULL;
ALTER TABLE question ADD COLUMN request_id text;
CREATE UNIQUE INDEX question_request_idx ON question (bank_id, request_id) WHERE request_id IS NOT NULL;
ALTER TABLE quiz ADD COLUMN request_id text;
CREATE UNIQUE INDEX quiz_request_idx ON quiz (created_by, request_id) WHERE request_id IS NOT NULL;
