import type { BrowserContext, Page } from 'playwright-core'
import sharp from 'sharp'
import { expect, it } from 'vitest'
import { createMatch } from '../../server/dating/matches'
import { demoAccounts } from '../../server/seed/demo-accounts'
import { tokenFor } from '../support/app'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { insertDater } from '../support/dating-fixtures'
import { callAs, chooseFile, confirmModal, fillField, onScreen, signIn } from '../support/h5-app'

/** A photo-like picture (a profile photo, a photo sent in a chat). */
function picture(tint: string): Promise<Buffer> {
  return sharp({ create: { width: 900, height: 1200, channels: 3, background: tint } }).jpeg({ quality: 85 }).toBuffer()
}

/** Opens the app as a member made by the fixtures (they have no demo login): their session, as login would store it. */
async function openAs(context: BrowserContext, url: string, userId: number, path: string): Promise<Page> {
  const token = tokenFor(userId)
  await context.addInitScript((session) => {
    localStorage.setItem('session-token', JSON.stringify({ data: session }))
    localStorage.setItem('session-expires-at', JSON.stringify({ data: new Date(Date.now() + 3_600_000).toISOString() }))
  }, token)
  const page = await context.newPage()
  await page.goto(`${url}/#${path}`)
  return page
}

/** Joins 鹊桥会 from the hub as the demo member signed in on `page`, and submits a profile with one photo and a contact. */
async function joinAndSubmit(page: Page, url: string, who: { idNumber: string; nickname: string; heightCm: string; occupation: string; intro: string; contact: { kind: 'wechat' | 'phone'; value: string }; tint: string }): Promise<void> {
  await page.goto(`${url}/#/pages/dating/home/index`)
  await onScreen(page).locator('.dating-home__join').click()
  const form = onScreen(page).locator('.dating-join__form')
  await form.waitFor()
  await fillField(form.locator('.dating-join__id'), who.idNumber)
  await form.locator('.dating-join__consent').click()
  await form.locator('.dating-join__submit').click()
  await onScreen(page).locator('.dating-join__done .dating-join__next').click()
  const content = onScreen(page).locator('.dating-profile__content')
  await content.waitFor()
  await chooseFile(page, content.locator('.dating-photos__add'), { name: '我.jpg', mimeType: 'image/jpeg', buffer: await picture(who.tint) })
  await content.locator('.dating-photos__image').first().waitFor({ timeout: 30_000 })
  await fillField(content.locator('.dating-profile__nickname'), who.nickname)
  await fillField(content.locator('.dating-profile__height'), who.heightCm)
  await content.locator('.dating-profile__education .choice-chips__chip--bachelor').click()
  await fillField(content.locator('.dating-profile__occupation'), who.occupation)
  await content.locator('.dating-profile__marital .choice-chips__chip--never').click()
  await fillField(content.locator('.dating-profile__intro'), who.intro)
  await content.locator('.dating-profile__save').click()
  await onScreen(page).locator('.dating-profile__review--pending').waitFor()
  const contact = onScreen(page).locator('.dating-profile__contact')
  await contact.locator(`.dating-profile__contact-kind .choice-chips__chip--${who.contact.kind}`).click()
  await fillField(contact.locator('.dating-profile__contact-value'), who.contact.value)
  await contact.locator('.dating-profile__save-contact').click()
  await page.locator('.taro__toast', { hasText: '联系方式已保存' }).waitFor({ state: 'attached' })
}

/** In 推荐, skips whoever comes before `nickname` and likes them. */
async function findAndLike(page: Page, url: string, nickname: string): Promise<void> {
  await page.goto(`${url}/#/pages/dating/discover/index`)
  const discover = onScreen(page).locator('.dating-discover')
  for (let skipped = 0; ; skipped++) {
    const name = discover.locator('.dating-card .dating-card__name')
    await name.waitFor()
    if ((await name.textContent()) === nickname) break
    if (skipped > 60) throw new Error(`${nickname} 不在推荐里`)
    const skippedName = await name.textContent()
    await discover.locator('.dating-card__pass').click()
    await expect.poll(() => name.textContent()).not.toBe(skippedName)
  }
  await screenshot(page, `dating-found-${nickname}`)
  await discover.locator('.dating-card__like').click()
}

