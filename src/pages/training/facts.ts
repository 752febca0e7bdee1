import type { SessionSummary } from '../../shared/api'
import { sessionStatusNames, signupStatusNames } from '../../shared/course/names'

/** 名额 8/30 · 候补 2 */
export function placesText(s: Pick<SessionSummary, 'signedCount' | 'capacity' | 'waitlistCount'>): string {
  return `名额 ${s.signedCount}/${s.capacity}${s.waitlistCount > 0 ? ` · 候补 ${s.waitlistCount} 人` : ''}`
}

/** What a member's sign-up says: 已报名, 候补第 2 位, 已签到; otherwise (and to its organisers) the session's own state. */
export function sessionTag(s: SessionSummary, organiser = false): { text: string; tone: 'good' | 'wait' | 'plain' } {
  if (organiser) return { text: sessionStatusNames[s.status], tone: s.status === 'scheduled' ? 'good' : 'plain' }
  if (s.myStatus === 'waitlisted') return { text: `候补第 ${s.waitlistPosition ?? '-'} 位`, tone: 'wait' }
  if (s.myStatus === 'signed' || s.myStatus === 'attended') return { text: signupStatusNames[s.myStatus], tone: 'good' }
  if (s.status !== 'scheduled') return { text: sessionStatusNames[s.status], tone: 'plain' }
  return s.signedCount < s.capacity ? { text: '可报名', tone: 'good' } : { text: '名额已满，可候补', tone: 'wait' }
}
