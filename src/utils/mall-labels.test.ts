import { describe, expect, it } from 'vitest'
import { couponValidityText, memberBlockedText, orderNoText, pickupPointLines, redeemableQuantity } from './mall-labels'

const cup = { kind: 'pickup' as const, stock: 50, pricePoints: 300, limit: { period: 'month' as const, count: 2 }, limitUsed: 0 }

describe('mall labels', () => {
  it('groups an order number as it is read out: the date, then fours', () => {
    expect(orderNoText('26112248210937')).toBe('261122 4821 0937')
  })

  it('says why a member cannot redeem, limit first, naming the period and the shortfall', () => {
    expect(memberBlockedText({ ...cup, limitUsed: 2 }, 1000)).toBe('本月已兑换 2/2')
    expect(memberBlockedText({ ...cup, limit: { period: 'day', count: 1 }, limitUsed: 1 }, 1000)).toBe('今日已兑换 1/1')
    expect(memberBlockedText({ ...cup, limit: { period: 'lifetime', count: 1 }, limitUsed: 1 }, 0)).toBe('已兑换 1/1')
    expect(memberBlockedText(cup, 55)).toBe('积分不足（还差 245 积分）')
    expect(memberBlockedText(cup, 300)).toBeNull()
  })

  it('offers no more than the balance, the limit left, the stock and the per-redemption cap allow', () => {
    expect(redeemableQuantity(cup, 905, 10)).toBe(2)
    expect(redeemableQuantity({ ...cup, limitUsed: 1 }, 905, 10)).toBe(1)
    expect(redeemableQuantity({ ...cup, limit: null }, 905, 10)).toBe(3)
    expect(redeemableQuantity({ ...cup, limit: null, stock: 1 }, 905, 10)).toBe(1)
    expect(redeemableQuantity({ ...cup, limit: null, pricePoints: 1 }, 905, 10)).toBe(10)
    expect(redeemableQuantity({ ...cup, kind: 'virtual', limit: null, pricePoints: 1 }, 905, 10)).toBe(1)
    expect(redeemableQuantity(cup, 299, 10)).toBe(0)
  })

  it('shows coupon validity as a date or a range, and says when it has expired', () => {
    expect(couponValidityText({ from: null, until: '2026-12-31', expired: false })).toBe('有效期至 2026-12-31')
    expect(couponValidityText({ from: '2026-11-22', until: '2027-02-20', expired: false })).toBe('有效期 2026-11-22 至 2027-02-20')
    expect(couponValidityText({ from: null, until: '2025-12-31', expired: true })).toBe('已过期（有效期至 2025-12-31）')
  })

  it('leaves out what the operator has not filled in about a pickup point', () => {
    const lines = pickupPointLines({ id: 1, name: '秀洲区总工会服务点', address: '嘉兴市总工会 / 秀洲区总工会', openingHours: '', phone: '' })
    expect(lines.map((l) => l.label)).toEqual(['自提点', '地址'])
  })
})
