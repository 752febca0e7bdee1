import type { learnSchemas } from '../../src/shared/api/course-learn'
import type { PartActions } from '../../server/action'
import { courseDetail, courseHome, courses, enrol, myCourses } from '../../server/course/catalogue'
import {
  manageCourses,
  managedCourse,
  managedLesson,
  moveLesson,
  publishCourse,
  removeLesson,
  saveCourse,
  saveLesson,
  unpublishCourse,
} from '../../server/course/editing'
import { completeArticle, lessonHeartbeat, openLesson } from '../../server/course/progress'

const editorRoles = ['course_editor'] as const

/** 职工课堂: the catalogue and learning (members; any signed-in user browses), and building courses (course editors). */
export const learnActions: PartActions<'course', keyof typeof learnSchemas> = {
  courseHome: { access: 'user', handler: (_input, { db, caller }) => courseHome(db, caller) },
  courses: { access: 'user', handler: (input, { db, caller }) => courses(db, caller, input) },
  courseDetail: { access: 'user', handler: (input, { db, caller }) => courseDetail(db, caller, input) },
  enrol: { access: 'member', handler: (input, { db, caller }) => enrol(db, caller, input) },
  myCourses: { access: 'member', handler: (input, { db, caller }) => myCourses(db, caller, input) },
  openLesson: { access: 'member', handler: (input, { db, caller }) => openLesson(db, caller, input) },
  lessonHeartbeat: { access: 'member', handler: (input, { db, caller }) => lessonHeartbeat(db, caller, input) },
  completeArticle: { access: 'member', handler: (input, { db, caller }) => completeArticle(db, caller, input) },
  manageCourses: { access: 'roles', roles: editorRoles, handler: (input, { db, caller }) => manageCourses(db, caller, input) },
  managedCourse: { access: 'roles', roles: editorRoles, handler: (input, { db, caller }) => managedCourse(db, caller, input) },
  managedLesson: { access: 'roles', roles: editorRoles, handler: (input, { db, caller }) => managedLesson(db, caller, input) },
  saveCourse: { access: 'roles', roles: editorRoles, handler: (input, { db, caller }) => saveCourse(db, caller, input) },
  saveLesson: { access: 'roles', roles: editorRoles, handler: (input, { db, caller }) => saveLesson(db, caller, input) },
  moveLesson: { access: 'roles', roles: editorRoles, handler: (input, { db, caller }) => moveLesson(db, caller, input) },
  removeLesson: { access: 'roles', roles: editorRoles, handler: (input, { db, caller }) => removeLesson(db, caller, input) },
  publishCourse: { access: 'roles', roles: editorRoles, handler: (input, { db, caller }) => publishCourse(db, caller, input) },
  unpublishCourse: { access: 'roles', roles: editorRoles, handler: (input, { db, caller }) => unpublishCourse(db, caller, input) },
}
