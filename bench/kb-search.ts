import { sessionPurpose } from '../server/action'
import type { Deps } from '../server/action'
import { migrate } from '../server/db/migrate'
import type { Env } from '../server/env'
import { articleSearchTexts, categoryTag } from '../server/legal/knowledge'
import { searchVectorSql, textQuery } from '../server/search/text-search'
import { seedDemo } from '../server/seed/demo'
import { signToken } from '../server/tokens'
import type { LegalCategory } from '../src/shared/api/legal-common'
import type { Queryable } from '../server/db'
import type { ActionInput } from '../src/shared/api'
import { timedAction } from './call-action'
import type { BenchDatabase } from './database'
import { round, seededRandom, summarize } from './stats'
import type { Latency } from './stats'

/**
 * 常见问题 search at 50,000 published articles. The articles are generated from a vocabulary of
 * the questions workers ask and the answers lawyers give, per category, segmented in Node (jieba,
 * exactly as publishing does) and inserted in batches; then members search with realistic words,
 * one call at a time through dispatch (session check, caller, validation, handler).
 */
export const kbSearchTargetP99Ms = 30

type Vocabulary = { titles: string[]; questions: string[]; answers: string[] }

const places = ['嘉兴', '南湖区', '秀洲区', '嘉善', '海盐', '海宁', '平湖', '桐乡', '乌镇', '濮院']
const employers = ['电子厂', '纺织公司', '物流公司', '服装厂', '食品公司', '建材公司', '家具厂', '汽配厂', '快递网点', '超市', '酒店', '建筑工地']
const spans = ['一个月', '两个月', '三个月', '半年', '一年', '两年', '三年', '五年', '八年', '十年']

