import sharp from 'sharp'
import { expect, it } from 'vitest'
import { demoAccounts } from '../../server/seed/demo-accounts'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { chooseFile, fillField, onScreen, signIn } from '../support/h5-app'

/** A portrait-shaped photo in one colour with a lighter band, enough to tell two apart. */
async function portrait(background: string): Promise<Buffer> {
  const band = Buffer.from('<svg width="600" height="800"><rect y="300" width="600" height="200" fill="#ffffff" fill-opacity="0.5"/></svg>')
  return sharp({ create: { width: 600, height: 800, channels: 3, background } })
    .composite([{ input: band }])
    .jpeg({ quality: 85 })
    .toBuffer()
}

describeInBrowser('鹊桥会：加入并完善资料', ({ host, browser }) => {
  it('张晓梅 joins with her ID number, fills her profile with two photos and sees it waiting for review', async () => {
    const member = demoAccounts.find((a) => a.key === 'member')?.member
    if (!member) throw new Error('demo member missing')
    const context = await newPhoneContext(browser())
    const page = await signIn(context, host().url, 'member')

    // The tile on home leads to the hub, which explains what 鹊桥会 promises before anyone joins.
    await onScreen(page).locator('.module-grid__item--dating').click()
    await onScreen(page).locator('.dating-home__intro').waitFor()
    await screenshot(page, 'dating-join-1-hub-not-joined')
    await onScreen(page).locator('.dating-home__join').click()

    // The ID number once: what it gives is shown while she types, before she agrees to anything.
    const form = onScreen(page).locator('.dating-join__form')
    await form.waitFor()
    await fillField(form.locator('.dating-join__id'), member.idNumber)
    await expect.poll(() => form.locator('.dating-join__derived').textContent()).toContain('1992年3月')
    expect(await form.locator('.dating-join__derived').textContent()).toContain('女')
    await form.locator('.dating-join__consent').click()
    await screenshot(page, 'dating-join-2-form-filled')
    await form.locator('.dating-join__submit').click()
    const done = onScreen(page).locator('.dating-join__done')
    await done.waitFor()
    expect(await done.textContent()).toContain('秀洲区')
    await screenshot(page, 'dating-join-3-joined')
    await done.locator('.dating-join__next').click()

    // The profile: what the ID decided is shown plainly and locked; photos three a row, the first is 头像.
    const content = onScreen(page).locator('.dating-profile__content')
    await content.waitFor()
    expect(await onScreen(page).locator('.dating-profile__identity').textContent()).toContain('1992年3月生')
    const add = content.locator('.dating-photos__add')
    await chooseFile(page, add, { name: '我1.jpg', mimeType: 'image/jpeg', buffer: await portrait('#d98c8c') })
    await content.locator('.dating-photos__image').first().waitFor()
    await chooseFile(page, add, { name: '我2.jpg', mimeType: 'image/jpeg', buffer: await portrait('#7fa7c9') })
    await expect.poll(() => content.locator('.dating-photos__image').count()).toBe(2)
    expect(await content.locator('.dating-photos__avatar').count()).toBe(1)
    expect(await content.locator('.dating-photos__tile').first().locator('.dating-photos__avatar').textContent()).toBe('头像')

    await fillField(content.locator('.dating-profile__nickname'), '小梅')
    await fillField(content.locator('.dating-profile__height'), '163')
    await content.locator('.dating-profile__education .choice-chips__chip--bachelor').click()
    await fillField(content.locator('.dating-profile__occupation'), '会计')
    await content.locator('.dating-profile__marital .choice-chips__chip--never').click()
    await fillField(content.locator('.dating-profile__hometown'), '嘉兴秀洲')
    await fillField(content.locator('.dating-profile__intro'), '性格开朗，喜欢周末去南湖边走走，也爱烘焙。')
    await fillField(content.locator('.dating-profile__interests'), '读书 烘焙 羽毛球')
    await screenshot(page, 'dating-join-4-profile-filled')

    // A listed word is refused next to the form, naming it; she takes it out and submits.
    await fillField(content.locator('.dating-profile__intro'), '性格开朗，加我微信聊')
    await content.locator('.dating-profile__save').click()
    await expect.poll(() => content.locator('.dating-profile__text-error').textContent()).toContain('加我微信')
    await screenshot(page, 'dating-join-5-word-refused')
    await fillField(content.locator('.dating-profile__intro'), '性格开朗，喜欢周末去南湖边走走，也爱烘焙。')
    await content.locator('.dating-profile__save').click()
    const pending = onScreen(page).locator('.dating-profile__review--pending')
    await pending.waitFor()
    expect(await pending.textContent()).toContain('审核中')
    await screenshot(page, 'dating-join-6-submitted')

    // The contact is saved apart, for a match only.
    const contact = onScreen(page).locator('.dating-profile__contact')
    await fillField(contact.locator('.dating-profile__contact-value'), 'xiaomei_1992')
    await contact.locator('.dating-profile__save-contact').click()
    await page.locator('.taro__toast', { hasText: '联系方式已保存' }).waitFor({ state: 'attached' })

    // The hub now says the profile waits for a matchmaker; meeting others waits for the approval.
    await page.goto(`${host().url}/#/pages/dating/home/index`)
    const status = onScreen(page).locator('.dating-home__status--wait')
    await status.waitFor()
    expect(await status.textContent()).toContain('审核中')
    expect(await onScreen(page).locator('.dating-home__entry--discover').getAttribute('class')).toContain('dating-home__entry--disabled')
    await screenshot(page, 'dating-join-7-hub-pending')

    // 大字模式: the edit page stays usable, photos and labels wrapping rather than spilling.
    await page.goto(`${host().url}/#/pages/home/index`)
    await onScreen(page).locator('.home__large-toggle').click()
    await page.goto(`${host().url}/#/pages/dating/profile-edit/index`)
    await onScreen(page).locator('.page--large .dating-profile__content .dating-photos__image').first().waitFor()
    await screenshot(page, 'dating-join-8-edit-large-text')
    await context.close()
  })
})
