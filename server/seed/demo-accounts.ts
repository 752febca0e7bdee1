import type { Role } from '../../src/shared/roles'

/**
 * Seeded accounts for the demo login page (local start only). Branches are named by their
 * path of names from the city down; the seed resolves them.
 */
export interface DemoAccountSeed {
  key: string
  label: string
  description: string
  /** Approved member at this branch, with a made-up but checksum-valid ID number. */
  member?: { name: string; phone: string; idNumber: string; branch: string[] }
  grants: { role: Role; branch: string[] }[]
}

const city = '嘉兴市总工会'
const county = '秀洲区总工会'
const town = '油车港镇总工会'
const enterprise = '嘉兴恒创电子有限公司工会'
const siblingTown = '王江泾镇总工会'
const siblingEnterprise = '嘉兴王江泾织造有限公司工会'

export const demoBranches = { city, county, town, enterprise, siblingTown, siblingEnterprise }

export const demoAccounts: DemoAccountSeed[] = [
  {
    key: 'member',
    label: '普通会员 张晓梅',
    description: `${enterprise}（秀洲区 油车港镇）`,
    member: { name: '张晓梅', phone: '13857300001', idNumber: '330411199203150024', branch: [city, county, town, enterprise] },
    grants: [],
  },
  {
    key: 'sibling-member',
    label: '普通会员 陈建国',
    description: `${siblingEnterprise}（秀洲区 王江泾镇）`,
    member: { name: '陈建国', phone: '13857300002', idNumber: '330411198807210011', branch: [city, county, siblingTown, siblingEnterprise] },
    grants: [],
  },
  {
    key: 'enterprise-admin',
    label: '企业工会管理员 李伟',
    description: enterprise,
    member: { name: '李伟', phone: '13857300003', idNumber: '330411198501020039', branch: [city, county, town, enterprise] },
    grants: [{ role: 'admin', branch: [city, county, town, enterprise] }],
  },
  {
    key: 'town-admin',
    label: '镇工会管理员 王芳',
    description: town,
    grants: [{ role: 'admin', branch: [city, county, town] }],
  },
  {
    key: 'county-admin',
    label: '区工会管理员 赵敏',
    description: county,
    grants: [{ role: 'admin', branch: [city, county] }],
  },
  {
    key: 'mall-operator',
    label: '商城运营 孙悦',
    description: `${county}积分商城`,
    grants: [{ role: 'mall_operator', branch: [city, county] }],
  },
  {
    key: 'city-admin',
    label: '市总工会管理员 周强',
    description: city,
    grants: [
      { role: 'admin', branch: [city] },
      { role: 'aid_admin', branch: [city] },
      { role: 'legal_admin', branch: [city] },
    ],
  },
  {
    key: 'lawyer',
    label: '工会律师 吴律师',
    description: `${county}职工法律服务站`,
    grants: [{ role: 'lawyer', branch: [city, county] }],
  },
  {
    key: 'legal-admin',
    label: '区法律服务管理员 钱进',
    description: `${county}职工法律服务站`,
    grants: [{ role: 'legal_admin', branch: [city, county] }],
  },
  {
    key: 'librarian',
    label: '市图书管理员 沈书文',
    description: `${city}职工书屋`,
    grants: [{ role: 'librarian', branch: [city] }],
  },
  {
    key: 'course-editor',
    label: '市课程编辑 陆明远',
    description: `${city}职工课堂`,
    grants: [{ role: 'course_editor', branch: [city] }],
  },
  {
    key: 'county-course-editor',
    label: '区课程编辑 顾晓红',
    description: `${county}职工学校（受理企业点单）`,
    grants: [{ role: 'course_editor', branch: [city, county] }],
  },
  {
    key: 'matchmaker',
    label: '红娘 许红娟',
    description: `${county}鹊桥会`,
    grants: [{ role: 'matchmaker', branch: [city, county] }],
  },
]