const vocabulary: Record<LegalCategory, Vocabulary> = {
  labour_contract: {
    titles: ['入职{span}还没签劳动合同怎么办', '劳动合同到期公司不续签有补偿吗', '试用期可以约定{span}吗', '公司要求重新签合同把工龄清零合法吗', '{employer}让签空白劳动合同怎么办', '劳务派遣和劳动合同有什么区别', '无固定期限劳动合同怎么签'],
    questions: ['我在{place}一家{employer}上班{span}了，公司一直没有和我签书面劳动合同。', '合同快到期了，公司说不续签，也不给任何补偿。', '公司让我签了一份空白的劳动合同，内容都没有填写。', '入职时公司扣了我的身份证原件，说离职才还。', '公司要求我们和一家劳务派遣公司重新签合同，说工龄重新计算。', '我在公司连续工作满十年了，能不能要求签无固定期限劳动合同？'],
    answers: ['用人单位自用工之日起即与劳动者建立劳动关系，应当自用工之日起一个月内订立书面劳动合同。', '超过一个月不满一年未订立书面劳动合同的，应当向劳动者每月支付二倍的工资。', '劳动合同期满，用人单位维持或者提高劳动合同约定条件续订而劳动者不同意的除外，应当支付经济补偿。', '同一用人单位与同一劳动者只能约定一次试用期，试用期包含在劳动合同期限内。', '用人单位不得扣押劳动者的居民身份证和其他证件，不得要求劳动者提供担保或者以其他名义向劳动者收取财物。', '劳动者在该用人单位连续工作满十年的，劳动者提出订立无固定期限劳动合同的，应当订立。', '劳务派遣只能在临时性、辅助性或者替代性的工作岗位上实施。'],
  },
  wages: {
    titles: ['公司拖欠工资{span}怎么办', '加班费怎么计算', '周末加班不给加班费合法吗', '公司扣工资抵罚款可以吗', '试用期工资可以低于最低工资吗', '病假期间工资怎么发', '年终奖离职了还能拿吗', '公司随意降薪怎么维权'],
    questions: ['公司已经{span}没有发工资了，老板说资金周转困难。', '我们{employer}经常周末加班，平时也加班到晚上九点，从来没有加班费。', '迟到一次公司就扣两百元工资，一个月被扣了好几百。', '公司说今年订单少，要把工资降低两成，没有和我们商量。', '我生病请了两个星期病假，公司说病假期间不发工资。', '年底前我辞职了，公司说离职的人不发年终奖。'],
    answers: ['工资应当以货币形式按月支付给劳动者本人，不得克扣或者无故拖欠劳动者的工资。', '安排劳动者延长工作时间的，支付不低于工资的百分之一百五十的工资报酬。', '休息日安排劳动者工作又不能安排补休的，支付不低于工资的百分之二百的工资报酬。', '法定休假日安排劳动者工作的，支付不低于工资的百分之三百的工资报酬。', '劳动者可以向劳动保障监察机构投诉，也可以向劳动争议仲裁委员会申请仲裁，要求支付拖欠的劳动报酬。', '用人单位拖欠或者未足额支付劳动报酬的，劳动者可以依法向当地人民法院申请支付令。', '病假工资可以低于当地最低工资标准，但不能低于最低工资标准的百分之八十。', '变更劳动合同约定的劳动报酬，应当协商一致，并采用书面形式。'],
  },
  work_injury: {
    titles: ['上下班路上出车祸算工伤吗', '工伤认定申请有时间限制吗', '公司没给交工伤保险受伤了谁赔', '工伤停工留薪期工资怎么算', '在{employer}干活受伤公司不认怎么办', '工伤伤残等级怎么鉴定', '加班时突发疾病算工伤吗'],
    questions: ['我下班骑电动车回家，在{place}路上被一辆小汽车撞了，交警认定对方全责。', '我在车间操作机器时手被压伤了，公司说是我自己不小心，不给申请工伤。', '公司没有给我们交工伤保险，现在我受伤住院，医药费谁来出？', '受伤以后在家休养了{span}，公司这段时间只发了最低工资。', '同事加班时突发心脏病，送医院抢救四十八小时内去世了。'],
    answers: ['在上下班途中，受到非本人主要责任的交通事故伤害的，应当认定为工伤。', '在工作时间和工作场所内，因工作原因受到事故伤害的，应当认定为工伤。', '用人单位应当自事故伤害发生之日起三十日内提出工伤认定申请；用人单位未提出的，工伤职工或者其近亲属、工会组织在一年内可以直接提出。', '用人单位未参加工伤保险期间职工发生工伤的，由该用人单位按照工伤保险待遇项目和标准支付费用。', '在停工留薪期内，原工资福利待遇不变，由所在单位按月支付。', '在工作时间和工作岗位，突发疾病死亡或者在四十八小时之内经抢救无效死亡的，视同工伤。', '劳动能力鉴定由用人单位、工伤职工或者其近亲属向设区的市级劳动能力鉴定委员会提出申请。'],
  },
  social_insurance: {
    titles: ['公司不给交社保能要求经济补偿吗', '签了自愿放弃社保协议还能补缴吗', '社保断缴有什么影响', '公司按最低基数交社保合法吗', '离职后医保怎么续', '生育津贴怎么领取', '失业保险金怎么申领'],
    questions: ['我在公司干了{span}，最近才发现公司一直没有给我交社保。', '入职时公司让我签了一份自愿放弃缴纳社保的声明，每月多给两百元补贴。', '公司一直按最低基数给我们交社保，工资明明比这高很多。', '我从{employer}离职了，新工作还没找到，医保怎么办？', '我刚生完孩子，不知道生育津贴应该怎么领取。', '公司裁员我被辞退了，能不能领失业保险金？'],
    answers: ['用人单位未依法为劳动者缴纳社会保险费的，劳动者可以解除劳动合同，并要求用人单位支付经济补偿。', '依法缴纳社会保险费是用人单位和劳动者的法定义务，不能通过约定免除，自愿放弃社保的协议无效。', '用人单位未按时足额缴纳社会保险费的，由社会保险费征收机构责令限期缴纳或者补足。', '社会保险费应当按照职工本人上年度月平均工资确定缴费基数。', '失业人员符合条件的，可以申请领取失业保险金，同时享受基本医疗保险待遇。', '职工所在用人单位已经缴纳生育保险费的，其职工享受生育保险待遇，生育津贴按照职工所在用人单位上年度职工月平均工资计发。'],
  },
  dismissal: {
    titles: ['被公司辞退能拿多少经济补偿', '怀孕期间公司可以辞退我吗', '辞职需要提前多久通知', '公司以不胜任为由辞退合法吗', '违法解除劳动合同赔偿金怎么算', '公司裁员要提前通知吗', '被逼辞职还能要补偿吗'],
    questions: ['公司说我不适合岗位要辞退我，我在公司工作了{span}，应该拿多少补偿？', '我刚怀孕三个月，公司以部门调整为由通知我下个月不用来上班了。', '我想换工作，公司说必须提前三个月提出，否则扣工资。', '公司说业务调整要裁掉二十个人，当天通知第二天就不用来了。', '主管一直给我调岗降薪，逼我主动辞职。'],
    answers: ['经济补偿按劳动者在本单位工作的年限，每满一年支付一个月工资的标准向劳动者支付。', '六个月以上不满一年的，按一年计算；不满六个月的，向劳动者支付半个月工资的经济补偿。', '用人单位违法解除劳动合同的，应当依照经济补偿标准的二倍向劳动者支付赔偿金。', '女职工在孕期、产期、哺乳期的，用人单位不得依照不能胜任、客观情况发生重大变化、经济性裁员的规定解除劳动合同。', '劳动者提前三十日以书面形式通知用人单位，可以解除劳动合同；在试用期内提前三日通知即可。', '劳动者不能胜任工作，经过培训或者调整工作岗位，仍不能胜任工作的，用人单位提前三十日书面通知后方可解除。', '需要裁减人员二十人以上的，用人单位应当提前三十日向工会或者全体职工说明情况，听取意见。'],
  },
  other: {
    titles: ['申请劳动仲裁要交钱吗', '劳动仲裁时效是多久', '工会能帮我维权吗', '年休假有几天', '竞业限制协议有效吗', '公司不让请婚假怎么办', '法律援助怎么申请'],
    questions: ['我和公司因为工资问题闹翻了，想申请劳动仲裁，不知道要不要交费。', '离职已经{span}了，现在还能申请劳动仲裁吗？', '我在{place}工作，公司有工会，工会能帮我和公司谈吗？', '我在公司工作了{span}，公司说年假要看领导安排，一天都没休过。', '离职时公司让我签竞业限制协议，但是一分钱补偿都没有。', '家里经济困难，请不起律师，能不能申请法律援助？'],
    answers: ['劳动争议仲裁不收费，仲裁委员会的经费由财政予以保障。', '劳动争议申请仲裁的时效期间为一年，从当事人知道或者应当知道其权利被侵害之日起计算。', '工会依法维护职工合法权益，可以参与劳动争议调解，为职工提供法律咨询和帮助。', '职工累计工作已满一年不满十年的，年休假五天；已满十年不满二十年的，年休假十天；已满二十年的，年休假十五天。', '竞业限制期限内用人单位应当按月给予劳动者经济补偿，限制期限不得超过二年。', '经济困难的职工可以向当地法律援助机构申请法律援助，工会也可以提供帮助。'],
  },
}
const categories = Object.keys(vocabulary) as LegalCategory[]
const closings = ['建议保留劳动合同、工资条、考勤记录、聊天记录等证据。', '可以先与单位协商，协商不成可以向劳动争议仲裁委员会申请仲裁。', '如有疑问，可以在线向工会律师咨询，或到当地职工服务中心求助。', '具体情况不同，处理结果也可能不同，以上意见仅供参考。']

