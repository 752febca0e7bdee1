import sharp from 'sharp'
import { educationRank } from '../../src/shared/dating/names'
import type { Education, Gender, Marital } from '../../src/shared/dating/names'
import { idCheckChar } from '../../src/shared/id-number'
import type { Deps } from '../action'
import { countyIdSql } from '../dating/dater'
import { storeServerFile } from '../files/generated'
import { hashIdNumber } from '../tokens'

/**
 * 40 approved 鹊桥会 profiles in 秀洲区 and its neighbours, so 推荐 has someone to show on a local
 * start. Each has a generated portrait-shaped picture (no faces: a colour field with soft shapes)
 * stored as a real dating_photo. Their last activity lies days back, so members who join today
 * come first in each other's 推荐 (the e2e relies on that). Runs once: skipped when present.
 */
interface DemoDater {
  nickname: string
  gender: Gender
  birthYear: number
  heightCm: number
  education: Education
  occupation: string
  marital: Marital
  interests: string[]
  intro: string
  county: string
}

const women = ['晓雨', '思琪', '小鹿', '安然', '沐沐', '佳怡', '云朵', '若溪', '念念', '小满', '橙子', '婉清', '静好', '一诺', '朵朵', '书瑶', '米粒', '清欢', '暖暖', '南栀']
const men = ['阿杰', '子航', '大伟', '明哲', '浩然', '小刘', '一帆', '俊熙', '远山', '阿诚', '晨阳', '志远', '木木', '景行', '北辰', '石头', '天佑', '嘉树', '阿泽', '知秋']
const occupations = ['工程师', '教师', '护士', '会计', '设计师', '销售', '技术员', '公务员', '质检员', '医生', '程序员', '文员']
const interestPool = ['旅行', '读书', '跑步', '摄影', '烘焙', '羽毛球', '电影', '音乐', '徒步', '瑜伽', '钓鱼', '书法', '做饭', '骑行']
const intros = [
  '性格开朗，喜欢周末去南湖边走走，希望遇到一个能一起散步聊天的人。',
  '工作认真，生活简单，喜欢做饭和看电影，期待一段踏实的感情。',
  '土生土长的嘉兴人，爱好运动和旅行，希望找一个三观相合的伴侣。',
  '平时喜欢看书、听音乐，偶尔拍拍照，想认识一个温和有趣的你。',
]
const counties = ['秀洲区', '秀洲区', '南湖区', '嘉善县', '桐乡市']
const educationsCycle: Education[] = ['college', 'bachelor', 'bachelor', 'master', 'senior']

function demoDaters(): DemoDater[] {
  return Array.from({ length: 40 }, (_, i) => {
    const gender: Gender = i % 2 === 0 ? 'female' : 'male'
    const names = gender === 'female' ? women : men
    return {
      nickname: names[Math.floor(i / 2)],
      gender,
      birthYear: 1984 + ((i * 7) % 18),
      heightCm: gender === 'female' ? 155 + ((i * 3) % 15) : 168 + ((i * 5) % 16),
      education: educationsCycle[i % educationsCycle.length],
      occupation: occupations[i % occupations.length],
      marital: i % 9 === 8 ? 'divorced' : 'never',
      interests: [interestPool[i % interestPool.length], interestPool[(i * 3 + 1) % interestPool.length], interestPool[(i * 5 + 2) % interestPool.length]].filter(
        (tag, at, all) => all.indexOf(tag) === at,
      ),
      intro: intros[i % intros.length],
      county: counties[i % counties.length],
    }
  })
}

const palettes = [
  ['#f6d5c9', '#e8917a'],
  ['#cfe3f5', '#6f9fd8'],
  ['#d9efd8', '#6fb07a'],
  ['#f3e3b5', '#d9a441'],
  ['#e6d6f2', '#9a72c4'],
  ['#f5d0dc', '#d66a8e'],
]

