import { expect, it } from 'vitest'
import { describeInBrowser, newPhoneContext, screenshot } from '../support/browser'
import { fillField, onScreen, signIn } from '../support/h5-app'

/** 110 characters: about 5 seconds of plausible reading (25 characters a second). */
const articleText = '红船精神是中国革命精神之源。开天辟地、敢为人先的首创精神，坚定理想、百折不挠的奋斗精神，立党为公、忠诚为民的奉献精神，是中国共产党的建党精神。职工在岗位上传承红船精神，就是把每一件小事做好，把每一道工序做精。'

describeInBrowser('职工课堂：建课与学习', ({ host, browser }) => {
  it('an editor builds a course with an article and a URL video and publishes it; a member enrols and reads the article to its end', async () => {
    const url = host().url
    const title = '红船精神微课堂'

    const editorContext = await newPhoneContext(browser())
    const editor = await signIn(editorContext, url, 'course-editor')
    await onScreen(editor).locator('.module-grid__item--course-manage').click()
    await onScreen(editor).locator('.course-manage__create').click()
    const form = onScreen(editor).locator('.course-edit')
    await fillField(form.locator('.course-edit__title'), title)
    await fillField(form.locator('.course-edit__teacher'), '沈老师')
    await fillField(form.locator('.course-edit__summary'), '三分钟读懂红船精神。')
    await form.locator('.branch-picker__value').filter({ hasText: '嘉兴市总工会' }).waitFor()
    await form.locator('.course-edit__save').click()
    // Saved, the course gets its lessons on its own page.
    await onScreen(editor).locator('.course-edit__add-article').click()
    const article = onScreen(editor).locator('.lesson-edit')
    await fillField(article.locator('.lesson-edit__title'), '红船精神的内涵')
    await article.locator('.body-editor__area').click()
    await editor.keyboard.type(articleText)
    await article.locator('.lesson-edit__save').click()

    await onScreen(editor).locator('.course-edit__lesson-title').filter({ hasText: '红船精神的内涵' }).waitFor()
    await onScreen(editor).locator('.course-edit__add-video').click()
    const video = onScreen(editor).locator('.lesson-edit')
    await fillField(video.locator('.lesson-edit__title'), '南湖红船启航')
    await video.locator('.choice-chips__chip--url').click()
    await fillField(video.locator('.lesson-edit__url'), 'https://media.w3.org/2010/05/sintel/trailer.mp4')
    await fillField(video.locator('.lesson-edit__seconds'), '52')
    await screenshot(editor, 'learn1-video-lesson-editor')
    await video.locator('.lesson-edit__save').click()

    const course = onScreen(editor).locator('.course-edit')
    await course.locator('.course-edit__lesson-title').filter({ hasText: '南湖红船启航' }).waitFor()
    await course.locator('.course-edit__publish').click()
    await course.locator('.course-edit__status-text').filter({ hasText: '已发布' }).waitFor()
    await screenshot(editor, 'learn2-course-editor')
    await editorContext.close()

    const memberContext = await newPhoneContext(browser())
    const member = await signIn(memberContext, url, 'member')
    await onScreen(member).locator('.module-grid__item--course').click()
    const home = onScreen(member).locator('.course-home')
    await home.locator('.course-row__title').filter({ hasText: title }).click()
    const detail = onScreen(member).locator('.course-detail')
    await detail.locator('.course-detail__lesson-title').filter({ hasText: '南湖红船启航' }).waitFor()
    await screenshot(member, 'learn3-course-detail')
    await detail.locator('.course-detail__main').filter({ hasText: '报名学习' }).click()

    // Enrolled, the first lesson opens: the article, read to its end once enough time has passed.
    const lesson = onScreen(member).locator('.course-lesson')
    await lesson.locator('.rich-body').filter({ hasText: '开天辟地' }).waitFor()
    await lesson.locator('.course-lesson__row').nth(1).waitFor()
    await expect.poll(() => lesson.locator('.course-lesson__end-text').textContent(), { timeout: 15_000 }).toBe('已读到末尾')
    await lesson.locator('.course-lesson__end-button').click()
    await lesson.locator('.course-lesson__end-done').waitFor()
    await expect.poll(() => lesson.locator('.course-lesson__row--current .course-lesson__row-state').textContent()).toBe('已完成')
    await screenshot(member, 'learn4-article-read')

    // The video lesson: the player on top, progress, the course's lessons below.
    await lesson.locator('.course-lesson__nav-button').filter({ hasText: '下一课时' }).click()
    const videoPage = onScreen(member).locator('.course-lesson')
    await videoPage.locator('.course-lesson__title').filter({ hasText: '南湖红船启航' }).waitFor()
    await videoPage.locator('.course-lesson__player video').waitFor()
    // The lesson's title and progress sit below the player, not under it.
    const player = await videoPage.locator('.course-lesson__player').boundingBox()
    const head = await videoPage.locator('.course-lesson__head').boundingBox()
    expect(player && head && player.height > 100 && head.y >= player.y + player.height - 1).toBe(true)
    await screenshot(member, 'learn5-video-lesson')

    // 我的课程 shows the course in progress.
    await member.goto(`${url}/#/pages/course/mine/index`)
    const mine = onScreen(member).locator('.course-mine')
    await mine.locator('.progress-bar__text').filter({ hasText: '已学 1/2' }).waitFor()
    await screenshot(member, 'learn6-my-courses')

    // 大字模式: the lesson page stays usable.
    await member.goto(`${url}/#/pages/home/index`)
    await onScreen(member).locator('.home__large-toggle').click()
    await member.goto(`${url}/#/pages/course/detail/index?id=${await courseIdOf(title)}`)
    await onScreen(member).locator('.page--large .course-detail__lesson-state').first().waitFor()
    await screenshot(member, 'learn7-detail-large-text')
    await onScreen(member).locator('.course-detail__lesson-title').filter({ hasText: '红船精神的内涵' }).click()
    await onScreen(member).locator('.page--large .course-lesson__end-done').waitFor()
    await screenshot(member, 'learn8-lesson-large-text')
    await memberContext.close()

    async function courseIdOf(courseTitle: string): Promise<number> {
      const [row] = await host().db.query<{ id: number }>('SELECT id FROM course WHERE title = $1', [courseTitle])
      return row.id
    }
  })
})
