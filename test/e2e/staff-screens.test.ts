import { expect, it } from 'vitest'
import type { ManagedNotice } from '../../src/shared/api'
import type { Page as ListPage } from '../../src/shared/errors'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { callAs, confirmModal, fillField, onScreen, openNewNoticeEditor, pickBranch, signIn } from '../support/h5-app'

describeInBrowser('工作人员页面：通知编辑、积分发放、会员码核验', ({ host, browser }) => {
  it('the notice editor keeps the cursor, asks before unsaved changes are lost, and names the audience before publishing', async () => {
    const title = '关于开展职工技能比武的通知'
    const context = await newPhoneContext(browser())
    const admin = await signIn(context, host().url, 'town-admin')
    const editor = await openNewNoticeEditor(admin)
    await fillField(editor.locator('.notice-edit__title'), title)

    await pickBranch(admin, editor, '油车港', '油车港镇总工会')

    // The sequence that used to move the typed text: type, tap 加粗 with no selection, type on.
    const body = editor.locator('.body-editor__area')
    await body.click()
    await admin.keyboard.type('第一段文字。')
    await editor.locator('.body-editor__tool--bold').click()
    await admin.keyboard.type('重要')
    await expect.poll(() => body.evaluate((el) => el.textContent?.replaceAll('\u200B', ''))).toBe('第一段文字。重要')
    await screenshot(admin, 's1-editor-bold-at-the-cursor')
    await editor.locator('.notice-edit__save').click()
    await admin.locator('.taro__toast', { hasText: '草稿已保存' }).waitFor({ state: 'attached' })
    const draftOf = async () => {
      const drafts = await callAs<ListPage<ManagedNotice>>(admin, 'notice', 'manageList', { status: 'draft' })
      const found = drafts.items.find((n) => n.title === title)
      if (!found) throw new Error('draft not saved')
      return found
    }
    expect((await draftOf()).bodyHtml).toBe('第一段文字。<strong>重要</strong>')

    // 加粗 again ends the bold; a second line as a heading, then a selection made bold.
    await editor.locator('.body-editor__tool--bold').click()
    await admin.keyboard.press('Enter')
    await admin.keyboard.type('活动安排')
    await editor.locator('.body-editor__tool--heading').click()
    await admin.keyboard.press('Enter')
    await admin.keyboard.type('报名截止时间另行通知')
    await admin.keyboard.down('Shift')
    for (let i = 0; i < 4; i++) await admin.keyboard.press('ArrowLeft')
    await admin.keyboard.up('Shift')
    await editor.locator('.body-editor__tool--bold').click()
    await body.locator('h3', { hasText: '活动安排' }).waitFor()
    await body.locator('strong', { hasText: '另行通知' }).waitFor()
    await admin.locator('.taro__toast').waitFor({ state: 'hidden' })
    await screenshot(admin, 's2-editor-heading-and-selection')

    // Unsaved: closing or reloading the page asks first; staying keeps everything.
    const asked = new Promise<string>((resolve) => admin.once('dialog', (dialog) => {
      resolve(dialog.type())
      void dialog.dismiss()
    }))
    await admin.close({ runBeforeUnload: true })
    expect(await asked).toBe('beforeunload')
    expect(admin.isClosed()).toBe(false)
    expect(await body.evaluate((el) => el.textContent?.replaceAll('\u200B', ''))).toContain('第一段文字。重要活动安排')
    await screenshot(admin, 's3-unsaved-changes-kept')

    // The title bar's back asks too; 继续编辑 stays, with everything kept.
    await admin.locator('.taro__toast').waitFor({ state: 'hidden' })
    await admin.locator('.taro-navigation-bar-back').click()
    // Taro's modal root has no box of its own: its title says when the dialog shows.
    const leaveQuestion = admin.locator('.taro__modal .taro-modal__title', { hasText: '放弃未保存的修改' })
    await leaveQuestion.waitFor()
    await screenshot(admin, 's3b-back-asks-before-dropping-changes')
    await admin.locator('.taro__modal .taro-model__cancel').click()
    await leaveQuestion.waitFor({ state: 'hidden' })
    await editor.waitFor()

    // So does the browser's own back button: the address comes back while the question is open.
    const editorUrl = admin.url()
    await admin.goBack()
    await leaveQuestion.waitFor()
    await admin.locator('.taro__modal .taro-model__cancel').click()
    await leaveQuestion.waitFor({ state: 'hidden' })
    await editor.waitFor()
    expect(admin.url()).toBe(editorUrl)
    expect(await body.evaluate((el) => el.textContent?.replaceAll('\u200B', ''))).toContain('第一段文字。重要活动安排')
    expect(await body.evaluate((el) => el.textContent?.replaceAll('\u200B', ''))).toContain('第一段文字。重要活动安排')

    await editor.locator('.notice-edit__save').click()
    await expect.poll(async () => (await draftOf()).bodyHtml).toBe(
      '第一段文字。<strong>重要</strong><h3>活动安排</h3><p>报名截止时间<strong>另行通知</strong></p>',
    )
    const saved = await draftOf()
    await admin.locator('.taro__toast').waitFor({ state: 'hidden' })

    // 发布 asks first, naming the audience with the server's count; stepping back publishes nothing.
    await editor.locator('.notice-edit__publish').click()
    const modal = admin.locator('.taro__modal')
    await modal.locator('.taro-modal__content', { hasText: '将发布给' }).waitFor()
    const question = (await modal.locator('.taro-modal__content').textContent()) ?? ''
    expect(question).toMatch(/将发布给 油车港镇总工会 及其下级 [1-9]\d* 个组织的会员（约 [1-9]\d* 人）/)
    await screenshot(admin, 's4-publish-names-the-audience')
    await modal.locator('.taro-model__cancel').click()
    const stillDraft = await callAs<ManagedNotice>(admin, 'notice', 'manageGet', { id: saved.id })
    expect(stillDraft.state).toBe('draft')

    await editor.locator('.notice-edit__publish').click()
    await modal.locator('.taro-modal__content', { hasText: '将发布给' }).waitFor()
    await confirmModal(admin)
    const published = onScreen(admin).locator('.notice-row', { hasText: title })
    await published.waitFor()
    expect(await published.locator('.notice-row__state').textContent()).toBe('已发布')

    // Saved and published: leaving now asks nothing.
    let askedAgain = false
    admin.once('dialog', (dialog) => {
      askedAgain = true
      void dialog.dismiss()
    })
    await admin.close({ runBeforeUnload: true })
    await expect.poll(() => admin.isClosed()).toBe(true)
    expect(askedAgain).toBe(false)
    await context.close()
  })

  it('the grant form shows whom a number names, says what is wrong with one it cannot use, and keeps every field after an error', async () => {
    const context = await newPhoneContext(browser())
    const admin = await signIn(context, host().url, 'enterprise-admin')
    await onScreen(admin).locator('.home__large-toggle').click()
    await onScreen(admin).locator('.module-grid__item--grant-points').click()
    const form = onScreen(admin).locator('.grant-page__form')
    await fillField(form.locator('.grant-page__points'), '6000')
    await fillField(form.locator('.grant-page__reason'), '职工技能比武一等奖')

    // 陈建国 of the sibling town: the number exists but is not this union's to grant to.
    await fillField(form.locator('.grant-page__member-no'), 'JX0000000002')
    await form.locator('.form-field__error', { hasText: '会员 JX0000000002 不在您可发放积分的组织内' }).waitFor()
    await screenshot(admin, 's5-grant-member-outside')
    await fillField(form.locator('.grant-page__member-no'), 'JX0000009999')
    await form.locator('.form-field__error', { hasText: '会员编号 JX0000009999 不存在' }).waitFor()

    await fillField(form.locator('.grant-page__member-no'), 'jx0000000001')
    const member = form.locator('.grant-page__member')
    await member.locator('.grant-page__member-name', { hasText: '张晓梅' }).waitFor()
    expect(await member.locator('.grant-page__member-branch').textContent()).toBe('嘉兴恒创电子有限公司工会')
    await screenshot(admin, 's6-grant-shows-the-member')

    // More than the budget: refused, and nothing typed is lost.
    await form.locator('.grant-page__submit').click()
    const modal = admin.locator('.taro__modal')
    await modal.locator('.taro-modal__content', { hasText: '张晓梅' }).waitFor()
    expect(await modal.locator('.taro-modal__content').textContent()).toContain('嘉兴恒创电子有限公司工会')
    await confirmModal(admin)
    await admin.locator('.taro__toast', { hasText: '预算' }).waitFor({ state: 'attached' })
    expect(await form.locator('.grant-page__member-no input').inputValue()).toBe('jx0000000001')
    expect(await form.locator('.grant-page__points input').inputValue()).toBe('6000')
    expect(await form.locator('.grant-page__reason textarea').inputValue()).toBe('职工技能比武一等奖')
    await screenshot(admin, 's7-grant-error-keeps-fields')

    await fillField(form.locator('.grant-page__points'), '100')
    await form.locator('.grant-page__submit').click()
    await modal.locator('.taro-modal__content', { hasText: '发放 100 积分' }).waitFor()
    await confirmModal(admin)
    await onScreen(admin).locator('.grant-page__result', { hasText: '已向 张晓梅 发放 100 积分' }).waitFor()
    await context.close()
  })

  it('the card check says what is missing when 核验 is tapped with an empty box', async () => {
    const context = await newPhoneContext(browser())
    const admin = await signIn(context, host().url, 'town-admin')
    await onScreen(admin).locator('.module-grid__item--verify').click()
    await onScreen(admin).locator('.token-entry__submit').click()
    await onScreen(admin).locator('.token-entry .form-field__error', { hasText: '请输入或扫描会员卡二维码内容' }).waitFor()
    await screenshot(admin, 's8-card-check-empty')
    await fillField(onScreen(admin).locator('.token-entry'), 'not-a-token')
    expect(await onScreen(admin).locator('.token-entry .form-field__error').count()).toBe(0)
    await context.close()
  })
})
