import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ancestorPaths, readableBook } from '../../server/library/books'
import { loadCaller } from '../../server/caller'
import type { Caller } from '../../server/caller'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { insertBook } from '../support/library-fixtures'

let app: TestApp
beforeAll(async () => {
  app = await openTestApp()
})
afterAll(() => app.close())

async function caller(userId: number): Promise<Caller> {
  const loaded = await loadCaller(app.db, userId)
  if (!loaded) throw new Error('no caller')
  return loaded
}

describe('library foundation', () => {
  it('lists a branch and its ancestors from the city down', () => {
    expect(ancestorPaths('/1/2/3/')).toEqual(['/1/', '/1/2/', '/1/2/3/'])
  })

  it('shows a published book to members under its scope only, and drafts to librarians over it', async () => {
    const createdBy = app.users.librarian
    const chapters = [{ title: '第一章', paragraphs: ['王江泾镇的织造厂里，机声日夜不停。'] }]
    const town = await insertBook(app.db, { title: '油车港镇志', branchName: '油车港镇总工会', createdBy, chapters })
    const draft = await insertBook(app.db, { title: '未上架的书', status: 'draft', createdBy, chapters })
    const member = await caller(app.users.member)
    const sibling = await caller(app.users['sibling-member'])
    const librarian = await caller(app.users.librarian)
    expect(await readableBook(app.db, member, town)).toMatchObject({ id: town, asLibrarian: false })
    await expect(readableBook(app.db, sibling, town)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(readableBook(app.db, member, draft)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(await readableBook(app.db, librarian, draft)).toMatchObject({ status: 'draft', asLibrarian: true })
    await expect(readableBook(app.db, member, 2_000_000_000)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})
