import { expect, it } from 'vitest'
import { documentPdf } from '../support/aid-claim-form'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { callAs, chooseFile, confirmModal, fillField, onScreen, signIn } from '../support/h5-app'

describeInBrowser('在线律师：咨询页（双方对话、轮询、指派、查看身份、已解决与评价）', ({ host, browser }) => {
  it('a reply reaches the open page of the other side by polling; the member resolves and rates; a legal_admin assigns and reveals', async () => {
    const url = host().url
    const memberContext = await newPhoneContext(browser())
    const member = await signIn(memberContext, url, 'member')
    const { questionId } = await callAs<{ questionId: number }>(member, 'legal', 'ask', {
      requestId: `e2e-thread-${Date.now()}`,
      category: 'wages',
      title: '公司拖欠三个月工资',
      body: '公司从八月起没有发工资，老板说等回款再发。我想知道现在能做什么，需要准备哪些材料？',
      anonymous: true,
      fileIds: [],
    })
    const page = `${url}/#/pages/legal/question/index?id=${questionId}`
    await member.goto(page)
    const memberPage = onScreen(member).locator('.legal-question')
    await memberPage.locator('.legal-question__callout').filter({ hasText: '等待值班律师接手' }).waitFor()
    await screenshot(member, 'lt1-member-waiting')

    // 钱进 (legal_admin, 秀洲区) sees an anonymous asker, assigns the county's lawyer and, for a stated reason, sees who asked.
    const adminContext = await newPhoneContext(browser())
    const admin = await signIn(adminContext, url, 'legal-admin')
    await admin.goto(page)
    const adminPage = onScreen(admin).locator('.legal-question')
    await adminPage.locator('.legal-question__asker').filter({ hasText: '匿名职工 · 秀洲区总工会' }).waitFor()
    expect(await adminPage.textContent()).not.toContain('张晓梅')
    await adminPage.locator('.legal-question__assign-open').click()
    const assign = admin.locator('.nut-dialog:visible')
    await assign.locator('.choice-chips__chip', { hasText: '吴律师' }).click()
    await screenshot(admin, 'lt2-admin-assign')
    await assign.locator('.nut-dialog-footer-ok').click()
    await adminPage.getByText('承办律师：吴律师').waitFor()
    await adminPage.locator('.legal-question__reveal').click()
    const reveal = admin.locator('.nut-dialog:visible')
    await fillField(reveal.locator('.prompt-dialog__textarea'), '职工需要转交法律援助，需核实联系方式')
    await reveal.locator('.nut-dialog-footer-ok').click()
    await admin.locator('.taro__modal .taro-modal__content', { hasText: '张晓梅' }).waitFor()
    await screenshot(admin, 'lt3-admin-revealed')
    await confirmModal(admin)
    await adminContext.close()

    // 吴律师 answers with an attachment; the member's open page shows it without a reload.
    const lawyerContext = await newPhoneContext(browser())
    const lawyer = await signIn(lawyerContext, url, 'lawyer')
    await lawyer.goto(page)
    const lawyerPage = onScreen(lawyer).locator('.legal-question')
    const composer = lawyerPage.locator('.legal-question__composer')
    await composer.waitFor()
    await fillField(composer.locator('.legal-question__input'), '可以先向劳动保障监察投诉，或申请劳动仲裁。请准备劳动合同、工资流水和考勤记录，附件是仲裁申请书模板。')
    await chooseFile(lawyer, composer.locator('.image-upload__add'), { name: '仲裁申请书模板.pdf', mimeType: 'application/pdf', buffer: documentPdf })
    await composer.locator('.image-upload__tile--done').waitFor()
    await composer.locator('.legal-question__send').click()
    await lawyerPage.locator('.legal-question__message--mine').filter({ hasText: '劳动仲裁' }).waitFor()
    await screenshot(lawyer, 'lt4-lawyer-replied')

    const reply = memberPage.locator('.legal-question__message--lawyer').filter({ hasText: '劳动仲裁' })
    await reply.waitFor({ timeout: 15_000 })
    expect(await reply.locator('.legal-question__file-pdf').count()).toBe(1)
    await memberPage.locator('.legal-question__callout').filter({ hasText: '律师已回复' }).waitFor()
    await screenshot(member, 'lt5-member-sees-reply')

    // The member follows up; the lawyer's open page shows it by polling too.
    const memberComposer = memberPage.locator('.legal-question__composer')
    await fillField(memberComposer.locator('.legal-question__input'), '申请仲裁要交费吗？大概多久能有结果？')
    await memberComposer.locator('.legal-question__send').click()
    await memberPage.locator('.legal-question__message--mine').filter({ hasText: '要交费吗' }).waitFor()
    const followUp = lawyerPage.locator('.legal-question__message--member').filter({ hasText: '要交费吗' })
    await followUp.waitFor({ timeout: 15_000 })
    expect(await followUp.locator('.legal-question__message-meta').textContent()).toContain('匿名职工')
    await fillField(composer.locator('.legal-question__input'), '劳动仲裁不收费，一般 45 日内结案。')
    await composer.locator('.legal-question__send').click()
    await memberPage.locator('.legal-question__message--lawyer').filter({ hasText: '不收费' }).waitFor({ timeout: 15_000 })

    // Resolved and rated, in 大字模式.
    await member.goto(`${url}/#/pages/home/index`)
    await onScreen(member).locator('.home__large-toggle').click()
    await member.goto(page)
    await memberPage.locator('.legal-question__resolve').click()
    const rate = member.locator('.nut-dialog:visible')
    await rate.locator('.legal-question__star--5').click()
    await fillField(rate.locator('.legal-question__rating-comment'), '回答很清楚，谢谢律师')
    await screenshot(member, 'lt6-member-rating-large-text')
    await rate.locator('.nut-dialog-footer-ok').click()
    await memberPage.locator('.legal-question__status--resolved').waitFor()
    await memberPage.locator('.legal-question__rated').filter({ hasText: '回答很清楚' }).waitFor()
    expect(await memberPage.locator('.legal-question__composer').count()).toBe(0)
    await screenshot(member, 'lt7-member-resolved')

    // The lawyer's page follows the close and offers publishing.
    await lawyerPage.locator('.legal-question__publish').waitFor({ timeout: 15_000 })
    await screenshot(lawyer, 'lt8-lawyer-after-resolve')
    await memberContext.close()
    await lawyerContext.close()
  })
})
