/** Words for progress, the same on every course page. */

/** 已完成, 已学 62%, or 未开始 for a lesson. */
export function lessonStateText(lesson: { completed: boolean; permille: number }): string {
  if (lesson.completed) return '已完成'
  return lesson.permille > 0 ? `已学 ${Math.floor(lesson.permille / 10)}%` : '未开始'
}

/** 12:05 or 1:02:03 for a video's length or position. */
export function clockText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  const hh = Math.floor(s / 3600)
  const mm = Math.floor((s % 3600) / 60)
  const ss = String(s % 60).padStart(2, '0')
  return hh > 0 ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`
}
