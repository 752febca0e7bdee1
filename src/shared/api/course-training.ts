/** 职工课堂, part training (issue 12): filled in by its helper. Shared names live in ./course-common. */
export const trainingSchemas = {}

export type TrainingOutputs = Record<never, never>
