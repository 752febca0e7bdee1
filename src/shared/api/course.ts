/**
 * 职工课堂: the `course` function's contract, merged from one file per part (learn, certificate,
 * training) so the parts are written side by side. Shared names are in ./course-common.
 */
import { certificateSchemas } from './course-certificate'
import type { CertificateOutputs } from './course-certificate'
import { learnSchemas } from './course-learn'
import type { LearnOutputs } from './course-learn'
import { trainingSchemas } from './course-training'
import type { TrainingOutputs } from './course-training'

export const courseSchemas = {
  ...learnSchemas,
  ...certificateSchemas,
  ...trainingSchemas,
}

export type CourseOutputs = LearnOutputs & CertificateOutputs & TrainingOutputs

export * from './course-common'
export type * from './course-learn'
export type * from './course-certificate'
export type * from './course-training'
