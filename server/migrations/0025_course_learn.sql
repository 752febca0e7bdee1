-- 职工课堂, part learn: a course or lesson created by a save that the editor's phone resends after a
-- lost answer is found again by its request id, rather than made twice.
ALTER TABLE course ADD COLUMN request_id text;
CREATE UNIQUE INDEX course_request_idx ON course (created_by, request_id) WHERE request_id IS NOT NULL;
ALTER TABLE course_lesson ADD COLUMN request_id text;
CREATE UNIQUE INDEX course_lesson_request_idx ON course_lesson (course_id, request_id) WHERE request_id IS NOT NULL;