function fill(template: string, pick: <T>(items: T[]) => T): string {
  return template.replace('{span}', () => pick(spans)).replace('{employer}', () => pick(employers)).replace('{place}', () => pick(places))
}

interface Generated {
  category: LegalCategory
  title: string
  questionText: string
  answerText: string
}

/** One article: a title, one or two questions, three to six answer sentences and a closing. */
function generateArticle(random: () => number): Generated {
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]
  const category = pick(categories)
  const words = vocabulary[category]
  const sentences = (pool: string[], count: number) => {
    const chosen = new Set<string>()
    while (chosen.size < Math.min(count, pool.length)) chosen.add(pick(pool))
    return [...chosen].map((s) => fill(s, pick))
  }
  return {
    category,
    title: fill(pick(words.titles), pick),
    questionText: sentences(words.questions, 1 + Math.floor(random() * 2)).join(''),
    answerText: [...sentences(words.answers, 3 + Math.floor(random() * 4)), pick(closings)].join('\n'),
  }
}

/** Inserts `count` generated articles in batches, segmented in Node as publishing does; returns the segmenting time. */
export async function generateArticles(db: Queryable, publishedBy: number, count: number): Promise<number> {
  const random = seededRandom(20261022)
  let segmentMs = 0
  const batch = 2_000
  const now = Date.now()
  for (let from = 0; from < count; from += batch) {
    const rows = Array.from({ length: Math.min(batch, count - from) }, () => generateArticle(random))
    const segmentStart = performance.now()
    const texts = rows.map((r) => articleSearchTexts(r))
    segmentMs += performance.now() - segmentStart
    await db.query(
      `INSERT INTO legal_kb_article (search_vector, category, title, question_text, answer_text, published_by, published_at)
       SELECT ${searchVectorSql({ A: 't.title_words', B: 't.body_words' }, 'ARRAY[t.tag]')}, t.category, t.title, t.question_text, t.answer_text, $8, to_timestamp(t.at / 1000.0)
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[], $9::text[])
           AS t(title_words, body_words, category, title, question_text, answer_text, at, tag)`,
      [
        texts.map((t) => t[0]),
        texts.map((t) => t[1]),
        rows.map((r) => r.category),
        rows.map((r) => r.title),
        rows.map((r) => r.questionText),
        rows.map((r) => r.answerText),
        // A few a day over the past years, newest last.
        rows.map((_, i) => now - (count - from - i) * 1_800_000),
        publishedBy,
        rows.map((r) => categoryTag(r.category)),
      ],
    )
  }
  return segmentMs
}

