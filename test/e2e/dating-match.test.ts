import { it } from 'vitest'
import { countyIdSql } from '../../server/dating/dater'
import { seedDemoDating } from '../../server/seed/demo-dating'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { confirmModal, onScreen, signIn } from '../support/h5-app'

describeInBrowser('鹊桥会：推荐、会员资料与黑名单', ({ host, browser }) => {
  it('a member sees big cards, filters, opens a profile, likes, blocks and unblocks (prefix dating-match)', async () => {
    const { db, url, env } = host()
    await seedDemoDating({ db, env })
    // 张晓梅 as joining and review leave her: approved, shown, open preferences (the join and review flows have their own e2e).
    await db.query(
      `INSERT INTO dating_profile (member_id, user_id, gender, birth_year, birth_month, birth_ym, county_branch_id, unit_branch_id,
                                   consent_version, consent_at, approved_at, nickname, height_cm, education, education_rank, occupation,
                                   hometown, marital, intro, interests, contact_kind, contact)
       SELECT m.id, m.user_id, 'female', 1992, 3, 1992 * 12 + 2, ${countyIdSql('b.path')}, b.id, 'e2e', now(), now(), '晓梅', 162, 'bachelor', 4,
              '会计', '嘉兴', 'never', '你好', ARRAY['读书'], 'wechat', 'xiaomei_e2e'
         FROM member m JOIN branch b ON b.id = m.branch_id JOIN app_user u ON u.id = m.user_id WHERE u.demo_key = 'member'`,
    )
    const context = await newPhoneContext(browser())
    const page = await signIn(context, url, 'member')
    await page.goto(`${url}/#/pages/dating/discover/index`)
    const card = onScreen(page).locator('.dating-card')
    await card.locator('.dating-card__name').waitFor()
    await screenshot(page, 'dating-match-discover')

    const first = (await card.locator('.dating-card__name').textContent()) ?? ''
    await card.locator('.dating-card__pass').click()
    await onScreen(page).locator('.dating-card__name', { hasNotText: first }).waitFor()

    await onScreen(page).locator('.dating-discover__filter').click()
    await page.locator('.dating-filter').waitFor()
    await page.locator('.dating-filter__age .choice-chips__chip', { hasText: '31–35岁' }).click()
    await screenshot(page, 'dating-match-filters')
    await page.locator('.dating-filter__apply').click()
    await onScreen(page).locator('.dating-discover__filter', { hasText: '筛选 · 1' }).waitFor()

    await onScreen(page).locator('.dating-card__info').click()
    const person = onScreen(page).locator('.dating-person__body')
    await person.locator('.dating-person__name').waitFor()
    await screenshot(page, 'dating-match-person')
    await person.locator('.dating-person__like').click()
    await person.locator('.dating-person__status', { hasText: '已喜欢' }).waitFor()
    const blockedName = (await person.locator('.dating-person__name').textContent()) ?? ''
    await person.locator('.dating-person__block').click()
    await confirmModal(page)
    await onScreen(page).locator('.dating-discover').waitFor()

    await page.goto(`${url}/#/pages/dating/blocked/index`)
    const row = onScreen(page).locator('.dating-blocked__row', { hasText: blockedName })
    await row.waitFor()
    await screenshot(page, 'dating-match-blocked')
    await row.locator('.dating-blocked__unblock').click()
    await confirmModal(page)
    await onScreen(page).locator('.page-state', { hasText: '黑名单是空的' }).waitFor()

    // 大字模式: the card and its buttons stay usable.
    await page.goto(`${url}/#/pages/home/index`)
    await onScreen(page).locator('.home__large-toggle').click()
    await page.goto(`${url}/#/pages/dating/discover/index`)
    await onScreen(page).locator('.dating-card__name').waitFor()
    await screenshot(page, 'dating-match-discover-large')
    await context.close()
  })
})
