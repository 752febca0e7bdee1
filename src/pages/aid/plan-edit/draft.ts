import type { ActionInput, AidPlan, BranchRef, PlanRules } from '../../../shared/api'
import { formatBp, formatFen, parsePercent, parseYuan } from '../../../shared/aid/money'

/** The plan form's state: amounts stay as the 元 and % text the admin typed until they are checked. */
export interface PlanDraft {
  name: string
  coverageYear: string
  contribution: string
  eligibleBranch: BranchRef | null
  individualEnrolment: boolean
  participation: string
  filingWindowDays: string
  observationDays: string
  deductible: string
  /** The last band has no upper bound: its `upto` is ignored. */
  bands: { upto: string; ratio: string }[]
  perClaimCap: string
  yearlyCap: string
  allowance: boolean
  allowanceFromDay: string
  allowancePerDay: string
  allowanceMaxDays: string
  illnesses: { code: string; name: string; lumpSum: string }[]
}

/** Field errors by path: 'name', 'bands.1.upto', 'illnesses.0.code'… */
export type PlanDraftErrors = Record<string, string>

export type SavePlanInput = ActionInput<'aid', 'savePlan'>

/** A new plan starts from the usual rules of the city's scheme; the admin adjusts them. */
export function newPlanDraft(year: number): PlanDraft {
  return {
    name: `${year}年度职工医疗互助`,
    coverageYear: String(year),
    contribution: '100',
    eligibleBranch: null,
    individualEnrolment: false,
    participation: '80',
    filingWindowDays: '180',
    observationDays: '90',
    deductible: '800',
    bands: [
      { upto: '50000', ratio: '60' },
      { upto: '', ratio: '70' },
    ],
    perClaimCap: '20000',
    yearlyCap: '50000',
    allowance: true,
    allowanceFromDay: '4',
    allowancePerDay: '30',
    allowanceMaxDays: '60',
    illnesses: [],
  }
}

const yuan = (fen: number) => formatFen(fen).replace(/,/g, '').replace(/\.00$/, '')
const percent = (bp: number) => formatBp(bp).replace(/%$/, '')

export function planDraftOf(plan: AidPlan): PlanDraft {
  const r = plan.rules
  return {
    name: plan.name,
    coverageYear: String(plan.coverageYear),
    contribution: yuan(plan.contributionFen),
    eligibleBranch: plan.eligibleBranch,
    individualEnrolment: plan.individualEnrolment,
    participation: plan.participationMinBp === null ? '' : percent(plan.participationMinBp),
    filingWindowDays: String(plan.filingWindowDays),
    observationDays: String(r.observationDays),
    deductible: yuan(r.deductibleFen),
    bands: r.bands.map((b) => ({ upto: b.uptoFen === null ? '' : yuan(b.uptoFen), ratio: percent(b.ratioBp) })),
    perClaimCap: yuan(r.perClaimCapFen),
    yearlyCap: yuan(r.yearlyCapFen),
    allowance: r.hospitalAllowance !== null,
    allowanceFromDay: String(r.hospitalAllowance?.fromDay ?? 4),
    allowancePerDay: yuan(r.hospitalAllowance?.perDayFen ?? 3000),
    allowanceMaxDays: String(r.hospitalAllowance?.maxDays ?? 60),
    illnesses: r.criticalIllness.map((c) => ({ code: c.code, name: c.name, lumpSum: yuan(c.lumpSumFen) })),
  }
}

/**
 * Checks the form the way the contract will (src/shared/api/aid-plans.ts) so the admin sees each
 * problem beside its field, and builds the input when there is none.
 */
