import { expect, it } from 'vitest'
import { documentPhoto, fillHospitalClaim } from '../support/aid-claim-form'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { callAs, chooseFile, fillField, onScreen, signIn } from '../support/h5-app'

describeInBrowser('医疗互助：审核、补充材料、核准与支付', ({ host, browser }) => {
  it('a claim goes from the member through the reviewer and the payment to 已支付, with the member told at each step', async () => {
    const url = host().url
    // 陈建国 (a member in 秀洲区) becomes the county's claim reviewer, granted by the county admin.
    const adminContext = await newPhoneContext(browser())
    const countyAdmin = await signIn(adminContext, url, 'county-admin')
    const reviewerContext = await newPhoneContext(browser())
    const reviewer = await signIn(reviewerContext, url, 'sibling-member')
    const reviewerMe = await callAs<{ member: { memberNo: string } }>(reviewer, 'auth', 'me', {})
    const adminMe = await callAs<{ grants: { role: string; branch: { id: number } }[] }>(countyAdmin, 'auth', 'me', {})
    const county = adminMe.grants.find((g) => g.role === 'admin')?.branch.id
    await callAs(countyAdmin, 'role', 'grant', { memberNo: reviewerMe.member.memberNo, role: 'claim_reviewer', branchId: county })
    await adminContext.close()

    // The member files a hospital claim with its checklist and sees the estimate first.
    const memberContext = await newPhoneContext(browser())
    const member = await signIn(memberContext, url, 'member')
    await member.goto(`${url}/#/pages/aid/claim-new/index`)
    const consent = onScreen(member).locator('.aid-claim-new__consent')
    const form = onScreen(member).locator('.aid-claim-new__form')
    await consent.or(form).first().waitFor()
    if (await consent.isVisible()) await consent.locator('.aid-claim-new__consent-agree').click()
    await form.waitFor()
    await fillHospitalClaim(member, form, { total: '9000', insurance: '5000', self: '4000', eligible: '3500' })
    await form.locator('.aid-claim-new__check').click()
    await form.locator('.aid-claim-new__estimate-amount').waitFor()
    await screenshot(member, 'ac1-member-estimate')
    await form.locator('.aid-claim-new__submit').click()
    await onScreen(member).locator('.aid-claim .aid-claim-status--submitted').waitFor()
    const mine = await callAs<{ items: { id: number }[] }>(member, 'aid', 'myClaims', {})
    const claimId = mine.items[0].id

    // The reviewer (in 大字模式) finds it in the queue, takes it, reads the documents and asks for one more.
    await reviewer.goto(`${url}/#/pages/home/index`)
    await onScreen(reviewer).locator('.home__large-toggle').click()
    await reviewer.goto(`${url}/#/pages/aid/review-queue/index`)
    const row = onScreen(reviewer).locator('.queue-row').filter({ hasText: '张晓梅' }).first()
    await row.waitFor()
    await screenshot(reviewer, 'ac2-review-queue')
    await row.click()
    const review = onScreen(reviewer).locator('.claim-review')
    await review.locator('.claim-review__take').click()
    await review.locator('.claim-review__doc').first().waitFor()
    expect(await review.locator('.claim-review__doc').count()).toBe(3)
    await screenshot(reviewer, 'ac3-review-taken')
    await review.locator('.claim-review__ask').click()
    const ask = reviewer.locator('.nut-dialog:visible')
    await ask.locator('.review-sheet__chip--itemised_bill').click()
    await fillField(ask.locator('.review-sheet__reason'), '费用明细清单缺第二页，请补拍上传')
    await screenshot(reviewer, 'ac4-ask-for-documents')
    await ask.locator('.nut-dialog-footer-ok').click()
    await review.locator('.claim-review__status--need_more').waitFor()

    // The member is told, adds the page, and the claim goes back to the same reviewer.
    await member.goto(`${url}/#/pages/aid/claim/index?id=${claimId}`)
    const supplement = onScreen(member).locator('.aid-claim__supplement')
    await supplement.waitFor()
    expect(await supplement.textContent()).toContain('缺第二页')
    await chooseFile(member, supplement.locator('.image-upload__add'), { name: '费用明细2.jpg', mimeType: 'image/jpeg', buffer: await documentPhoto(70) })
    await supplement.locator('.image-upload__tile--done').waitFor()
    await screenshot(member, 'ac5-member-supplement')
    await supplement.locator('.aid-claim__supplement-submit').click()
    await onScreen(member).locator('.aid-claim .aid-claim-status--in_review').waitFor()

    // The reviewer approves the computed amount.
    await reviewer.reload()
    await onScreen(reviewer).locator('.claim-review__status--in_review').waitFor()
    expect(await onScreen(reviewer).locator('.claim-review__doc').count()).toBe(4)
    await onScreen(reviewer).locator('.claim-review__approve').click()
    const approve = reviewer.locator('.nut-dialog:visible')
    await approve.locator('.review-sheet__amount').waitFor()
    await screenshot(reviewer, 'ac6-approve')
    await approve.locator('.nut-dialog-footer-ok').click()
    await onScreen(reviewer).locator('.claim-review__status--approved').waitFor()
    await screenshot(reviewer, 'ac7-approved')
    await reviewerContext.close()

    // The city's 互助管理员 records the transfer made at the bank.
    const payerContext = await newPhoneContext(browser())
    const payer = await signIn(payerContext, url, 'city-admin')
    await payer.goto(`${url}/#/pages/aid/review-queue/index?filter=to_pay`)
    const payRow = onScreen(payer).locator('.queue-row').filter({ hasText: '张晓梅' }).first()
    await payRow.waitFor()
    await payRow.click()
    await onScreen(payer).locator('.claim-review__pay').click()
    const pay = payer.locator('.nut-dialog:visible')
    await fillField(pay.locator('.review-sheet__account'), '6222021208001234567')
    await fillField(pay.locator('.review-sheet__ref'), 'BOC-20261122-0042')
    await screenshot(payer, 'ac8-record-payment')
    await pay.locator('.nut-dialog-footer-ok').click()
    await onScreen(payer).locator('.claim-review__status--paid').waitFor()
    await payerContext.close()

    // The member sees 已支付 and the message.
    await member.goto(`${url}/#/pages/aid/claim/index?id=${claimId}`)
    await onScreen(member).locator('.aid-claim .aid-claim-status--paid').waitFor()
    await screenshot(member, 'ac9-member-paid')
    await member.goto(`${url}/#/pages/message/index`)
    const paidMessage = onScreen(member).locator('.message-row').filter({ hasText: '互助金已支付' }).first()
    await paidMessage.waitFor()
    expect(await paidMessage.textContent()).toContain('尾号 4567')
    await screenshot(member, 'ac10-member-message')
    await memberContext.close()
  })
})
