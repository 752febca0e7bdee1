import type { Locator, Page } from 'playwright-core'
import sharp from 'sharp'
import { chooseFile, fillField } from './h5-app'
import type { ChosenFile } from './h5-app'

/** A small photo of a document, a different tint each time. */
export function documentPhoto(tint: number): Promise<Buffer> {
  return sharp({ create: { width: 800, height: 1000, channels: 3, background: { r: 240, g: 240 - tint, b: 230 } } }).jpeg().toBuffer()
}

/** The smallest PDF the file service takes whole (it ends with %%EOF). */
export const documentPdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1')

/** The amounts a member types into 申请互助金, in 元 as typed. */
export interface TypedBill {
  total: string
  insurance: string
  self: string
  eligible: string
}

/**
 * Fills 申请互助金 for a hospital stay: the hospital, the bill, and the checklist of a 住院 claim
 * (invoice and itemised bill as photos, the discharge summary as a PDF), each upload waited for.
 */
export async function fillHospitalClaim(page: Page, form: Locator, bill: TypedBill): Promise<void> {
  await fillField(form.locator('.aid-claim-new__hospital'), '上海市第六人民医院')
  await fillField(form.locator('.aid-claim-new__amount--total'), bill.total)
  await fillField(form.locator('.aid-claim-new__amount--insurance'), bill.insurance)
  await fillField(form.locator('.aid-claim-new__amount--self'), bill.self)
  await fillField(form.locator('.aid-claim-new__amount--eligible'), bill.eligible)
  const documents: [string, ChosenFile][] = [
    ['invoice', { name: '发票.jpg', mimeType: 'image/jpeg', buffer: await documentPhoto(10) }],
    ['discharge_summary', { name: '出院小结.pdf', mimeType: 'application/pdf', buffer: documentPdf }],
    ['itemised_bill', { name: '费用明细.jpg', mimeType: 'image/jpeg', buffer: await documentPhoto(40) }],
  ]
  for (const [docType, file] of documents) {
    const item = form.locator(`.aid-claim-new__doc--${docType}`)
    await chooseFile(page, item.locator('.image-upload__add'), file)
    await item.locator('.image-upload__tile--done').waitFor()
  }
}
