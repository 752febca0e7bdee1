/**
 * A quick check before sending, so the editor can say what is wrong at once. The server's check
 * (src/shared/safe-url.ts) is the real one; it needs the URL parser, which WeChat's engine lacks.
 */
export function imageUrlProblem(text: string): string | null {
  if (!text) return null
  if (!/^https:\/\/[^\s"'<>`\\]+$/i.test(text)) return '图片地址须以 https:// 开头，且不含空格和引号'
  if (text.length > 500) return '图片地址过长'
  return null
}
