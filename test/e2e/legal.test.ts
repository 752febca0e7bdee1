import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { documentPdf } from '../support/aid-claim-form'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { callAs, chooseFile, confirmModal, fillField, onScreen, signIn } from '../support/h5-app'

/** The word another member searches 常见问题 for; none of the demo articles holds it. */
const searchWord = '毕业证'
const title = '公司扣押毕业证不让辞职怎么办'
const body = '我入职时公司收走了我的毕业证原件，现在我想辞职，公司说不干满三年就不还毕业证，还要扣我一个月工资。请问公司这样做合法吗？'

/** The questionId in the page's hash route (…/pages/legal/question/index?id=42). */
function questionIdOf(page: Page): number {
  const id = Number(new URL(page.url().replace('#/', '')).searchParams.get('id'))
  expect(id).toBeGreaterThan(0)
  return id
}

describeInBrowser('在线律师：匿名咨询、律师答复、发布到常见问题、转交线下帮助', ({ host, browser }) => {
  it('a member asks anonymously with an attachment, a lawyer claims and replies, the member follows up, resolves and rates, the lawyer publishes, another member finds it', async () => {
    const url = host().url
    // The demo roster has 吴律师 on duty on weekdays 08:30–17:30; the test runs at any hour.
    await host().db.query(
      `INSERT INTO legal_roster (branch_id, lawyer_user_id, weekday, start_minute, end_minute, created_by)
       SELECT b.id, u.id, d, 0, 1440, u.id FROM branch b, app_user u, generate_series(1, 7) AS d
        WHERE b.name = '秀洲区总工会' AND u.demo_key = 'lawyer'
       ON CONFLICT DO NOTHING`,
    )

    // 张晓梅 asks from 在线律师 → 我要咨询, anonymously, with the notice as a PDF.
    const memberContext = await newPhoneContext(browser())
    const member = await signIn(memberContext, url, 'member')
    await onScreen(member).locator('.module-grid__item--legal').click()
    await onScreen(member).locator('.legal-home__ask').click()
    const ask = onScreen(member).locator('.legal-ask')
    await ask.locator('.choice-chips__chip--labour_contract').click()
    await fillField(ask.locator('.legal-ask__title'), title)
    await fillField(ask.locator('.legal-ask__body'), body)
    await chooseFile(member, ask.locator('.legal-ask__files .image-upload__add'), { name: '入职材料清单.pdf', mimeType: 'application/pdf', buffer: documentPdf })
    await expect.poll(() => ask.locator('.document-upload__pdf-name').textContent()).toBe('入职材料清单.pdf')
    await ask.locator('.legal-ask__anonymous-switch').click()
    await ask.locator('.legal-ask__anonymous-hint', { hasText: '律师只能看到您所在的区县' }).waitFor()
    await screenshot(member, 'lg1-ask-anonymous')
    await ask.locator('.legal-ask__submit').click()
    const memberThread = onScreen(member).locator('.legal-question--open')
    await memberThread.locator('.legal-question__title', { hasText: title }).waitFor()
    const questionId = questionIdOf(member)
    await screenshot(member, 'lg2-asked')

    // 吴律师 finds it in 律师工作台 as 匿名职工, claims it and replies; the attachment is there for him.
    const lawyerContext = await newPhoneContext(browser())
    const lawyer = await signIn(lawyerContext, url, 'lawyer')
    await onScreen(lawyer).locator('.module-grid__item--legal-queue').click()
    const row = onScreen(lawyer).locator('.legal-queue__row', { hasText: title })
    await row.waitFor()
    expect(await row.textContent()).not.toContain('张晓梅')
    await screenshot(lawyer, 'lg3-lawyer-queue')
    await row.locator('.legal-queue__claim').click()
    const lawyerThread = onScreen(lawyer).locator('.legal-question')
    await lawyerThread.locator('.legal-question__composer').waitFor()
    // An anonymous asker's file reaches the lawyer as 附件1.pdf: its own name could name her.
    await lawyerThread.locator('.legal-question__file-name', { hasText: '附件1.pdf' }).waitFor()
    expect(await lawyerThread.textContent()).not.toContain('入职材料清单')
    expect(await lawyerThread.locator('.legal-question__asker').textContent()).toContain('匿名')
    expect(await lawyerThread.textContent()).not.toContain('张晓梅')
    const reply = '用人单位不得扣押劳动者的居民身份证和其他证件。您提前三十日书面通知即可解除劳动合同，公司应当退还毕业证，扣工资没有依据。'
    await fillField(lawyerThread.locator('.legal-question__input'), reply)
    await lawyerThread.locator('.legal-question__send').click()
    await lawyerThread.locator('.legal-question__message--mine', { hasText: '退还毕业证' }).waitFor()
    await screenshot(lawyer, 'lg4-lawyer-replied')

    // The member's open thread shows the reply by polling; she follows up, then marks it resolved with 5 stars.
    await memberThread.locator('.legal-question__message--lawyer', { hasText: '退还毕业证' }).waitFor()
    await fillField(memberThread.locator('.legal-question__input'), '如果公司还是不还，我可以去哪里投诉？')
    await memberThread.locator('.legal-question__send').click()
    await memberThread.locator('.legal-question__message--mine', { hasText: '去哪里投诉' }).waitFor()
    await lawyerThread.locator('.legal-question__message--member', { hasText: '去哪里投诉' }).waitFor()
    await fillField(lawyerThread.locator('.legal-question__input'), '可以向当地劳动保障监察机构投诉，由其责令公司限期退还，并可依法处罚。')
    await lawyerThread.locator('.legal-question__send').click()
    await memberThread.locator('.legal-question__message--lawyer', { hasText: '劳动保障监察' }).waitFor()
    await screenshot(member, 'lg5-member-thread')
    await onScreen(member).locator('.legal-question__actions .nut-button', { hasText: '已解决' }).click()
    const rating = member.locator('.nut-dialog:visible')
    await rating.locator('.legal-question__star--5').click()
    await fillField(rating.locator('.legal-question__rating-comment'), '律师解答很及时，谢谢！')
    await screenshot(member, 'lg6-rating')
    await rating.locator('.nut-dialog-footer-ok').click()
    await onScreen(member).locator('.legal-question--resolved .legal-question__rated').waitFor()
    await screenshot(member, 'lg7-resolved-rated')
    await memberContext.close()

    // The lawyer publishes the exchange to 常见问题 from the resolved question.
    await lawyer.goto(`${url}/#/pages/legal/question/index?id=${questionId}`)
    await onScreen(lawyer).locator('.legal-question--resolved .legal-question__actions .nut-button', { hasText: '发布到常见问题' }).click()
    const publish = onScreen(lawyer).locator('.legal-publish__form')
    await publish.waitFor()
    expect(await publish.textContent()).not.toContain('张晓梅')
    await screenshot(lawyer, 'lg8-publish-draft')
    await publish.locator('.legal-publish__submit').click()
    await confirmModal(lawyer)
    await onScreen(lawyer).locator('.legal-article__title', { hasText: title }).waitFor()
    await screenshot(lawyer, 'lg9-published')
    await lawyerContext.close()

    // 陈建国, another member, searches 常见问题 for a word of it and reads it, with no trace of who asked.
    const otherContext = await newPhoneContext(browser())
    const other = await signIn(otherContext, url, 'sibling-member')
    await onScreen(other).locator('.module-grid__item--legal').click()
    await fillField(onScreen(other).locator('.legal-home__search-input'), searchWord)
    await onScreen(other).locator('.legal-home__search-button').click()
    const found = onScreen(other).locator('.legal-kb__row', { hasText: title })
    await found.waitFor()
    await screenshot(other, 'lg10-search-found')
    await found.click()
    const article = onScreen(other).locator('.legal-article')
    await article.locator('.legal-article__text', { hasText: '退还毕业证' }).waitFor()
    const text = await article.textContent()
    for (const secret of ['张晓梅', '13857300001', '恒创']) expect(text).not.toContain(secret)
    await screenshot(other, 'lg11-article')
    await otherContext.close()
  })

  it('a lawyer hands a question off to 劳动争议调解, the member agrees to share her contact, the county legal_admin accepts the case', async () => {
    const url = host().url
    const memberContext = await newPhoneContext(browser())
    const member = await signIn(memberContext, url, 'member')
    const { questionId } = await callAs<{ questionId: number }>(member, 'legal', 'ask', {
      requestId: `e2e-handoff-${Date.now()}`,
      category: 'wages',
      title: '工厂停工两个月只发生活费',
      body: '工厂说订单少停工两个月，只发了最低生活费，还让我们签自愿放弃工资的说明，大家都不愿意签。',
      anonymous: true,
      fileIds: [],
    })
    const lawyerContext = await newPhoneContext(browser())
    const lawyer = await signIn(lawyerContext, url, 'lawyer')
    await callAs(lawyer, 'legal', 'claimQuestion', { questionId })
    await callAs(lawyer, 'legal', 'sendMessage', { questionId, body: '停工超过一个工资支付周期的，可以按不低于当地最低工资标准的一定比例发放生活费，但不能要求职工放弃工资。', requestId: `e2e-reply-${Date.now()}` })

    // 需要线下帮助 → 转交线下帮助: the kind and a summary for the service centre.
    await lawyer.goto(`${url}/#/pages/legal/question/index?id=${questionId}`)
    await onScreen(lawyer).locator('.legal-question__actions .nut-button', { hasText: '需要线下帮助' }).click()
    await confirmModal(lawyer)
    const handoff = onScreen(lawyer).locator('.legal-handoff')
    await handoff.locator('.choice-chips__chip--mediation').click()
    await fillField(handoff.locator('.legal-handoff__summary'), '企业停工期间只发生活费并要求职工签字放弃工资，涉及多名职工，建议组织劳动争议调解。')
    await screenshot(lawyer, 'lg12-handoff')
    await handoff.locator('.legal-handoff__submit').click()
    await confirmModal(lawyer)
    await onScreen(lawyer).locator('.legal-question__case', { hasText: '劳动争议调解' }).waitFor()
    await lawyerContext.close()

    // The member sees the case on her question and agrees to be contacted.
    await member.goto(`${url}/#/pages/legal/question/index?id=${questionId}`)
    const memberCase = onScreen(member).locator('.legal-question__case')
    await memberCase.locator('.legal-question__case-status--submitted').waitFor()
    await memberCase.locator('.legal-question__consent').click()
    await confirmModal(member)
    await memberCase.locator('.legal-question__consent').waitFor({ state: 'detached' })
    await screenshot(member, 'lg13-member-case')

    // 钱进, 秀洲区's legal_admin, finds it under 援助调解 → 待受理, sees her contact details and accepts it.
    const adminContext = await newPhoneContext(browser())
    const admin = await signIn(adminContext, url, 'legal-admin')
    await onScreen(admin).locator('.module-grid__item--legal-cases').click()
    const caseRow = onScreen(admin).locator('.case-row', { hasText: '工厂停工两个月只发生活费' })
    await caseRow.waitFor()
    expect(await caseRow.textContent()).toContain('匿名职工')
    await screenshot(admin, 'lg14-cases')
    await caseRow.click()
    const detail = onScreen(admin).locator('.legal-case')
    await detail.locator('.legal-case__contact', { hasText: '张晓梅' }).waitFor()
    await detail.locator('.legal-case__step--accepted').click()
    const dialog = admin.locator('.nut-dialog:visible')
    await fillField(dialog.locator('.prompt-dialog__textarea'), '调解中心已受理，将于三个工作日内电话联系您。')
    await dialog.locator('.nut-dialog-footer-ok').click()
    await detail.locator('.legal-case__status--accepted').waitFor()
    await screenshot(admin, 'lg15-case-accepted')

    // 大字模式: the case stays readable, the steps still reachable.
    await admin.goto(`${url}/#/pages/home/index`)
    await onScreen(admin).locator('.home__large-toggle').click()
    await onScreen(admin).locator('.page--large').waitFor()
    await admin.goto(`${url}/#/pages/legal/case/index?id=${(await callAs<{ items: { id: number }[] }>(admin, 'legal', 'cases', { status: 'accepted' })).items[0].id}`)
    await onScreen(admin).locator('.page--large .legal-case__step--in_progress').waitFor()
    await screenshot(admin, 'lg16-case-large-text')
    await adminContext.close()

    // The member is told, and her question shows the new status.
    await member.goto(`${url}/#/pages/legal/question/index?id=${questionId}`)
    await onScreen(member).locator('.legal-question__case-status--accepted').waitFor()
    const messages = await callAs<{ items: { kind: string; title: string }[] }>(member, 'message', 'list', {})
    expect(messages.items.filter((m) => m.kind === 'legal_case_update').map((m) => m.title)).toEqual(['劳动争议调解已受理', '咨询已转交劳动争议调解'])
    await memberContext.close()
  })
})