describeInBrowser('嘉工鹊桥会', ({ host, browser }) => {
  it('张晓梅 and 陈建国 join, the matchmaker approves both, they find and like each other, see each other’s contact and chat; he blocks her and she can no longer see him', async () => {
    const { url } = host()
    const idOf = (key: string) => {
      const member = demoAccounts.find((a) => a.key === key)?.member
      if (!member) throw new Error(`demo member ${key} missing`)
      return member.idNumber
    }
    const herContext = await newPhoneContext(browser())
    const her = await signIn(herContext, url, 'member')
    await joinAndSubmit(her, url, { idNumber: idOf('member'), nickname: '晓梅', heightCm: '163', occupation: '会计', intro: '性格开朗，喜欢周末去南湖边走走，也爱烘焙。', contact: { kind: 'wechat', value: 'xiaomei_1992' }, tint: '#d98c8c' })
    await screenshot(her, 'dating-1-her-profile-submitted')
    const hisContext = await newPhoneContext(browser())
    const him = await signIn(hisContext, url, 'sibling-member')
    await joinAndSubmit(him, url, { idNumber: idOf('sibling-member'), nickname: '建国', heightCm: '176', occupation: '纺织工程师', intro: '踏实顾家，喜欢钓鱼和做饭。', contact: { kind: 'phone', value: '13957300088' }, tint: '#7fa7c9' })

    // 许红娟 (红娘, 秀洲区) approves both.
    const matchmakerContext = await newPhoneContext(browser())
    const matchmaker = await signIn(matchmakerContext, url, 'matchmaker')
    for (const nickname of ['晓梅', '建国']) {
      await matchmaker.goto(`${url}/#/pages/matchmaker/reviews/index`)
      await onScreen(matchmaker).locator('.review-row', { hasText: nickname }).click()
      const review = onScreen(matchmaker).locator('.matchmaker-review')
      await review.locator('.matchmaker-review__approve').click()
      await confirmModal(matchmaker)
      await review.locator('.matchmaker-review__status--approved').waitFor()
      if (nickname === '晓梅') await screenshot(matchmaker, 'dating-2-matchmaker-approved')
    }
    await matchmakerContext.close()

    // She finds him in 推荐 and likes him; he finds her and likes her back: a match, and he opens the chat.
    await findAndLike(her, url, '建国')
    await findAndLike(him, url, '晓梅')
    await him.locator('.taro__modal .taro-modal__title', { hasText: '配对成功' }).waitFor()
    await screenshot(him, 'dating-3-matched')
    await confirmModal(him)
    const hisChat = onScreen(him).locator('.dating-chat')
    await hisChat.locator('.dating-chat__empty').waitFor()

    // Each sees the other's contact, now and only now.
    await hisChat.locator('.dating-chat__contact').click()
    await him.locator('.taro__modal .taro-modal__content', { hasText: 'xiaomei_1992' }).waitFor()
    await screenshot(him, 'dating-4-his-view-of-her-contact')
    await him.locator('.taro__modal .taro-model__cancel').click()
    await her.goto(`${url}/#/pages/dating/chats/index`)
    await onScreen(her).locator('.dating-chats__row', { hasText: '建国' }).click()
    const herChat = onScreen(her).locator('.dating-chat')
    await herChat.locator('.dating-chat__contact').click()
    await her.locator('.taro__modal .taro-modal__content', { hasText: '13957300088' }).waitFor()
    await her.locator('.taro__modal .taro-model__cancel').click()

    // Both directions; each open chat shows the other's message by polling.
    await fillField(hisChat.locator('.dating-chat__input'), '晓梅你好，我是建国，很高兴认识你！')
    await hisChat.locator('.dating-chat__send').click()
    await herChat.locator('.dating-chat__row:not(.dating-chat__row--mine)', { hasText: '很高兴认识你' }).waitFor({ timeout: 15_000 })
    await fillField(herChat.locator('.dating-chat__input'), '你好建国，周末一起去南湖走走吗？')
    await herChat.locator('.dating-chat__send').click()
    await hisChat.locator('.dating-chat__row:not(.dating-chat__row--mine)', { hasText: '南湖走走' }).waitFor({ timeout: 15_000 })
    await screenshot(her, 'dating-5-her-chat')
    await screenshot(him, 'dating-6-his-chat')

    // He blocks her from her profile; she can no longer see him: not in her chats, not in 推荐, not on his page.
    const matchId = Number(/matchId=(\d+)/.exec(him.url())?.[1])
    const hisId = (await callAs<{ match: { peer: { id: number } | null } }>(her, 'dating', 'chat', { matchId })).match.peer?.id
    expect(hisId).toBeGreaterThan(0)
    await hisChat.locator('.dating-chat__more').click()
    await him.locator('.taro-actionsheet__cell', { hasText: '查看资料' }).click()
    await onScreen(him).locator('.dating-person__block').click()
    await confirmModal(him)
    // Back on the chat, it is gone for him too.
    await onScreen(him).locator('.dating-chat').getByText('该会员的资料暂不可见').waitFor()
    await screenshot(him, 'dating-7-he-blocked-her')
    await her.goto(`${url}/#/pages/dating/chats/index`)
    await onScreen(her).locator('.dating-chats .page-state--empty').waitFor()
    await screenshot(her, 'dating-8-her-chats-after-block')
    await her.goto(`${url}/#/pages/dating/discover/index`)
    await onScreen(her).locator('.dating-discover .dating-card, .dating-discover .page-state').first().waitFor()
    expect(await onScreen(her).locator('.dating-discover').textContent()).not.toContain('建国')
    await screenshot(her, 'dating-9-her-discover-after-block')
    await her.goto(`${url}/#/pages/dating/person/index?id=${hisId}`)
    await onScreen(her).locator('.dating-person').getByText('该会员的资料暂不可见').waitFor()
    await screenshot(her, 'dating-10-his-page-unavailable')
    await herContext.close()
    await hisContext.close()
  })

  it('chats like WeChat: the reply arrives by polling, an image opens full size, 牵手成功 is confirmed, an unmatch ends the chat for both', async () => {
    const { url, db } = host()
    const she = await insertDater(db, { gender: 'female', birthYear: 1995, nickname: '小雨', contact: { kind: 'wechat', value: 'xiaoyu_1995' } })
    const he = await insertDater(db, { gender: 'male', birthYear: 1993, nickname: '阿明', branchName: '嘉兴王江泾织造有限公司工会', contact: { kind: 'phone', value: '13812345678' } })
    const { matchId } = await db.transaction((tx) => createMatch(tx, she.memberId, he.memberId, 'like'))

    const herContext = await newPhoneContext(browser())
    const her = await openAs(herContext, url, she.userId, '/pages/dating/chats/index')
    const herList = onScreen(her).locator('.dating-chats')
    await herList.locator('.dating-chats__row', { hasText: '阿明' }).filter({ hasText: '打个招呼' }).waitFor()
    await screenshot(her, 'dating-chat1-list-new-match')
    await herList.locator('.dating-chats__row', { hasText: '阿明' }).click()
    const herChat = onScreen(her).locator('.dating-chat')
    await herChat.locator('.dating-chat__empty').waitFor()
    await fillField(herChat.locator('.dating-chat__input'), '你好，我是小雨，周末喜欢去南湖边走走。')
    await herChat.locator('.dating-chat__send').click()
    await herChat.locator('.dating-chat__row--mine', { hasText: '南湖边' }).waitFor()

    // He sees one unread message, opens the chat and answers; her open chat shows it by polling.
    const hisContext = await newPhoneContext(browser())
    const him = await openAs(hisContext, url, he.userId, '/pages/dating/chats/index')
    const hisRow = onScreen(him).locator('.dating-chats__row', { hasText: '小雨' })
    await hisRow.locator('.dating-chats__badge', { hasText: '1' }).waitFor()
    await screenshot(him, 'dating-chat2-list-unread')
    await hisRow.click()
    const hisChat = onScreen(him).locator('.dating-chat')
    await hisChat.locator('.dating-chat__row:not(.dating-chat__row--mine)', { hasText: '南湖边' }).waitFor()
    await fillField(hisChat.locator('.dating-chat__input'), '你好小雨！我也喜欢散步，这周六下午有空吗？')
    await hisChat.locator('.dating-chat__send').click()
    await herChat.locator('.dating-chat__row:not(.dating-chat__row--mine)', { hasText: '周六下午' }).waitFor({ timeout: 15_000 })

    // She sends a photo: a thumbnail in her chat and, by polling, in his; tapping opens it full size.
    await chooseFile(her, herChat.locator('.dating-chat__pick'), { name: '南湖.jpg', mimeType: 'image/jpeg', buffer: await picture('#468cc8') })
    await herChat.locator('.dating-chat__row--mine .dating-chat__image').waitFor({ timeout: 30_000 })
    const hisImage = hisChat.locator('.dating-chat__row:not(.dating-chat__row--mine) .dating-chat__image')
    await hisImage.waitFor({ timeout: 15_000 })
    await screenshot(her, 'dating-chat3-her-side')
    await screenshot(him, 'dating-chat4-his-side')
    await hisImage.click()
    const viewer = him.locator('.preview-image')
    await viewer.locator('img').first().waitFor()
    await screenshot(him, 'dating-chat5-image-full-size')
    await viewer.click()
    await viewer.waitFor({ state: 'detached' })

    // The contact, only now that they are matched.
    await herChat.locator('.dating-chat__contact').click()
    await her.locator('.taro__modal .taro-modal__content', { hasText: '13812345678' }).waitFor()
    await screenshot(her, 'dating-chat6-contact')
    await her.locator('.taro__modal .taro-model__cancel').click()

    // 牵手成功: she reports it, his chat asks him to confirm.
    await herChat.locator('.dating-chat__more').click()
    await her.locator('.taro-actionsheet__cell', { hasText: '牵手成功' }).click()
    await confirmModal(her)
    await herChat.locator('.dating-chat__banner', { hasText: '等待对方确认' }).waitFor()
    const ask = hisChat.locator('.dating-chat__banner--ask')
    await ask.waitFor({ timeout: 15_000 })
    await ask.locator('button, .nut-button').click()
    await hisChat.locator('.dating-chat__banner--couple').waitFor()
    await screenshot(him, 'dating-chat7-couple-confirmed')

    // 大字模式: bubbles, banner and bar grow with the text and still fit.
    await her.goto(`${url}/#/pages/home/index`)
    await onScreen(her).locator('.home__large-toggle').click()
    await her.goto(`${url}/#/pages/dating/chat/index?matchId=${matchId}`)
    const herLargeChat = onScreen(her).locator('.page--large.dating-chat')
    await herLargeChat.locator('.dating-chat__row--mine .dating-chat__image').waitFor()
    await screenshot(her, 'dating-chat8-large-text')

    // He unmatches: the bar goes, both see why.
    await hisChat.locator('.dating-chat__more').click()
    await him.locator('.taro-actionsheet__cell', { hasText: '解除匹配' }).click()
    await confirmModal(him)
    await hisChat.locator('.dating-chat__ended', { hasText: '你已解除匹配' }).waitFor()
    expect(await hisChat.locator('.dating-chat__bar').count()).toBe(0)
    await herLargeChat.locator('.dating-chat__ended', { hasText: '对方已解除匹配' }).waitFor({ timeout: 15_000 })
    expect(await herLargeChat.locator('.dating-chat__bar').count()).toBe(0)
    await screenshot(her, 'dating-chat9-ended')
    const [match] = await db.query<{ couple: boolean; reason: string }>('SELECT couple_confirmed_at IS NOT NULL AS couple, end_reason AS reason FROM dating_match WHERE id = $1', [matchId])
    expect(match).toEqual({ couple: true, reason: 'unmatch' })
    await herContext.close()
    await hisContext.close()
  })
})
