/** The contract's rules for uploaded coupon codes (src/shared/api/mall.ts). */
const maxCodesPerUpload = 1000
const printable = /^[\x21-\x7e]+$/

/** One code per line; blank lines are ignored. */
export function parseCodes(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
}

/** The first problem with the pasted codes, naming its line, or null when they may be sent. */
export function codesError(codes: string[]): string | null {
  if (codes.length === 0) return '请至少填写 1 个券码'
  if (codes.length > maxCodesPerUpload) return `单次最多上传 ${maxCodesPerUpload} 个券码`
  const bad = codes.findIndex((c) => c.length < 4 || c.length > 64 || !printable.test(c))
  return bad < 0 ? null : `第 ${bad + 1} 个券码「${codes[bad]}」无效：须为 4–64 位字母、数字或符号，不含空格`
}
