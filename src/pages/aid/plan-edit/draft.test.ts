import { describe, expect, it } from 'vitest'
import { planRulesSchema } from '../../../shared/api/aid-plans'
import type { AidPlan } from '../../../shared/api'
import { checkPlanDraft, newPlanDraft, planDraftOf } from './draft'

const branch = { id: 1, name: '嘉兴市总工会', fullName: '嘉兴市总工会', level: 1 as const }

describe('plan form', () => {
  it('turns the default form into fen and basis points the contract accepts, with no float on the way', () => {
    const { errors, input } = checkPlanDraft({ ...newPlanDraft(2027), eligibleBranch: branch, deductible: '800.5' }, null)
    expect(errors).toEqual({})
    expect(input).toMatchObject({ coverageYear: 2027, contributionFen: 10_000, participationMinBp: 8000, eligibleBranchId: 1 })
    expect(input?.rules).toEqual({
      observationDays: 90,
      deductibleFen: 80_050,
      bands: [{ uptoFen: 5_000_000, ratioBp: 6000 }, { uptoFen: null, ratioBp: 7000 }],
      perClaimCapFen: 2_000_000,
      yearlyCapFen: 5_000_000,
      hospitalAllowance: { fromDay: 4, perDayFen: 3000, maxDays: 60 },
      criticalIllness: [],
    })
    expect(planRulesSchema.safeParse(input?.rules).success).toBe(true)
  })

  it('shows each problem beside its field', () => {
    const draft = {
      ...newPlanDraft(2027),
      contribution: '-1',
      deductible: '1.234',
      bands: [{ upto: '50000', ratio: '60' }, { upto: '40000', ratio: '101' }, { upto: '', ratio: '70' }],
      perClaimCap: '60000',
      illnesses: [{ code: 'CI01', name: '恶性肿瘤', lumpSum: '100000' }, { code: 'ci01', name: '癌', lumpSum: '0' }],
    }
    const { errors, input } = checkPlanDraft(draft, null)
    expect(input).toBeNull()
    expect(errors).toEqual({
      contribution: '请填写金额（元），最多两位小数',
      eligibleBranch: '请选择可参保的组织',
      deductible: '请填写金额（元），最多两位小数',
      'bands.1.upto': '分段上限须逐段递增',
      'bands.1.ratio': '请填写 0–100 的百分比，最多两位小数',
      perClaimCap: '单次封顶额不能高于年度封顶额',
      'illnesses.1.code': '疾病代码 ci01 重复',
      'illnesses.1.name': '疾病名称为 2–30 字',
      'illnesses.1.lumpSum': '金额须大于 0',
    })
  })

  it('reads a saved plan back into the same form', () => {
    const { input } = checkPlanDraft({ ...newPlanDraft(2027), eligibleBranch: branch, participation: '', allowance: false, illnesses: [{ code: 'CI01', name: '恶性肿瘤', lumpSum: '10000.5' }] }, 7)
    if (!input) throw new Error('the form should be valid')
    const plan: AidPlan = {
      id: 7,
      name: input.name,
      coverageYear: input.coverageYear,
      contributionFen: input.contributionFen,
      eligibleBranch: branch,
      individualEnrolment: false,
      participationMinBp: null,
      filingWindowDays: input.filingWindowDays,
      rules: planRulesSchema.parse(input.rules),
      status: 'draft',
      version: 1,
      previousVersionId: null,
      nextVersionId: null,
      createdAt: '2026-11-22T00:00:00.000Z',
      openedAt: null,
      closedAt: null,
      manageable: true,
      editable: true,
    }
    const again = checkPlanDraft(planDraftOf(plan), 7)
    expect(again.input).toEqual(input)
  })
})
