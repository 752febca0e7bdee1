import { expect, it } from 'vitest'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { insertCourse } from '../support/course-fixtures'
import { confirmModal, fillField, onScreen, signIn } from '../support/h5-app'

describeInBrowser('职工课堂：点单送课', ({ host, browser }) => {
  it('an enterprise orders a course, the county accepts and schedules it, a worker signs up, checks in with the code and completes it', async () => {
    const { db } = host()
    const [editor] = await db.query<{ id: number }>("SELECT id FROM app_user WHERE demo_key = 'course-editor'")
    const { courseId } = await insertCourse(db, {
      title: '电工安全作业实训',
      teacher: '沈建华（劳模工匠）',
      category: 'safety',
      orderable: true,
      createdBy: editor.id,
      lessons: [{ title: '停电、验电、挂接地线', kind: 'article', html: '<p>作业前必须停电、验电、装设接地线、悬挂标示牌和装设遮栏。</p>' }],
    })

    // 点单: the enterprise union's admin orders the course for 30 workers.
    const adminContext = await newPhoneContext(browser())
    const admin = await signIn(adminContext, host().url, 'enterprise-admin')
    await admin.goto(`${host().url}/#/pages/training/order/index?courseId=${courseId}`)
    const form = onScreen(admin).locator('.training-order')
    await form.locator('.training-card__title', { hasText: '电工安全作业实训' }).waitFor()
    await form.locator('.choice-chips__chip--active', { hasText: '嘉兴恒创电子有限公司工会' }).waitFor()
    await fillField(form.locator('.form-field', { hasText: '参训人数' }).locator('.form-field__input'), '30')
    await fillField(form.locator('.form-field', { hasText: '联系人' }).locator('.form-field__input'), '李伟')
    await fillField(form.locator('.form-field', { hasText: '联系电话' }).locator('.form-field__input'), '13857300003')
    await fillField(form.locator('.form-field', { hasText: '备注' }).locator('.form-field__textarea'), '车间两班倒，希望安排在下午。')
    await screenshot(admin, 'training1-order-form')
    await form.locator('.nut-button', { hasText: '提交点单' }).click()
    const placed = onScreen(admin).locator('.training-order')
    await placed.locator('.training-tag', { hasText: '待受理' }).waitFor()
    await screenshot(admin, 'training2-order-placed')
    await adminContext.close()

    // 受理 and 排课: the county's course editor accepts it and schedules a session.
    const countyContext = await newPhoneContext(browser())
    const county = await signIn(countyContext, host().url, 'county-course-editor')
    await onScreen(county).locator('.module-grid__item--training-orders').click()
    await onScreen(county).locator('.training-card', { hasText: '电工安全作业实训' }).waitFor()
    await screenshot(county, 'training2b-orders-to-decide')
    await onScreen(county).locator('.training-card', { hasText: '电工安全作业实训' }).click()
    const order = onScreen(county).locator('.training-order')
    await order.locator('.nut-button', { hasText: '受理' }).last().click()
    await confirmModal(county)
    await order.locator('.training-tag', { hasText: '已受理' }).waitFor()
    await order.locator('.nut-button', { hasText: '安排培训' }).click()
    const edit = onScreen(county).locator('.training-session-edit')
    await fillField(edit.locator('.form-field', { hasText: '培训地点' }).locator('.form-field__input'), '恒创电子三楼培训室')
    await screenshot(county, 'training3-schedule')
    await edit.locator('.nut-button', { hasText: '发布培训场次' }).click()
    await onScreen(county).locator('.training-session .training-card__fact', { hasText: '恒创电子三楼培训室' }).waitFor()

    // 报名: the worker finds the session open to her enterprise and signs up.
    const memberContext = await newPhoneContext(browser())
    const member = await signIn(memberContext, host().url, 'member')
    await member.goto(`${host().url}/#/pages/training/sessions/index`)
    await onScreen(member).locator('.training-card', { hasText: '电工安全作业实训' }).waitFor()
    await screenshot(member, 'training3b-sessions-open')
    await onScreen(member).locator('.training-card', { hasText: '电工安全作业实训' }).click()
    const session = onScreen(member).locator('.training-session')
    await session.locator('.nut-button', { hasText: '报名' }).click()
    await session.locator('.session-member', { hasText: '您已报名' }).waitFor()
    await screenshot(member, 'training4-signed-up')

    // The day comes: the session starts in ten minutes (moved in the database, as the clock would).
    const [row] = await db.query<{ id: number }>(
      `UPDATE course_session SET starts_at = now() + interval '10 minutes', ends_at = now() + interval '130 minutes' WHERE course_id = $1 RETURNING id`,
      [courseId],
    )
    await county.reload()
    const staff = onScreen(county).locator('.training-session')
    await staff.locator('.nut-button', { hasText: '显示签到二维码' }).click()
    const shown = staff.locator('.checkin-qr__code')
    await expect.poll(() => shown.textContent()).toMatch(/^\d+-[0-9A-Z]{8}$/)
    const code = (await shown.textContent()) ?? ''
    expect(code.startsWith(`${row.id}-`)).toBe(true)
    await staff.locator('.training-line', { hasText: '张晓梅' }).waitFor()
    await screenshot(county, 'training5-checkin-qr')

    // 签到: in the browser there is no camera scan, so she types the code under the QR.
    await member.reload()
    const checkin = onScreen(member).locator('.training-session')
    await fillField(checkin.locator('.session-checkin__input'), code.toLowerCase())
    await checkin.locator('.session-checkin .nut-button', { hasText: '签到' }).click()
    await checkin.locator('.session-member--done', { hasText: '已签到，课程已完成' }).waitFor()
    await checkin.locator('.nut-button', { hasText: '查看结业证书' }).waitFor()
    await screenshot(member, 'training6-completed')
    const [done] = await db.query<{ completed_via: string }>(
      `SELECT e.completed_via FROM course_enrolment e JOIN member m ON m.id = e.member_id JOIN app_user u ON u.id = m.user_id
        WHERE e.course_id = $1 AND u.demo_key = 'member'`,
      [courseId],
    )
    expect(done.completed_via).toBe('offline')

    await county.reload()
    await onScreen(county).locator('.training-line', { hasText: '张晓梅' }).locator('.training-tag', { hasText: '已签到' }).waitFor()
    await screenshot(county, 'training7-roster')

    // 大字模式 on the member's session page.
    await member.goto(`${host().url}/#/pages/home/index`)
    await onScreen(member).locator('.home__large-toggle').click()
    await onScreen(member).locator('.page--large').waitFor()
    await member.goto(`${host().url}/#/pages/training/session/index?id=${row.id}`)
    await onScreen(member).locator('.page--large .session-member--done').waitFor()
    await screenshot(member, 'training8-large-text')
    await memberContext.close()
    await countyContext.close()
  })
})
