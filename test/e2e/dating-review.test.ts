import sharp from 'sharp'
import { expect, it } from 'vitest'
import type { ApiResult } from '../../src/shared/errors'
import type { Db } from '../../server/db'
import { createMatch } from '../../server/dating/matches'
import { tokenFor } from '../support/app'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { insertDater } from '../support/dating-fixtures'
import { confirmModal, fillField, onScreen, signIn } from '../support/h5-app'

async function call<T>(url: string, userId: number, fn: string, action: string, input: unknown): Promise<T> {
  const response = await fetch(`${url}/api/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenFor(userId)}` },
    body: JSON.stringify({ action, input }),
  })
  const answer = (await response.json()) as ApiResult<T>
  if (!answer.ok) throw new Error(`${fn}.${action}: ${answer.error.code} ${answer.error.message}`)
  return answer.data
}

/** A portrait-shaped photo in one colour, uploaded by the member through the host like the app does. */
async function uploadPhoto(url: string, userId: number, colour: { r: number; g: number; b: number }): Promise<number> {
  const bytes = await sharp({ create: { width: 600, height: 800, channels: 3, background: colour } }).jpeg().toBuffer()
  const ticket = await call<{ fileId: number; ticket: string; upload: { via: 'host'; url: string } }>(url, userId, 'file', 'uploadTicket', {
    purpose: 'dating_photo',
    name: 'photo.jpg',
    size: bytes.length,
    type: 'image/jpeg',
  })
  const stored = await fetch(`${url}${ticket.upload.url}`, {
    method: 'POST',
    headers: { 'x-upload-ticket': ticket.ticket, 'content-type': 'application/octet-stream' },
    body: bytes,
  })
  expect(stored.ok).toBe(true)
  return ticket.fileId
}

/** A profile submitted for review as the profile part leaves it: a pending revision with the member's photos attached. */
async function submitRevision(db: Db, memberId: number, photoIds: number[], content: Record<string, unknown>, wordHits: string[] = []): Promise<number> {
  await db.query('UPDATE file SET record = $2 WHERE id = ANY($1::int[])', [photoIds, `dating_profile:${memberId}`])
  const [row] = await db.query<{ id: number }>(
    'INSERT INTO dating_revision (member_id, content, photo_file_ids, word_hits) VALUES ($1, $2, $3::int[], $4::text[]) RETURNING id',
    [memberId, JSON.stringify(content), photoIds, wordHits],
  )
  return row.id
}

const baseContent = {
  heightCm: 165,
  education: 'bachelor',
  occupation: '会计',
  hometown: '嘉兴南湖',
  marital: 'never',
  interests: ['烘焙', '徒步'],
}

