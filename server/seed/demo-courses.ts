import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { CourseCategory } from '../../src/shared/course/names'
import type { Deps } from '../action'
import { loadCaller } from '../caller'
import type { Caller } from '../caller'
import { publishCourse, saveCourse, saveLesson } from '../course/editing'
import { storeServerFile } from '../files/generated'

/**
 * The demo 职工课堂: three published courses built the way an editor builds them (saveCourse,
 * saveLesson, publishCourse, each create with its request id, so a half-finished first start is
 * completed, not doubled). Articles are written out; the video lessons play a 60-second clip kept in
 * the repository, stored through the file service like an upload, so the demo needs no network.
 * Run from server/start.ts only (from the project's root, where the clip is): the tests' seed stays fast.
 */

type DemoLesson = { title: string; html: string } | { title: string; video: true }

interface DemoCourse {
  slug: string
  editor: 'course-editor' | 'county-course-editor'
  branch: string
  title: string
  teacher: string
  category: CourseCategory
  orderable: boolean
  summary: string
  lessons: DemoLesson[]
}

/** A test pattern with a tone (made with ffmpeg: H.264 + AAC, 480×270, faststart). */
const demoVideoPath = join('server', 'seed', 'assets', 'demo-lesson-60s.mp4')
const sampleVideo = { video: true } as const

const html = (...blocks: string[]) => blocks.map((b) => (b.startsWith('#') ? `<h3>${b.slice(1)}</h3>` : `<p>${b}</p>`)).join('')

const demoCourses: DemoCourse[] = [
  {
    slug: 'hongchuan',
    editor: 'course-editor',
    branch: '嘉兴市总工会',
    title: '红船精神十讲',
    teacher: '沈建华（嘉兴市委党校）',
    category: 'ideology',
    orderable: false,
    summary: '从南湖红船出发，讲清红船精神“开天辟地、敢为人先的首创精神，坚定理想、百折不挠的奋斗精神，立党为公、忠诚为民的奉献精神”的来历与内涵，以及职工在岗位上如何传承。',
    lessons: [
      { title: '第一讲 开天辟地：南湖红船启航', ...sampleVideo },
      {
        title: '第二讲 红船精神的三个内涵',
        html: html(
          '#首创精神',
          '1921 年夏，中国共产党第一次全国代表大会从上海转移到嘉兴南湖，在一条游船上完成了最后一天的议程，宣告了中国共产党的诞生。在内忧外患、前途未卜的年代，一群平均年龄只有二十八岁的青年，选择了一条前人没有走过的路，这就是开天辟地、敢为人先的首创精神。',
          '#奋斗精神',
          '建党之初，党员不过五十多人，既没有政权，也没有军队。正是靠着坚定的理想信念，才能在一次次挫折中站起来、在一次次失败后重新出发。坚定理想、百折不挠，是红船精神的第二层内涵。',
          '#奉献精神',
          '党从诞生之日起，就把为中国人民谋幸福、为中华民族谋复兴作为初心使命。立党为公、忠诚为民，既是对党员的要求，也是每一位劳动者可以在平凡岗位上践行的品格。',
        ),
      },
      {
        title: '第三讲 在岗位上传承红船精神',
        html: html(
          '红船精神不是只写在展板上的口号。对一线职工来说，首创精神就是不满足于“一直这么干”，主动提出一条合理化建议、改进一道工序；奋斗精神就是在技术难题面前不退缩，一次不行就试第二次、第三次。',
          '嘉兴的许多劳模工匠，正是在普通岗位上把一件事做到极致：有的十几年如一日守护电网安全，有的把纺织机的断头率降到行业最低，有的带出了一支支能打硬仗的班组。',
          '学完本课，不妨想一想：在自己的岗位上，有哪一件小事可以做得更好？把它写下来，和班组的同事们一起试一试。',
        ),
      },
    ],
  },
  {
    slug: 'craftsman-cnc',
    editor: 'county-course-editor',
    branch: '秀洲区总工会',
    title: '秀洲劳模工匠学院·数控车工技能提升',
    teacher: '朱国强（全国劳动模范、高级技师）',
    category: 'craftsman',
    orderable: true,
    summary: '秀洲劳模工匠学院精品课程：从安全操作规程到典型零件的车削工艺，由劳模工匠手把手讲授。企业工会可“点单”预约线下送课到车间。',
    lessons: [
      {
        title: '工匠精神与岗位建功',
        html: html(
          '“工匠精神”四个字，落到车间里，就是对每一个尺寸较真。图纸上标着正负两丝（0.02 毫米）的公差，合格的工人做到两丝以内，优秀的工匠会追问：能不能稳定做到一丝？',
          '岗位建功不是一句空话。一把刀具寿命延长百分之二十，一道工序节省三十秒，积少成多，就是实实在在的效益。劳模工匠学院开设这门课，就是希望把老师傅们几十年攒下的“手上功夫”变成大家都能学会的方法。',
        ),
      },
      {
        title: '数控车床安全操作规程',
        html: html(
          '#开机前',
          '检查润滑油、冷却液是否充足，防护门和急停按钮是否完好；工件、刀具必须夹紧，卡盘扳手用完立即取下，严禁留在卡盘上。',
          '#加工中',
          '必须关好防护门后再启动程序；首件加工要单段运行、降低进给倍率，确认刀路无误后再连续运行。严禁戴手套操作旋转部件，长发必须盘入工作帽内。',
          '#停机后',
          '清理铁屑要用专用钩子和刷子，不得用手直接清理；下班前将刀架移至安全位置，切断电源，做好设备点检记录。',
        ),
      },
      { title: '典型轴类零件车削示范', ...sampleVideo },
    ],
  },
  {
    slug: 'safety-workshop',
    editor: 'course-editor',
    branch: '嘉兴市总工会',
    title: '安全生产月：车间安全必修课',
    teacher: '陈海燕（注册安全工程师）',
    category: 'safety',
    orderable: false,
    summary: '面向一线职工的安全必修课：有限空间作业、消防器材使用等常见风险，以及遇到事故时如何第一时间自救互救。',
    lessons: [
      {
        title: '有限空间作业：先通风、再检测、后作业',
        html: html(
          '污水井、储罐、地下管沟等有限空间，常常积聚硫化氢、一氧化碳等有毒气体，或者缺氧。很多事故发生在施救环节：第一个人倒下，第二个、第三个人盲目下去救，结果造成群死群伤。',
          '牢记“先通风、再检测、后作业”。作业前必须办理审批，检测氧气和有毒气体浓度合格后才能进入；作业中要持续通风、专人监护；一旦有人晕倒，监护人员严禁盲目施救，应立即报警，佩戴好正压式空气呼吸器后再进入救援。',
        ),
      },
      {
        title: '灭火器和消火栓的正确使用',
        html: html(
          '干粉灭火器使用口诀：“一提、二拔、三握、四压”。提起灭火器，拔掉保险销，一手握住喷管对准火焰根部，另一手压下压把，由近及远左右扫射。',
          '室内消火栓：打开箱门，一人接好水带和水枪跑向起火点，另一人把水带另一端接到栓口，逆时针打开阀门。电气设备起火时，必须先切断电源，再用干粉或二氧化碳灭火器扑救，不能直接用水。',
          '每位职工都应知道本车间灭火器和消火栓的位置、疏散通道的走向，以及集合点在哪里。',
        ),
      },
    ],
  },
]

