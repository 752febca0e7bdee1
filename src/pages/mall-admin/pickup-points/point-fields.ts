/** The contract's rules for a pickup point's text (src/shared/api/mall.ts), checked before sending. */
export interface PointFields {
  name: string
  address: string
  openingHours: string
  phone: string
}

const phonePattern = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/

export function pointErrors(f: PointFields): Partial<Record<keyof PointFields, string>> {
  const length = (text: string) => Array.from(text.trim()).length
  const errors: Partial<Record<keyof PointFields, string>> = {}
  if (length(f.name) < 2 || length(f.name) > 40) errors.name = '自提点名称为 2–40 字'
  if (length(f.address) < 5 || length(f.address) > 100) errors.address = '请填写 5–100 字的详细地址'
  if (length(f.openingHours) < 2 || length(f.openingHours) > 60) errors.openingHours = '请填写开放时间'
  if (!phonePattern.test(f.phone.trim())) errors.phone = '请填写手机号码或带区号的固定电话'
  return errors
}
