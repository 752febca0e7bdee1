import dayjs from 'dayjs'
import { describe, expect, it } from 'vitest'
import { newDraft, saveInput, validateDraft } from './draft'
import type { Draft } from './draft'

const town = { id: 3, name: '油车港镇总工会', fullName: '嘉兴市总工会 / 秀洲区总工会 / 油车港镇总工会', level: 3 as const }
const point = { id: 3, name: '油车港镇职工服务中心', address: '嘉兴市秀洲区油车港镇正阳路 218 号', openingHours: '周一至周五 8:30-17:00', phone: '0573-82711205' }

function filled(overrides: Partial<Draft> = {}): Draft {
  return {
    ...newDraft(dayjs('2026-11-21T10:20:00+08:00')),
    title: '工会定制保温杯',
    categoryId: 1,
    kind: 'pickup',
    pricePoints: '300',
    scope: town,
    pickupPoint: point,
    initialStock: '50',
    ...overrides,
  }
}

describe('item editor draft', () => {
  it('asks for what the server needs before sending', () => {
    const errors = validateDraft({ ...newDraft(), kind: 'pickup' }, true)
    expect(Object.keys(errors).sort()).toEqual(['categoryId', 'pickupPoint', 'pricePoints', 'scope', 'title'])
    expect(validateDraft(filled(), true)).toEqual({})
  })

  it('checks the sale window and the limit the way the server does', () => {
    const ended = filled({ hasEnd: true, saleEnd: { date: '2026-11-01', time: '09:00' } })
    expect(validateDraft(ended, true).saleEnd).toBe('结束时间必须晚于开始时间')
    expect(validateDraft(filled({ limitPeriod: 'month', limitCount: '0' }), true).limitCount).toBe('限兑数量为 1–100')
  })

  it('sends no limit, pickup point or stock that does not apply', () => {
    const input = saveInput(filled({ kind: 'virtual', limitPeriod: 'none' }), null)
    expect(input).toMatchObject({ kind: 'virtual', limitPeriod: null, limitCount: null, pickupPointId: null, initialStock: 0, saleEnd: null })
    expect(saveInput(filled({ limitPeriod: 'month', limitCount: '1' }), 7)).toMatchObject({
      id: 7,
      limitPeriod: 'month',
      limitCount: 1,
      pickupPointId: 3,
      initialStock: 50,
    })
  })

  it('sends the uploaded image, no image, or nothing for a picture set by URL before uploads', () => {
    const uploaded = { fileId: 41, url: '/files/a.jpg', thumbUrl: '/files/b.jpg' }
    expect(saveInput(filled({ image: [uploaded] }), 7)?.imageFileId).toBe(41)
    expect(saveInput(filled({ image: [] }), 7)?.imageFileId).toBeNull()
    const input = saveInput(filled({ image: [{ fileId: null, url: 'https://img.example/cup.jpg', thumbUrl: null }] }), 7)
    expect(input && 'imageFileId' in input && input.imageFileId !== undefined).toBe(false)
  })
})