const requestIdOf = (slug: string, part = 'course') => `demo-${part}-${slug}`

async function demoCaller(deps: Deps, key: string): Promise<Caller | null> {
  const [row] = await deps.db.query<{ id: number }>('SELECT id FROM app_user WHERE demo_key = $1', [key])
  return row ? loadCaller(deps.db, row.id) : null
}

export async function seedDemoCourses(deps: Deps): Promise<boolean> {
  const { db } = deps
  // Every demo course published by an earlier start: a restart pays one query.
  const [done] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM course WHERE request_id = ANY($1::text[]) AND status = 'published'`, [
    demoCourses.map((c) => requestIdOf(c.slug)),
  ])
  if (done.n === demoCourses.length) return false
  let added = false
  for (const demo of demoCourses) {
    const editor = await demoCaller(deps, demo.editor)
    const [branch] = await db.query<{ id: number }>('SELECT id FROM branch WHERE name = $1', [demo.branch])
    if (!editor || !branch) continue
    const course = await saveCourse(db, editor, {
      branchId: branch.id,
      title: demo.title,
      summary: demo.summary,
      teacher: demo.teacher,
      category: demo.category,
      orderable: demo.orderable,
      requestId: requestIdOf(demo.slug),
    })
    if (course.status === 'published') continue
    for (const [i, lesson] of demo.lessons.entries()) {
      const body =
        'html' in lesson
          ? { kind: 'article' as const, articleHtml: lesson.html }
          : { kind: 'video' as const, videoFileId: (await storeServerFile(deps, editor.userId, { purpose: 'course_video', name: 'demo-lesson-60s.mp4', bytes: await readFile(demoVideoPath) })).id }
      await saveLesson(db, editor, { courseId: course.id, title: lesson.title, ...body, articleImageFileIds: [], requestId: requestIdOf(`${demo.slug}-${i}`, 'lesson') })
    }
    await publishCourse(db, editor, { courseId: course.id })
    added = true
  }
  return added
}
