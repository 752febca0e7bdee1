import { expect, it } from 'vitest'
import { completeCourse } from '../../server/course/completion'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { insertCourse } from '../support/course-fixtures'
import { fillField, onScreen, signIn } from '../support/h5-app'

describeInBrowser('职工课堂', ({ host, browser }) => {
  it('shows a member’s certificates, in 大字模式 too, and its PDF; anyone signed out checks a code', async () => {
    const { db } = host()
    const [editor] = await db.query<{ id: number }>("SELECT id FROM app_user WHERE demo_key = 'county-course-editor'")
    const { courseId } = await insertCourse(db, {
      title: '安全生产第一课',
      category: 'safety',
      branchName: '秀洲区总工会',
      createdBy: editor.id,
      lessons: [{ title: '读本', kind: 'article', html: '<p>安全第一，预防为主，综合治理。</p>' }],
    })
    const [member] = await db.query<{ id: number }>("SELECT m.id FROM member m JOIN app_user u ON u.id = m.user_id WHERE u.demo_key = 'member'")
    const { certificateCode } = await db.transaction((tx) => completeCourse(tx, { courseId, memberId: member.id, via: 'offline' }))

    const context = await newPhoneContext(browser())
    const page = await signIn(context, host().url, 'member')
    await page.goto(`${host().url}/#/pages/course/certificates/index`)
    await onScreen(page).locator('.certificate-row', { hasText: '安全生产第一课' }).click()
    const card = onScreen(page).locator('.certificate-card')
    await card.locator('.certificate-card__name', { hasText: '张晓梅' }).waitFor()
    expect(await card.textContent()).toContain('通过线下培训')
    await screenshot(page, 'course-cert-page')

    const [tab] = await Promise.all([context.waitForEvent('page'), onScreen(page).locator('.nut-button', { hasText: '下载证书' }).click()])
    const pdf = await context.request.get(tab.url())
    expect(pdf.headers()['content-type']).toBe('application/pdf')
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-')
    await tab.close()

    await page.goto(`${host().url}/#/pages/home/index`)
    await onScreen(page).locator('.home__large-toggle').click()
    await onScreen(page).locator('.page--large').waitFor()
    await page.goto(`${host().url}/#/pages/course/certificates/index`)
    await onScreen(page).locator('.page--large .certificate-row').waitFor()
    await screenshot(page, 'course-cert-list-large')
    await page.goto(`${host().url}/#/pages/course/certificate/index?code=${certificateCode}`)
    await onScreen(page).locator('.page--large .certificate-card__name').waitFor()
    await screenshot(page, 'course-cert-page-large')
    await context.close()

    const stranger = await (await newPhoneContext(browser())).newPage()
    await stranger.goto(`${host().url}/#/pages/verify/certificate/index?code=${certificateCode.toLowerCase()}`)
    const valid = onScreen(stranger).locator('.verify-outcome--valid')
    await valid.waitFor()
    expect(await valid.textContent()).toContain('张*梅')
    expect(await valid.textContent()).not.toContain('张晓梅')
    await screenshot(stranger, 'course-verify-valid')
    await fillField(onScreen(stranger).locator('.certificate-verify__input'), 'ZZZZ ZZZZ ZZZZ')
    await onScreen(stranger).locator('.nut-button', { hasText: '查验' }).last().click()
    await onScreen(stranger).locator('.verify-outcome--unknown', { hasText: '未查到该编号的证书' }).waitFor()
    await screenshot(stranger, 'course-verify-unknown')
  })
})
