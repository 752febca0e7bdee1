import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { membershipConsentVersion } from '../../src/shared/consent'
import { withCheck } from '../support/id-numbers'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'

let app: TestApp
let enterpriseId: number

beforeAll(async () => {
  app = await openTestApp()
  enterpriseId = await app.branchId('嘉兴恒创电子有限公司工会')
})
afterAll(() => app?.close())

const application = () => ({
  name: '阿依古丽·买买提',
  phone: '13957312345',
  idNumber: withCheck('33040119900101123'),
  branchId: enterpriseId,
  consentVersion: membershipConsentVersion,
})

describe('member.apply form checks', () => {
  it('refuses each bad or empty field with a message that says what to do, writing nothing', async () => {
    const user = await app.newUser()
    const before = await app.snapshot()
    const refusals: Array<[Record<string, unknown>, string]> = [
      [{ name: '李😀 明' }, '姓名只能包含汉字、间隔号“·”或字母（name）'],
      [{ name: '李明2' }, '姓名只能包含汉字、间隔号“·”或字母（name）'],
      [{ name: 'Anna  Lee' }, '姓名中不能有连续的间隔号或空格（name）'],
      [{ name: '·买买提' }, '姓名的开头和结尾不能是间隔号“·”（name）'],
      [{ name: '' }, '请填写姓名（name）'],
      [{ name: '\u3000 ' }, '请填写姓名（name）'],
      [{ name: undefined }, '请填写姓名（name）'],
      [{ phone: '' }, '请填写手机号码（phone）'],
      [{ phone: undefined }, '请填写手机号码（phone）'],
      [{ phone: '12345' }, '请填写 11 位手机号码（phone）'],
      [{ idNumber: '' }, '请填写身份证号码（idNumber）'],
      [{ idNumber: ' ' }, '请填写身份证号码（idNumber）'],
      [{ idNumber: undefined }, '请填写身份证号码（idNumber）'],
      [{ idNumber: withCheck('00000019900101123') }, '身份证号码的地区码无效（idNumber）'],
      [{ idNumber: withCheck('33049919900101123') }, '身份证号码的地区码无效（idNumber）'],
      [{ idNumber: '330482199001011231' }, '身份证号码无效，请核对后重新填写（idNumber）'],
      [{ branchId: undefined }, '请选择您所在的基层工会（branchId）'],
      [{ consentVersion: undefined }, '请阅读并同意个人信息授权（consentVersion）'],
    ]
    for (const [change, message] of refusals) {
      const error = await app.fail(user, 'member', 'apply', { ...application(), ...change })
      expect(error, JSON.stringify(change)).toEqual({ code: 'VALIDATION_FAILED', message })
    }
    expect(await app.snapshot()).toEqual(before)
  })

  it('accepts a minority name typed with an IME dot and a historical region code, storing the normal form', async () => {
    const user = await app.newUser()
    const saved = await app.ok(user, 'member', 'apply', { ...application(), name: ' 阿依古丽・买买提 ' })
    expect(saved).toMatchObject({ status: 'pending', name: '阿依古丽·买买提' })
    const latin = await app.newUser()
    const idNumber = withCheck('11010319850505123')
    expect(await app.ok(latin, 'member', 'apply', { ...application(), name: 'Ayşe Yılmaz', idNumber })).toMatchObject({ name: 'Ayşe Yılmaz' })
  })
})
