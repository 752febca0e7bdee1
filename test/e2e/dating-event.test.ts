import { expect, it } from 'vitest'
import { countyIdSql } from '../../server/dating/dater'
import type { Queryable } from '../../server/db'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { callAs, confirmModal, fillField, onScreen, signIn } from '../support/h5-app'

/**
 * The demo member's profile as the joining and review pages leave it (dating-join and
 * dating-review test those pages): joined, approved, shown, with a nickname.
 */
async function approvedDater(db: Queryable, demoKey: string, nickname: string): Promise<number> {
  const [row] = await db.query<{ member_id: number }>(
    `INSERT INTO dating_profile (member_id, user_id, gender, birth_year, birth_month, birth_ym, county_branch_id, unit_branch_id,
                                 consent_version, consent_at, approved_at, nickname, height_cm, education, education_rank, occupation,
                                 hometown, marital, intro, interests)
     SELECT m.id, u.id, $2, $3::int, $4::int, $3::int * 12 + $4::int - 1, ${countyIdSql('b.path')}, b.id,
            'e2e', now(), now(), $5, 168, 'bachelor', 4, '工程师', '嘉兴', 'never', '喜欢徒步和读书。', ARRAY['徒步', '读书']
       FROM app_user u JOIN member m ON m.user_id = u.id JOIN branch b ON b.id = m.branch_id
      WHERE u.demo_key = $1
     RETURNING member_id`,
    [demoKey, demoKey === 'member' ? 'female' : 'male', demoKey === 'member' ? 1992 : 1988, demoKey === 'member' ? 3 : 7, nickname],
  )
  return row.member_id
}