describeInBrowser('嘉工鹊桥会：红娘审核资料、处理举报', ({ host, browser }) => {
  it('the matchmaker approves a changed profile, rejects one with a word hit giving a reason, and warns a reported member', async () => {
    const { url, db } = host()
    // 林小雨 was approved before and now changes her introduction, occupation and adds a photo.
    const returning = await insertDater(db, { gender: 'female', birthYear: 1995, nickname: '林间小雨', occupation: '会计' })
    const kept = await uploadPhoto(url, returning.userId, { r: 236, g: 180, b: 190 })
    await db.query(
      `UPDATE dating_profile SET photo_file_ids = $2, intro = $3, height_cm = $4, hometown = $5, interests = $6::text[] WHERE member_id = $1`,
      [returning.memberId, [kept], '喜欢安静的周末。', baseContent.heightCm, baseContent.hometown, baseContent.interests],
    )
    const added = await uploadPhoto(url, returning.userId, { r: 170, g: 200, b: 236 })
    await submitRevision(db, returning.memberId, [kept, added], {
      ...baseContent,
      nickname: '林间小雨',
      occupation: '财务主管',
      intro: '喜欢安静的周末，也喜欢和朋友去湘家荡徒步。希望认识一个踏实、有责任心的你。',
    })
    // 阿杰 joins for the first time, with a way around the no-contact rule in his introduction.
    const newcomer = await insertDater(db, { gender: 'male', birthYear: 1990, approved: false, branchName: '嘉兴王江泾织造有限公司工会' })
    const photo = await uploadPhoto(url, newcomer.userId, { r: 120, g: 150, b: 120 })
    await submitRevision(
      db,
      newcomer.memberId,
      [photo],
      { ...baseContent, nickname: '阿杰', heightCm: 178, occupation: '机修工', intro: '平时话不多，想找个聊得来的人，加我微信详聊。' },
      ['加我微信'],
    )
    // 小雨 reports a match who asked her for money.
    const reporter = await insertDater(db, { gender: 'female', birthYear: 1993, nickname: '小雨' })
    const reported = await insertDater(db, { gender: 'male', birthYear: 1988, nickname: '大海', branchName: '嘉兴王江泾织造有限公司工会' })
    const { matchId } = await db.transaction((tx) => createMatch(tx, reporter.memberId, reported.memberId, 'like'))
    const lines: [number, string][] = [
      [reported.memberId, '你好，很高兴认识你'],
      [reporter.memberId, '你好呀'],
      [reported.memberId, '我最近在做一个理财项目，收益很高，你要不要先转五千试试？'],
    ]
    for (const [i, [sender, body]] of lines.entries()) {
      await db.query("INSERT INTO dating_message (match_id, sender_id, kind, body, request_id) VALUES ($1, $2, 'text', $3, $4)", [matchId, sender, body, `e2e-review-${i}`])
    }
    await call(url, reporter.userId, 'dating', 'report', { targetId: reported.memberId, reason: 'money', detail: '聊了几句就让我转账投资。', matchId, requestId: 'e2e-review-report' })

    const context = await newPhoneContext(browser())
    const matchmaker = await signIn(context, url, 'matchmaker')
    await onScreen(matchmaker).locator('.module-grid__item--matchmaker').click()
    const home = onScreen(matchmaker).locator('.matchmaker-home')
    await home.locator('.matchmaker-home__entry--reviews .matchmaker-home__badge', { hasText: '2' }).waitFor()
    await screenshot(matchmaker, 'dating-review-1-workbench')

    await home.locator('.matchmaker-home__entry--reviews').click()
    const queue = onScreen(matchmaker).locator('.matchmaker-reviews')
    await queue.locator('.review-row', { hasText: '阿杰' }).waitFor()
    await screenshot(matchmaker, 'dating-review-2-queue')

    await queue.locator('.review-row', { hasText: '林间小雨' }).click()
    const review = onScreen(matchmaker).locator('.matchmaker-review')
    await review.locator('.matchmaker-review__field--changed.matchmaker-review__field--intro').waitFor()
    await expect.poll(() => review.locator('.matchmaker-review__field--changed').count()).toBe(2)
    await review.locator('.matchmaker-review__photo-tag--new').waitFor()
    await screenshot(matchmaker, 'dating-review-3-changes')
    await review.locator('.matchmaker-review__approve').click()
    await confirmModal(matchmaker)
    await review.locator('.matchmaker-review__status--approved').waitFor()
    const [approved] = await db.query<{ occupation: string; photo_file_ids: number[] }>('SELECT occupation, photo_file_ids FROM dating_profile WHERE member_id = $1', [returning.memberId])
    expect(approved).toEqual({ occupation: '财务主管', photo_file_ids: [kept, added] })

    await matchmaker.goto(`${url}/#/pages/matchmaker/reviews/index`)
    await queue.locator('.review-row', { hasText: '阿杰' }).click()
    await review.locator('.word-hit', { hasText: '加我微信' }).waitFor()
    await screenshot(matchmaker, 'dating-review-4-word-hit')
    await review.locator('.matchmaker-review__reject').click()
    const dialog = matchmaker.locator('.nut-dialog:visible')
    await fillField(dialog.locator('.prompt-dialog__textarea'), '自我介绍里不能留联系方式，配对成功后系统会自动交换，请修改后重新提交。')
    await screenshot(matchmaker, 'dating-review-5-reject-reason')
    await dialog.locator('.nut-dialog-footer-ok').click()
    await review.locator('.matchmaker-review__status--rejected').waitFor()
    const [told] = await db.query<{ body: string }>("SELECT body FROM message WHERE user_id = $1 AND kind = 'dating_profile_rejected'", [newcomer.userId])
    expect(told.body).toContain('不能留联系方式')

    await matchmaker.goto(`${url}/#/pages/matchmaker/home/index`)
    await home.locator('.matchmaker-home__entry--reports').click()
    const reports = onScreen(matchmaker).locator('.matchmaker-reports')
    await reports.locator('.report-row', { hasText: '大海' }).click()
    const report = onScreen(matchmaker).locator('.matchmaker-report')
    await report.locator('.matchmaker-report__message--target', { hasText: '转五千' }).waitFor()
    await screenshot(matchmaker, 'dating-review-6-report')
    await report.locator('.choice-chips__chip--warn').click()
    await fillField(report.locator('.matchmaker-report__note'), '请勿在鹊桥会向会员推销理财或借钱，再次违规将暂停使用。')
    await report.locator('.matchmaker-report__submit').click()
    await report.locator('.matchmaker-report__status--warned').waitFor()
    await screenshot(matchmaker, 'dating-review-7-warned')
    const [warned] = await db.query<{ body: string }>("SELECT body FROM message WHERE user_id = $1 AND kind = 'dating_safety_action'", [reported.userId])
    expect(warned.body).toContain('推销理财')
    expect(await report.textContent()).not.toMatch(/测试男会员|测试女会员|wx_member_/)

    // The word list: a county matchmaker reads it; only the city's keep it.
    await matchmaker.goto(`${url}/#/pages/matchmaker/words/index`)
    await onScreen(matchmaker).locator('.matchmaker-words__word', { hasText: '加我微信' }).waitFor()
    expect(await onScreen(matchmaker).locator('.matchmaker-words__add').count()).toBe(0)
    await screenshot(matchmaker, 'dating-review-8-words')

    await matchmaker.goto(`${url}/#/pages/home/index`)
    await onScreen(matchmaker).locator('.home__large-toggle').click()
    await onScreen(matchmaker).locator('.page--large').waitFor()
    await matchmaker.goto(`${url}/#/pages/matchmaker/figures/index`)
    await onScreen(matchmaker).locator('.page--large .dating-figures__county', { hasText: '秀洲区' }).waitFor()
    await screenshot(matchmaker, 'dating-review-9-figures-large-text')
    await context.close()
  })
})