export const queries = [
  '拖欠工资', '加班费', '工伤认定', '经济补偿', '社保', '试用期', '劳动合同', '辞退', '公司不给交社保怎么办', '上下班途中受伤',
  '怀孕辞退', '劳动仲裁时效', '年休假', '二倍工资', '竞业限制', '病假工资', '最低工资', '劳务派遣', '调岗降薪', '工伤保险待遇',
  '失业保险金', '生育津贴', '法律援助', '公司拖欠工资三个月我该怎么办', '离职后还能申请仲裁吗', '裁员提前通知', '身份证被扣押', '无固定期限劳动合同',
]

export interface KbSearchBench {
  articles: number
  generation_s: number
  segment_s: number
  table_mb: number
  search: Latency
  /** Searches that fell back from all words to any word (two queries). */
  fallback_share: number
  browse: Latency
  queries: string[]
}

export async function measureKbSearch(bench: BenchDatabase, env: Env, log: (line: string) => void, options = { articles: 50_000, calls: 2_000, warmup: 200 }): Promise<KbSearchBench> {
  const { db } = bench
  await migrate(db)
  await seedDemo(db, env)
  const deps: Deps = { db, env }
  const [lawyer] = await db.query<{ id: number }>(`SELECT id FROM app_user WHERE demo_key = 'lawyer'`)
  const [member] = await db.query<{ id: number }>(`SELECT id FROM app_user WHERE demo_key = 'member'`)
  const token = signToken(env.appSecret, sessionPurpose, { uid: member.id, exp: Math.floor(Date.now() / 1000) + 3600 })

  log(`生成 ${options.articles} 条常见问题并分词……`)
  const started = performance.now()
  const segmentMs = await generateArticles(db, lawyer.id, options.articles)
  await db.query('ANALYZE legal_kb_article')
  const generation_s = round((performance.now() - started) / 1000, 1)
  const [size] = await db.query<{ articles: number; mb: number }>(
    `SELECT count(*)::int AS articles, round(pg_total_relation_size('legal_kb_article') / 1048576.0, 1)::float8 AS mb FROM legal_kb_article WHERE status = 'published'`,
  )
  log(`常见问题 ${size.articles} 条，${size.mb} MB，生成 ${generation_s} s（其中分词 ${round(segmentMs / 1000, 1)} s）`)

  const callSearch = async (input: ActionInput<'legal', 'searchKnowledge'>) => (await timedAction(deps, token, 'legal', 'searchKnowledge', input)).ms
  const searchInputs = (n: number, seed: number) => {
    const pickRandom = seededRandom(seed)
    return Array.from({ length: n }, (_, i) => ({
      q: queries[i % queries.length],
      // Most searches are over every category; one in four within the tab the member is on.
      category: pickRandom() < 0.25 ? categories[Math.floor(pickRandom() * categories.length)] : null,
      limit: 20,
    }))
  }
  for (const input of searchInputs(options.warmup, 31)) await callSearch(input)
  const samples: number[] = []
  for (const input of searchInputs(options.calls, 32)) samples.push(await callSearch(input))
  const search = summarize(samples)
  log(`legal.searchKnowledge：${JSON.stringify(search)}`)

  // Which queries needed the any-word fallback (the ask page's whole-sentence titles).
  let fallbacks = 0
  for (const q of queries) {
    const [row] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM legal_kb_article a, to_tsquery('simple', $1) q WHERE a.status = 'published' AND a.search_vector @@ q`,
      [textQuery(q)?.text ?? ''],
    )
    if (row.n === 0) fallbacks += 1
  }

  const browseSamples: number[] = []
  for (let i = 0; i < 500; i += 1) browseSamples.push(await callSearch({ q: '', category: i % 2 === 0 ? null : categories[i % categories.length], limit: 20 }))
  const browse = summarize(browseSamples)
  log(`浏览（无关键词）：${JSON.stringify(browse)}`)
  return {
    articles: size.articles,
    generation_s,
    segment_s: round(segmentMs / 1000, 1),
    table_mb: size.mb,
    search,
    fallback_share: round(fallbacks / queries.length, 2),
    browse,
    queries,
  }
}
