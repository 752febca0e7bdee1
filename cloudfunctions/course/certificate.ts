import type { certificateSchemas } from '../../src/shared/api/course-certificate'
import type { PartActions } from '../../server/action'
import { certificate, certificateFile, myCertificates, verifyCertificate } from '../../server/course/certificate'

export const certificateActions: PartActions<'course', keyof typeof certificateSchemas> = {
  myCertificates: { access: 'member', handler: (input, ctx) => myCertificates(ctx.db, ctx.caller, input) },
  certificate: { access: 'member', handler: (input, ctx) => certificate(ctx, ctx.caller, input.code) },
  certificateFile: { access: 'member', handler: (input, ctx) => certificateFile(ctx, ctx.caller, input.code) },
  // Anyone holding the paper checks it, signed in or not.
  verifyCertificate: { access: 'public', handler: (input, ctx) => verifyCertificate(ctx.db, input.code) },
}
