import type { BrowserContext, Locator, Page } from 'playwright-core'
import { expect } from 'vitest'

/**
 * Taro H5 keeps the pages below the top of the stack in the DOM, hidden. Every lookup goes
 * through the page on screen so a hidden copy of the same component never matches.
 */
export function onScreen(page: Page): Locator {
  return page.locator('.taro_page:visible')
}

/** Signs in on the demo login page ('new' = a fresh user) and waits for the home page. */
export async function signIn(context: BrowserContext, baseUrl: string, key: string): Promise<Page> {
  const page = await context.newPage()
  await page.goto(`${baseUrl}/#/pages/auth/login/index`)
  const button = key === 'new' ? '.login-page__new-user' : `.demo-account--${key}`
  await onScreen(page).locator(button).click()
  // Members (and would-be members) get the member panel; staff who are not members the 工作台.
  await onScreen(page).locator('.home .member-panel, .home .staff-panel--lead').waitFor()
  return page
}

/** Confirms the open Taro.showModal dialog. */
export async function confirmModal(page: Page): Promise<void> {
  await page.locator('.taro__modal .taro-model__confirm').click()
}

/** Types into a Taro <Input>/<Textarea>, whose native element sits inside the component. */
export async function fillField(field: Locator, value: string): Promise<void> {
  await field.locator('input, textarea').fill(value)
}

/** Calls an action as the signed-in user of this page, with the session the app stored. */
export async function callAs<T>(page: Page, fn: string, action: string, input: unknown): Promise<T> {
  const answer = await page.evaluate(
    async ({ fn, action, input }) => {
      const stored = localStorage.getItem('session-token')
      const token: unknown = stored ? JSON.parse(stored).data : null
      const response = await fetch(`/api/${fn}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${String(token)}` },
        body: JSON.stringify({ action, input }),
      })
      return response.json()
    },
    { fn, action, input },
  )
  if (!answer.ok) throw new Error(`${fn}.${action}: ${JSON.stringify(answer.error)}`)
  return answer.data
}

/** Picks a branch in a form's picker by a fragment of its name, and waits until the form shows it. */
export async function pickBranch(page: Page, form: Locator, search: string, name: string): Promise<void> {
  await form.locator('.branch-picker__trigger').click()
  const sheet = onScreen(page).locator('.branch-sheet')
  await fillField(sheet.locator('.branch-sheet__input'), search)
  await sheet.locator('.branch-row', { has: page.locator('.branch-row__name', { hasText: name }) }).click()
  await expect.poll(() => form.locator('.branch-picker__value').textContent()).toContain(name)
}

/** From a staff member's home, the editor of a new goods item, ready for typing. */
export async function openNewItemEditor(page: Page): Promise<Locator> {
  await onScreen(page).locator('.module-grid__item--mall-admin').click()
  await onScreen(page).locator('.manage-items__create').click()
  const editor = onScreen(page).locator('.item-edit')
  await editor.locator('.item-edit__title').waitFor()
  return editor
}

/** From an admin's home, the editor of a new notice, ready for typing. */
export async function openNewNoticeEditor(page: Page): Promise<Locator> {
  await onScreen(page).locator('.module-grid__item--notices').click()
  await onScreen(page).locator('.notice-manage__create').click()
  const editor = onScreen(page).locator('.notice-edit')
  await editor.locator('.notice-edit__title').waitFor()
  return editor
}

export interface ChosenFile {
  name: string
  mimeType: string
  buffer: Buffer
}

/**
 * Hands the app's file input a file the way a user picking it in the system dialog would.
 * Playwright takes over the dialog: without that, headless Chromium closes it at once (cancel).
 */
export async function chooseFile(page: Page, trigger: Locator, file: ChosenFile): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), trigger.click()])
  expect(await chooser.element().getAttribute('class')).toBe('choose-file__input')
  await chooser.setFiles(file)
}
