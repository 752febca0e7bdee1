import dayjs from 'dayjs'
import { describe, expect, it } from 'vitest'
import type { DatingEventSummary } from '../shared/api'
import { eventTag, placesLeftText, placesTakenText } from './dating-events'
import { timeRangeText } from './time'

const year = dayjs().year()
const places = { capacity: { male: 10, female: 10 }, placesLeft: { male: 7, female: 0 } }

describe('联谊活动 facts', () => {
  it('names the end by its time alone on the same day, by its date too on another', () => {
    expect(timeRangeText({ startsAt: `${year}-11-23T14:00:00`, endsAt: `${year}-11-23T17:00:00` })).toBe('11月23日 14:00–17:00')
    expect(timeRangeText({ startsAt: `${year}-11-23T20:00:00`, endsAt: `${year}-11-24T01:00:00` })).toBe('11月23日 20:00–11月24日 01:00')
  })

  it('tells members the places left and matchmakers the places taken', () => {
    expect(placesLeftText(places)).toBe('剩余名额：男 7/10 · 女 0/10')
    expect(placesTakenText(places)).toBe('名额：男 3/10 · 女 10/10')
  })

  it('tags an event by the member’s own sign-up while it stands, else by its phase', () => {
    const event: DatingEventSummary = {
      ...places,
      id: 1,
      title: '秀洲区青年职工联谊会',
      place: '秀洲区职工服务中心',
      branch: { id: 2, name: '秀洲区总工会', fullName: '嘉兴市总工会 / 秀洲区总工会', level: 2 },
      startsAt: `${year}-12-06T14:00:00`,
      endsAt: `${year}-12-06T17:00:00`,
      signupDeadline: `${year}-12-04T18:00:00`,
      picksCloseAt: `${year}-12-08T22:00:00`,
      status: 'published',
      phase: 'signup',
      mySignup: null,
    }
    expect(eventTag(event)).toEqual({ text: '报名中', tone: 'good' })
    expect(eventTag({ ...event, mySignup: 'cancelled' })).toEqual({ text: '报名中', tone: 'good' })
    expect(eventTag({ ...event, mySignup: 'approved' }).tone).toBe('good')
    expect(eventTag({ ...event, mySignup: 'rejected' }).tone).toBe('plain')
    expect(eventTag({ ...event, status: 'cancelled', phase: 'cancelled', mySignup: 'approved' })).toEqual({ text: '已取消', tone: 'plain' })
  })
})
