import type { BrowserContext, Locator, Page } from 'playwright-core'

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
