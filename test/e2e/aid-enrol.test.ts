import ExcelJS from 'exceljs'
import { expect, it } from 'vitest'
import { xlsxType } from '../../src/shared/file-purposes'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { confirmModal, fillField, onScreen, signIn } from '../support/h5-app'

/** The enterprise's list as its union keeps it: a title line, then 姓名 and 身份证号 as text. */
async function sheet(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const rows = workbook.addWorksheet('参保名单')
  rows.addRow(['嘉兴恒创电子有限公司 2026 年医疗互助参保名单'])
  rows.addRow(['姓名', '身份证号', '部门'])
  // 李伟 joins; 张晓梅 was enrolled by the union already (the demo seed): her row is refused.
  rows.addRow(['李伟', '330411198501020039', '工会'])
  rows.addRow(['张晓梅', '330411199203150024', '生产部'])
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

describeInBrowser('医疗互助参保：企业名单、缴费确认、会员保障', ({ host, browser }) => {
  it('an enterprise admin enrols workers from an xlsx sheet, an aid_admin above confirms payment, the worker is covered', async () => {
    const context = await newPhoneContext(browser())
    const admin = await signIn(context, host().url, 'enterprise-admin')
    await onScreen(admin).locator('.module-grid__item--aid-enrol').click()
    const page = onScreen(admin).locator('.enrol-batch')
    await page.locator('.choice-chips__chip--active').waitFor()
    expect(await page.locator('.branch-picker__value').textContent()).toContain('嘉兴恒创电子有限公司工会')

    const [chooser] = await Promise.all([admin.waitForEvent('filechooser'), page.locator('.enrol-batch__choose').click()])
    await chooser.setFiles({ name: '参保名单.xlsx', mimeType: xlsxType, buffer: await sheet() })
    const preview = page.locator('.sheet-preview')
    await preview.waitFor({ timeout: 30_000 })
    expect(await preview.locator('.sheet-preview__counts').textContent()).toBe('共 2 行可参保 1 人有误 1 行')
    expect(await preview.locator('.sheet-preview__total').textContent()).toBe('应缴互助金 1 人 × 100.00 元 = 100.00 元')
    expect(await preview.locator('.sheet-preview__rule').textContent()).toContain('参保率 100%')
    const bad = preview.locator('.sheet-error')
    expect(await bad.count()).toBe(1)
    expect(await bad.locator('.sheet-error__row').textContent()).toBe('第 4 行')
    expect(await bad.locator('.sheet-error__message').textContent()).toContain('已参加')
    await screenshot(admin, 'ae-preview')

    await page.locator('.enrol-batch__submit').click()
    await confirmModal(admin)
    const batch = page.locator('.aid-batch', { hasText: '待确认缴费' }).first()
    await batch.waitFor()
    expect(await batch.locator('.aid-batch__total').textContent()).toBe('应缴合计 100.00 元')
    await screenshot(admin, 'ae-submitted')

    // The city's aid_admin, above the enterprise, confirms the transfer.
    const cityContext = await newPhoneContext(browser())
    const city = await signIn(cityContext, host().url, 'city-admin')
    await onScreen(city).locator('.module-grid__item--aid-payments').click()
    const waiting = onScreen(city).locator('.aid-batch', { hasText: '嘉兴恒创电子有限公司工会' })
    await waiting.waitFor()
    await waiting.locator('.aid-payments__confirm').click()
    await fillField(onScreen(city).locator('.prompt-dialog__input'), 'ICBC202611220001')
    await screenshot(city, 'ae-confirm-payment')
    await onScreen(city).locator('.nut-dialog-footer-ok').click()
    await waiting.waitFor({ state: 'detached' })
    await onScreen(city).locator('.page-state--empty').waitFor()

    // 李伟 is told, and his enrolment is active.
    await admin.goto(`${host().url}/#/pages/home/index`)
    await onScreen(admin).locator('.home__messages').click()
    const message = onScreen(admin).locator('.message-row', { hasText: '参保成功' })
    await message.waitFor()
    expect(await message.locator('.message-row__body').textContent()).toMatch(/^您已参加「\d{4}年度职工医疗互助」，保障自 \d{4}-\d{2}-\d{2} 起生效/)
    await screenshot(admin, 'ae-member-message')
    // The message opens 我的医疗互助: enrolled today, so the observation period runs.
    await message.click()
    const coverage = onScreen(admin).locator('.coverage__current')
    await coverage.waitFor()
    expect(await coverage.locator('.coverage__plan').textContent()).toMatch(/^\d{4}年度职工医疗互助$/)
    expect(await coverage.locator('.coverage__status').textContent()).toBe('观察期')
    await screenshot(admin, 'ae-member-coverage')
    await admin.goto(`${host().url}/#/pages/aid/enrol/index`)
    const plan = onScreen(admin).locator('.aid-enrol__plan').first()
    await plan.locator('.aid-enrol__badge--active').waitFor()
    expect(await plan.locator('.aid-enrol__badge').textContent()).toBe('保障中')
    await screenshot(admin, 'ae-member-covered')

    // 大字模式: the batch, its figures and its status still fit.
    await admin.goto(`${host().url}/#/pages/home/index`)
    await onScreen(admin).locator('.home__large-toggle').click()
    await onScreen(admin).locator('.page--large').waitFor()
    await admin.goto(`${host().url}/#/pages/aid/enrol-batch/index`)
    await onScreen(admin).locator('.page--large .aid-batch', { hasText: '已缴费' }).first().waitFor()
    await screenshot(admin, 'ae-large-text-batches')
  })
})
