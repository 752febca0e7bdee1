import { z } from 'zod'
import { idNumberMessages, idNumberProblem, normalizeIdNumber } from '../id-number'
import { normalizePersonName, personNameMaxLength, personNameProblem } from '../person-name'
import { phoneNumberProblem } from '../phone-number'
import { plainText } from './common'

/**
 * Fields that forms check before sending, with the same zod-free functions, so the server's
 * message is the one the form shows next to the field.
 */
function reportProblem<T>(problemOf: (value: T) => string | null) {
  return (value: T, ctx: z.RefinementCtx<T>) => {
    const problem = problemOf(value)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  }
}

/** A person's name (an applicant, a delivery recipient); `label` names the field in messages. */
export function personNameSchema(label = '姓名') {
  return z
    .string({ error: `请填写${label}` })
    // The longest name, in characters from outside the BMP, takes two UTF-16 units each.
    .pipe(plainText({ max: personNameMaxLength * 2, maxMessage: `${label}不超过 ${personNameMaxLength} 个字` }))
    .transform(normalizePersonName)
    .superRefine(reportProblem((name: string) => personNameProblem(name, label)))
}

export const phoneNumberSchema = z.string({ error: '请填写手机号码' }).trim().superRefine(reportProblem(phoneNumberProblem))

export const idNumberSchema = z
  .string({ error: idNumberMessages.empty })
  .transform(normalizeIdNumber)
  .superRefine(reportProblem((id: string) => {
    const problem = idNumberProblem(id)
    return problem && idNumberMessages[problem]
  }))
