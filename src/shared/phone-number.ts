/** A mainland mobile number as forms and actions take it: 11 digits starting 13–19. */
export function phoneNumberProblem(raw: string): string | null {
  const phone = raw.trim()
  if (!phone) return '请填写手机号码'
  return /^1[3-9]\d{9}$/.test(phone) ? null : '请填写 11 位手机号码'
}
