import { expect, it } from 'vitest'
import { documentPhoto } from '../support/aid-claim-form'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { callAs, chooseFile, fillField, onScreen, signIn } from '../support/h5-app'

interface RosterView {
  branch: { id: number }
  slots: { id: number; lawyer: { userId: number } }[]
  lawyers: { userId: number; name: string }[]
}

describeInBrowser('在线律师：提问、值班表与律师工作台', ({ host, browser }) => {
  it('a member asks anonymously with an attachment; the on-duty lawyer sees only the county and claims it', async () => {
    const url = host().url
    // The county's legal admin puts 吴律师 on duty around the clock, so the test does not depend on the hour.
    const adminContext = await newPhoneContext(browser())
    const admin = await signIn(adminContext, url, 'legal-admin')
    const roster = await callAs<RosterView>(admin, 'legal', 'rosterList', {})
    const lawyerId = roster.lawyers.find((l) => l.name === '吴律师')?.userId
    for (const slot of roster.slots.filter((s) => s.lawyer.userId === lawyerId)) await callAs(admin, 'legal', 'rosterRemove', { id: slot.id })
    await callAs(admin, 'legal', 'rosterSave', { branchId: roster.branch.id, lawyerUserId: lawyerId, weekdays: [1, 2, 3, 4, 5, 6, 7], startMinute: 0, endMinute: 1440 })
    await admin.goto(`${url}/#/pages/legal/roster/index`)
    await onScreen(admin).locator('.legal-roster__slot').first().waitFor()
    expect(await onScreen(admin).locator('.legal-roster__slot').count()).toBe(7)
    await screenshot(admin, 'la1-roster')
    await adminContext.close()

    // The member goes from home to 在线律师 and 我要咨询.
    const memberContext = await newPhoneContext(browser())
    const member = await signIn(memberContext, url, 'member')
    await onScreen(member).locator('.module-grid__item--legal').click()
    const home = onScreen(member).locator('.legal-home')
    await home.locator('.legal-home__duty').filter({ hasText: '吴律师' }).waitFor()
    await screenshot(member, 'la2-legal-home')
    await home.locator('.legal-home__ask').click()
    const form = onScreen(member).locator('.legal-ask')
    await form.locator('.choice-chips__chip--wages').click()
    await fillField(form.locator('.legal-ask__title'), '公司拖欠三个月工资怎么办')
    // Answered 常见问题 like the title appear while the member types.
    await form.locator('.legal-ask__similar-item').filter({ hasText: '公司拖欠工资三个月怎么办' }).waitFor()
    await screenshot(member, 'la3-ask-similar')
    // Too short a description is caught before anything is sent.
    await fillField(form.locator('.legal-ask__body'), '拖欠工资')
    await form.locator('.legal-ask__submit').click()
    await form.locator('.form-field__error').filter({ hasText: '至少 10 个字' }).waitFor()
    await fillField(form.locator('.legal-ask__body'), '我在公司做了两年，最近三个月工资一直没发，老板说资金紧张让再等等。我可以怎么维权？')
    await form.locator('.legal-ask__counter').filter({ hasText: '/3000' }).waitFor()
    await chooseFile(member, form.locator('.image-upload__add'), { name: '工资条.jpg', mimeType: 'image/jpeg', buffer: await documentPhoto(30) })
    await form.locator('.image-upload__tile--done').waitFor()
    await form.locator('.legal-ask__anonymous-switch').click()
    await form.locator('.legal-ask__anonymous-hint').filter({ hasText: '只能看到您所在的区县' }).waitFor()
    await screenshot(member, 'la3-ask')
    await form.locator('.legal-ask__submit').click()
    // Asking leaves the form for the question's thread (the thread part's page).
    await expect.poll(() => member.url(), { timeout: 15_000 }).not.toContain('/pages/legal/ask/')
    const mine = await callAs<{ items: { id: number; anonymous: boolean; title: string }[] }>(member, 'legal', 'myQuestions', {})
    const question = mine.items[0]
    expect(question).toMatchObject({ anonymous: true, title: '公司拖欠三个月工资怎么办' })
    await member.goto(`${url}/#/pages/legal/mine/index`)
    await onScreen(member).locator('.legal-mine__row').filter({ hasText: '公司拖欠三个月工资怎么办' }).waitFor()
    await screenshot(member, 'la4-mine')
    await memberContext.close()

    // 吴律师, in 大字模式, opens 律师工作台 from home: the row shows only the county, and he claims it.
    const lawyerContext = await newPhoneContext(browser())
    const lawyer = await signIn(lawyerContext, url, 'lawyer')
    await onScreen(lawyer).locator('.home__large-toggle').click()
    await onScreen(lawyer).locator('.module-grid__item--legal-queue').click()
    const row = onScreen(lawyer).locator('.legal-queue__row').filter({ hasText: '公司拖欠三个月工资怎么办' })
    await row.waitFor()
    const text = (await row.textContent()) ?? ''
    expect(text).toContain('匿名职工 · 秀洲区总工会')
    expect(text).not.toMatch(/张晓梅|恒创/)
    await screenshot(lawyer, 'la5-queue-large-text')
    await row.locator('.legal-queue__claim').click()
    await expect.poll(() => lawyer.url(), { timeout: 15_000 }).not.toContain('/pages/legal/queue/')
    const held = await callAs<{ items: { id: number; mine: boolean }[] }>(lawyer, 'legal', 'lawyerQueue', { filter: 'mine' })
    expect(held.items.find((i) => i.id === question.id)?.mine).toBe(true)
    await lawyerContext.close()
  })
})