/** A 3:4 picture without text or faces: a gradient, a sun and two hills, different per member. */
async function portrait(i: number): Promise<Buffer> {
  const [light, deep] = palettes[i % palettes.length]
  const sunX = 120 + ((i * 83) % 360)
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="800">
    <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${light}"/><stop offset="1" stop-color="${deep}"/></linearGradient></defs>
    <rect width="600" height="800" fill="url(#g)"/>
    <circle cx="${sunX}" cy="${200 + ((i * 37) % 120)}" r="${70 + (i % 4) * 12}" fill="#fff" fill-opacity="0.55"/>
    <path d="M0 620 Q 150 ${480 + (i % 5) * 20} 300 600 T 600 ${560 + (i % 3) * 30} V 800 H 0 Z" fill="#fff" fill-opacity="0.35"/>
    <path d="M0 700 Q 200 ${600 + (i % 4) * 15} 420 690 T 600 680 V 800 H 0 Z" fill="${deep}" fill-opacity="0.6"/>
  </svg>`
  return sharp(Buffer.from(svg)).jpeg({ quality: 82 }).toBuffer()
}

/** A checksum-valid made-up ID number for the seed's member rows (only its hash is stored). */
function demoIdNumber(daterIndex: number, dater: DemoDater): string {
  const seq = String(200 + daterIndex * 2 + (dater.gender === 'male' ? 1 : 0)).padStart(3, '0')
  const first17 = `330411${dater.birthYear}0515${seq}`
  return first17 + idCheckChar(first17)
}

export async function seedDemoDating({ db, env }: Deps): Promise<boolean> {
  const [present] = await db.query(`SELECT 1 FROM dating_profile WHERE consent_version = 'demo' LIMIT 1`)
  if (present) return false
  const daters = demoDaters()
  for (const [i, dater] of daters.entries()) {
    const [unit] = await db.query<{ id: number }>(
      `SELECT b.id FROM branch b JOIN branch c ON c.id = ${countyIdSql('b.path')}
        WHERE b.level = 4 AND c.name = $1 ORDER BY b.id OFFSET $2 LIMIT 1`,
      [`${dater.county}总工会`, Math.floor(i / counties.length)],
    )
    if (!unit) throw new Error(`演示数据中找不到${dater.county}的企业工会`)
    const idNumber = demoIdNumber(i, dater)
    const userId = await db.transaction(async (tx) => {
      const [user] = await tx.query<{ id: number }>('INSERT INTO app_user (nickname) VALUES ($1) RETURNING id', [dater.nickname])
      await tx.query(
        `INSERT INTO member (user_id, member_no, name, phone, id_hash, id_last4, branch_id)
         VALUES ($1, 'JX' || lpad(nextval('member_no_seq')::text, 10, '0'), $2, $3, $4, $5, $6)`,
        [user.id, `鹊桥演示${i + 1}`, `139${String(57300100 + i).padStart(8, '0')}`, hashIdNumber(env.idHashKey, idNumber), idNumber.slice(-4), unit.id],
      )
      return user.id
    })
    const photos = [await storeServerFile({ db, env }, userId, { purpose: 'dating_photo', name: `photo-${i + 1}.jpg`, bytes: await portrait(i) })]
    if (i % 4 === 0) photos.push(await storeServerFile({ db, env }, userId, { purpose: 'dating_photo', name: `photo-${i + 1}b.jpg`, bytes: await portrait(i + 7) }))
    await db.transaction(async (tx) => {
      const [profile] = await tx.query<{ member_id: number }>(
        `INSERT INTO dating_profile (member_id, user_id, gender, birth_year, birth_month, birth_ym, county_branch_id, unit_branch_id,
                                     consent_version, consent_at, approved_at, nickname, height_cm, education, education_rank, occupation,
                                     hometown, marital, intro, interests, photo_file_ids, contact_kind, contact, last_active_at)
         SELECT m.id, m.user_id, $2, $3::int, 5, $3::int * 12 + 4, ${countyIdSql('b.path')}, b.id,
                'demo', now(), now(), $4, $5, $6, $7, $8, '嘉兴', $9, $10, $11::text[], $12::int[], 'wechat', $13,
                now() - ($14::int * interval '3 hours') - interval '1 day'
           FROM member m JOIN branch b ON b.id = m.branch_id WHERE m.user_id = $1
         RETURNING member_id`,
        [
          userId, dater.gender, dater.birthYear, dater.nickname, dater.heightCm, dater.education, educationRank(dater.education),
          dater.occupation, dater.marital, dater.intro, dater.interests, photos.map((p) => p.id), `wxdemo_${String(i + 1).padStart(3, '0')}`, i,
        ],
      )
      await tx.query('UPDATE file SET record = $2, delete_after = NULL WHERE id = ANY($1::int[])', [photos.map((p) => p.id), `dating_profile:${profile.member_id}`])
    })
  }
  return true
}
