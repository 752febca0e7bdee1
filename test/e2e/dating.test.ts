import type { BrowserContext, Page } from 'playwright-core'
import sharp from 'sharp'
import { expect, it } from 'vitest'
import { createMatch } from '../../server/dating/matches'
import { tokenFor } from '../support/app'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { insertDater } from '../support/dating-fixtures'
import { chooseFile, confirmModal, fillField, onScreen } from '../support/h5-app'

/** A photo-like picture to send in a chat. */
function picture(tint: { r: number; g: number; b: number }): Promise<Buffer> {
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

describeInBrowser('嘉工鹊桥会：聊天', ({ host, browser }) => {
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
    await chooseFile(her, herChat.locator('.dating-chat__pick'), { name: '南湖.jpg', mimeType: 'image/jpeg', buffer: await picture({ r: 70, g: 140, b: 200 }) })
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