export function checkPlanDraft(d: PlanDraft, id: number | null): { errors: PlanDraftErrors; input: SavePlanInput | null } {
  const errors: PlanDraftErrors = {}
  const money = (field: string, text: string, min: number): number => {
    const fen = parseYuan(text)
    if (fen === null) errors[field] = '请填写金额（元），最多两位小数'
    else if (fen < min) errors[field] = min > 0 ? '金额须大于 0' : '金额不能为负数'
    else if (fen > 100_000_000) errors[field] = '金额不能超过 1,000,000 元'
    return fen ?? 0
  }
  const whole = (field: string, text: string, min: number, max: number): number => {
    if (!/^\d{1,4}$/.test(text.trim()) || Number(text) < min || Number(text) > max) errors[field] = `请填写 ${min}–${max} 的整数`
    return Number(text)
  }
  const ratio = (field: string, text: string): number => {
    const bp = parsePercent(text)
    if (bp === null) errors[field] = '请填写 0–100 的百分比，最多两位小数'
    return bp ?? 0
  }

  const name = d.name.trim()
  if (name.length < 4 || name.length > 40) errors.name = '计划名称为 4–40 字'
  const coverageYear = whole('coverageYear', d.coverageYear, 2020, 2099)
  const contributionFen = money('contribution', d.contribution, 1)
  if (!errors.contribution && contributionFen > 1_000_000) errors.contribution = '每人互助金不超过 10,000 元'
  if (!d.eligibleBranch) errors.eligibleBranch = '请选择可参保的组织'
  let participationMinBp: number | null = null
  if (d.participation.trim() !== '') {
    participationMinBp = ratio('participation', d.participation)
    if (!errors.participation && participationMinBp === 0) errors.participation = '参保比例须大于 0，不设要求请留空'
  }
  const filingWindowDays = whole('filingWindowDays', d.filingWindowDays, 1, 3650)
  const observationDays = whole('observationDays', d.observationDays, 0, 365)
  const deductibleFen = money('deductible', d.deductible, 0)

  if (d.bands.length === 0) errors.bands = '请至少设置一个报销比例分段'
  const bands = d.bands.map((band, i) => {
    const last = i === d.bands.length - 1
    const uptoFen = last ? null : money(`bands.${i}.upto`, band.upto, 1)
    return { uptoFen, ratioBp: ratio(`bands.${i}.ratio`, band.ratio) }
  })
  bands.forEach((band, i) => {
    const previous = bands[i - 1]?.uptoFen
    if (i > 0 && band.uptoFen !== null && previous != null && band.uptoFen <= previous && !errors[`bands.${i}.upto`]) {
      errors[`bands.${i}.upto`] = '分段上限须逐段递增'
    }
  })
  const perClaimCapFen = money('perClaimCap', d.perClaimCap, 1)
  const yearlyCapFen = money('yearlyCap', d.yearlyCap, 1)
  if (!errors.perClaimCap && !errors.yearlyCap && perClaimCapFen > yearlyCapFen) errors.perClaimCap = '单次封顶额不能高于年度封顶额'

  let hospitalAllowance: PlanRules['hospitalAllowance'] = null
  if (d.allowance) {
    const perDayFen = money('allowancePerDay', d.allowancePerDay, 1)
    if (!errors.allowancePerDay && perDayFen > 100_000) errors.allowancePerDay = '每日补助不超过 1,000 元'
    hospitalAllowance = {
      fromDay: whole('allowanceFromDay', d.allowanceFromDay, 1, 365),
      perDayFen,
      maxDays: whole('allowanceMaxDays', d.allowanceMaxDays, 1, 366),
    }
  }

  const seen = new Set<string>()
  const criticalIllness = d.illnesses.map((illness, i) => {
    const code = illness.code.trim()
    if (!/^[A-Za-z0-9_-]{1,20}$/.test(code)) errors[`illnesses.${i}.code`] = '疾病代码为 1–20 位字母、数字'
    else if (seen.has(code.toUpperCase())) errors[`illnesses.${i}.code`] = `疾病代码 ${code} 重复`
    seen.add(code.toUpperCase())
    const illnessName = illness.name.trim()
    if (illnessName.length < 2 || illnessName.length > 30) errors[`illnesses.${i}.name`] = '疾病名称为 2–30 字'
    return { code, name: illnessName, lumpSumFen: money(`illnesses.${i}.lumpSum`, illness.lumpSum, 1) }
  })

  if (Object.keys(errors).length > 0 || !d.eligibleBranch) return { errors, input: null }
  return {
    errors,
    input: {
      id,
      name,
      coverageYear,
      contributionFen,
      eligibleBranchId: d.eligibleBranch.id,
      individualEnrolment: d.individualEnrolment,
      participationMinBp,
      filingWindowDays,
      rules: { observationDays, deductibleFen, bands, perClaimCapFen, yearlyCapFen, hospitalAllowance, criticalIllness },
    },
  }
}