describeInBrowser('嘉工鹊桥会：联谊活动', ({ host, browser }) => {
  it('a matchmaker publishes an event, a member signs up, is approved, checks in by code and picks; a mutual pick is a match', async () => {
    const { db, url } = host()
    await approvedDater(db, 'member', '晓梅')
    const hisId = await approvedDater(db, 'sibling-member', '建国')

    // 发布: the matchmaker fills in a new event for 秀洲区 and publishes it.
    const staffContext = await newPhoneContext(browser())
    const staff = await signIn(staffContext, url, 'matchmaker')
    await staff.goto(`${url}/#/pages/matchmaker/event-edit/index`)
    const form = onScreen(staff).locator('.matchmaker-event-edit')
    await expect.poll(() => form.locator('.branch-picker__value').textContent()).toContain('秀洲区')
    await fillField(form.locator('.form-field', { hasText: '活动名称' }).locator('.form-field__input'), '秀洲区青年职工联谊会')
    await fillField(form.locator('.form-field', { hasText: '活动地点' }).locator('.form-field__input'), '秀洲区职工服务中心三楼')
    await fillField(form.locator('.form-field', { hasText: '活动介绍' }).locator('.form-field__textarea'), '破冰游戏和茶歇，结束后可互选。')
    await fillField(form.locator('.form-field', { hasText: '男嘉宾名额' }).locator('.form-field__input'), '10')
    await fillField(form.locator('.form-field', { hasText: '女嘉宾名额' }).locator('.form-field__input'), '10')
    await screenshot(staff, 'dating-event1-edit')
    await form.locator('.nut-button', { hasText: '发布活动' }).click()
    await confirmModal(staff)
    const roster = onScreen(staff).locator('.matchmaker-event-roster')
    await roster.locator('.mm-event-card__title', { hasText: '秀洲区青年职工联谊会' }).waitFor()
    await roster.locator('.mm-event-tag', { hasText: '报名中' }).waitFor()
    await screenshot(staff, 'dating-event2-published')
    const [event] = await db.query<{ id: number }>("SELECT id FROM dating_event WHERE title = '秀洲区青年职工联谊会'")

    // 报名: 晓梅 finds the event open to her and signs up; her place is held for the matchmaker.
    const herContext = await newPhoneContext(browser())
    const her = await signIn(herContext, url, 'member')
    await her.goto(`${url}/#/pages/dating/events/index`)
    const row = onScreen(her).locator('.dating-event-card', { hasText: '秀洲区青年职工联谊会' })
    await row.waitFor()
    await screenshot(her, 'dating-event3-list')
    await row.click()
    const page = onScreen(her).locator('.dating-event')
    await page.locator('.nut-button', { hasText: '报名' }).click()
    await page.locator('.dating-event-card__section', { hasText: '待审核' }).waitFor()
    await screenshot(her, 'dating-event4-signed-up')
    const himContext = await newPhoneContext(browser())
    const him = await signIn(himContext, url, 'sibling-member')
    await callAs(him, 'dating', 'signUp', { eventId: event.id })

    // 审核: the matchmaker approves her on the roster, and him too.
    await staff.reload()
    const line = onScreen(staff).locator('.mm-roster-line', { hasText: '晓梅' })
    await line.locator('.nut-button-primary', { hasText: '通过' }).click()
    await line.locator('.mm-event-tag', { hasText: '已通过' }).waitFor()
    await callAs(staff, 'dating', 'decideSignup', { eventId: event.id, memberId: hisId, decision: 'approve' })

    // The day comes: the event starts in ten minutes (moved in the database, as the clock would).
    await db.query(
      `UPDATE dating_event SET signup_deadline = now() - interval '1 hour', starts_at = now() + interval '10 minutes',
              ends_at = now() + interval '3 hours', picks_close_at = now() + interval '2 days' WHERE id = $1`,
      [event.id],
    )
    await staff.reload()
    await onScreen(staff).locator('.nut-button', { hasText: '显示签到二维码' }).click()
    const shown = onScreen(staff).locator('.mm-checkin-qr__code')
    await expect.poll(() => shown.textContent()).toMatch(/^\d+-[0-9A-Z]{8}$/)
    const code = (await shown.textContent()) ?? ''
    await screenshot(staff, 'dating-event5-checkin-qr')

    // 签到: no camera in the browser, so she types the code under the QR.
    await her.reload()
    const checkin = onScreen(her).locator('.dating-event')
    await fillField(checkin.locator('.dating-event-checkin__input'), code.toLowerCase())
    await checkin.locator('.dating-event-checkin .nut-button', { hasText: '签到' }).click()
    await checkin.locator('.dating-event-card__section', { hasText: '已签到' }).waitFor()
    await screenshot(her, 'dating-event6-checked-in')
    await callAs(him, 'dating', 'checkIn', { eventId: event.id, code })

    // 互选: after the event she picks him; he picks her; they are matched.
    await db.query(
      `UPDATE dating_event SET signup_deadline = now() - interval '4 hours', starts_at = now() - interval '3 hours', ends_at = now() - interval '1 minute' WHERE id = $1`,
      [event.id],
    )
    await her.reload()
    const picks = onScreen(her).locator('.dating-event')
    const attendee = picks.locator('.dating-attendee', { hasText: '建国' })
    await attendee.locator('.nut-button', { hasText: '选择' }).click()
    await attendee.locator('.nut-button', { hasText: '已选' }).waitFor()
    await screenshot(her, 'dating-event7-picking')
    await picks.locator('.nut-button', { hasText: '保存互选' }).click()
    await expect.poll(async () => (await db.query('SELECT 1 FROM dating_event_pick WHERE event_id = $1', [event.id])).length).toBe(1)
    const answer = await callAs<{ matchedIds: number[] }>(him, 'dating', 'savePicks', { eventId: event.id, targetIds: [(await db.query<{ member_id: number }>("SELECT m.id AS member_id FROM member m JOIN app_user u ON u.id = m.user_id WHERE u.demo_key = 'member'"))[0].member_id] })
    expect(answer.matchedIds).toHaveLength(1)
    await her.reload()
    await onScreen(her).locator('.dating-attendee', { hasText: '建国' }).locator('.dating-event-tag', { hasText: '已配对' }).waitFor()
    await screenshot(her, 'dating-event8-matched')

    // 大字模式 on the event page.
    await her.goto(`${url}/#/pages/home/index`)
    await onScreen(her).locator('.home__large-toggle').click()
    await onScreen(her).locator('.page--large').waitFor()
    await her.goto(`${url}/#/pages/dating/event/index?id=${event.id}`)
    await onScreen(her).locator('.page--large .dating-attendee').waitFor()
    await screenshot(her, 'dating-event9-large-text')
    await herContext.close()
    await himContext.close()
    await staffContext.close()
  })
})
