import { demoBranches } from './demo-accounts'

const { city, county, town, enterprise } = demoBranches

export interface DemoNotice {
  title: string
  summary: string
  bodyHtml: string
  /** Target and publisher: the branch path of names. */
  branch: string[]
  author: string
  pinned?: boolean
  /** Published this many hours ago; null keeps it a draft. */
  hoursAgo: number | null
}

export const demoNotices: DemoNotice[] = [
  {
    title: '关于开展2026年度“红船精神”答题拉力赛的通知',
    summary: '全市职工均可参加，答题赢积分，优胜单位将获表彰。',
    bodyHtml:
      '<h3>一、活动时间</h3><p>2026年12月1日至12月31日。</p><h3>二、参加对象</h3><p>全市各级工会会员。</p><h3>三、活动方式</h3><ul><li>登录嘉兴网上职工之家“职工课堂”参与答题；</li><li>每人每天可答题一次。</li></ul><p>请各级工会认真组织，广泛发动。</p>',
    branch: [city],
    author: 'city-admin',
    pinned: true,
    hoursAgo: 30,
  },
  {
    title: '嘉兴市总工会2026年冬季“送温暖”活动安排',
    summary: '困难职工帮扶、户外劳动者慰问集中开展。',
    bodyHtml: '<p>市总工会将于元旦、春节期间集中开展“送温暖”活动，重点走访慰问困难职工和户外劳动者。</p><p>各工会驿站延长开放时间，提供热水、休息和应急药品。</p>',
    branch: [city],
    author: 'city-admin',
    hoursAgo: 72,
  },
  {
    title: '秀洲区职工法律援助服务进企业',
    summary: '工会律师每周三驻点答疑，欢迎预约。',
    bodyHtml: '<p>秀洲区总工会联合律师事务所开展“法律服务进企业”活动，每周三下午在区职工服务中心提供免费法律咨询。</p>',
    branch: [city, county],
    author: 'county-admin',
    hoursAgo: 20,
  },
  {
    title: '油车港镇职工篮球赛报名开始',
    summary: '以企业工会为单位组队报名，截止12月10日。',
    bodyHtml: '<p>油车港镇总工会将举办职工篮球赛，请各企业工会于12月10日前报名。</p>',
    branch: [city, county, town],
    author: 'town-admin',
    hoursAgo: 5,
  },
  {
    title: '恒创电子工会会员生日福利领取通知',
    summary: '本月生日的会员请到工会办公室领取蛋糕券。',
    bodyHtml: '<p>本月过生日的会员，请于工作日到工会办公室（行政楼203）领取生日蛋糕券。</p>',
    branch: [city, county, town, enterprise],
    author: 'enterprise-admin',
    hoursAgo: 2,
  },
  {
    title: '（草稿）2027年职工疗休养安排',
    summary: '',
    bodyHtml: '<p>待定。</p>',
    branch: [city, county],
    author: 'county-admin',
    hoursAgo: null,
  },
]
