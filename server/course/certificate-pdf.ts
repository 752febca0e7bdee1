import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import PDFDocument from 'pdfkit'
import qrcode from 'qrcode-generator'
import type { CompletedVia } from '../../src/shared/api/course-common'
import { certificateDay, chineseDate, groupedCode } from '../../src/shared/course/certificate-text'
import { completedViaNames } from '../../src/shared/course/names'

/**
 * One weight only: the title is drawn bold by stroking the regular outlines, so the cloud function
 * carries one 15 MB TTF instead of two (scripts/build-functions.ts copies it).
 */
export const certificateFontFile = 'NotoSerifSC_400Regular.ttf'

/**
 * Beside a bundled cloud function the build copies the font into fonts/; there import.meta.url
 * names migrations/index.js beside the bundle (scripts/bundle-migrations.ts), so ../fonts is that
 * copy. Everywhere else (tests, the host) the font package in node_modules.
 */
function fontPath(): string {
  const besideBundle = join(dirname(fileURLToPath(import.meta.url)), '..', 'fonts', certificateFontFile)
  if (existsSync(besideBundle)) return besideBundle
  return createRequire(import.meta.url).resolve(`@expo-google-fonts/noto-serif-sc/400Regular/${certificateFontFile}`)
}

let font: Buffer | null = null
/** Read once per process: a certificate is drawn once per member and course, but a host draws many. */
function fontBytes(): Buffer {
  font ??= readFileSync(fontPath())
  return font
}

export interface CertificateFacts {
  code: string
  memberName: string
  courseTitle: string
  issuerName: string
  via: CompletedVia
  issuedAt: Date
  /** The Shanghai day of issue, YYYY-MM-DD. */
  issuedDay: string
  /** What the QR code holds: the public verify page for this code. */
  verifyUrl: string
}

const red = '#a8191e'
const gold = '#b08a3e'
const ink = '#2b2118'
const paper = '#fffaf0'

/** A five-pointed star centred on (x, y). */
function star(doc: PDFKit.PDFDocument, x: number, y: number, outer: number): void {
  const inner = outer * 0.382
  const points: [number, number][] = []
  for (let i = 0; i < 10; i += 1) {
    const radius = i % 2 ? inner : outer
    const angle = -Math.PI / 2 + (i * Math.PI) / 5
    points.push([x + radius * Math.cos(angle), y + radius * Math.sin(angle)])
  }
  doc.polygon(...points).fill(red)
}

/**
 * A round red seal in the style of a union's stamp, drawn with vector shapes: a double ring, the
 * issuer's name along the upper arc, a star, and 结业证书专用 below it.
 */
function seal(doc: PDFKit.PDFDocument, x: number, y: number, issuer: string): void {
  const radius = 58
  doc.save().opacity(0.88)
  doc.lineWidth(3.6).circle(x, y, radius).stroke(red)
  doc.lineWidth(0.9).circle(x, y, radius - 5).stroke(red)
  star(doc, x, y, 17)
  const chars = Array.from(issuer).slice(0, 16)
  const size = chars.length > 12 ? 10 : 12.5
  // The name runs over the upper arc, 220° wide at most, each character upright to the centre.
  const span = Math.min(220, chars.length * (size + 3.2) * 1.35)
  doc.font('serif').fontSize(size).fillColor(red)
  chars.forEach((char, i) => {
    const angle = chars.length === 1 ? 0 : -span / 2 + (span * i) / (chars.length - 1)
    const radians = ((angle - 90) * Math.PI) / 180
    const cx = x + (radius - 17) * Math.cos(radians)
    const cy = y + (radius - 17) * Math.sin(radians)
    doc.save().rotate(angle, { origin: [cx, cy] })
    doc.text(char, cx - size / 2, cy - size * 0.62, { width: size, align: 'center', lineBreak: false })
    doc.restore()
  })
  doc.fontSize(9).text('结业证书专用', x - 40, y + 24, { width: 80, align: 'center', characterSpacing: 1, lineBreak: false })
  doc.restore()
}

/** The QR code as squares, so it stays sharp at any zoom and in print. */
function qr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const code = qrcode(0, 'M')
  code.addData(text, 'Byte')
  code.make()
  const count = code.getModuleCount()
  const cell = size / count
  doc.save().rect(x - 4, y - 4, size + 8, size + 8).fill('#ffffff')
  for (let row = 0; row < count; row += 1) {
    for (let col = 0; col < count; col += 1) {
      if (code.isDark(row, col)) doc.rect(x + col * cell, y + row * cell, cell + 0.02, cell + 0.02)
    }
  }
  doc.fill(ink).restore()
}

/** A small diamond, the corners' and the divider's ornament. */
function diamond(doc: PDFKit.PDFDocument, x: number, y: number, r: number, color: string): void {
  doc.polygon([x, y - r], [x + r, y], [x, y + r], [x - r, y]).fill(color)
}

function frame(doc: PDFKit.PDFDocument, width: number, height: number): void {
  doc.rect(0, 0, width, height).fill(paper)
  doc.lineWidth(7).rect(18, 18, width - 36, height - 36).stroke(red)
  doc.lineWidth(1.6).rect(30, 30, width - 60, height - 60).stroke(gold)
  doc.lineWidth(0.6).rect(35, 35, width - 70, height - 70).stroke(gold)
  for (const [cx, cy, sx, sy] of [
    [35, 35, 1, 1],
    [width - 35, 35, -1, 1],
    [35, height - 35, 1, -1],
    [width - 35, height - 35, -1, -1],
  ]) {
    // An L-shaped bracket in each corner with a diamond at its knee.
    doc.lineWidth(2).moveTo(cx + sx * 10, cy + sy * 46).lineTo(cx + sx * 10, cy + sy * 10).lineTo(cx + sx * 46, cy + sy * 10).stroke(gold)
    diamond(doc, cx + sx * 10, cy + sy * 10, 5, red)
  }
}

/**
 * The certificate as an A4 landscape PDF: a red and gold frame, 结业证书 in Noto Serif SC, the
 * member, the course, how and when it was completed, the issuing union with its seal, the code and
 * a QR code of the public verify page. Text is embedded as a subset of the font's glyphs (pdfkit's
 * default), so a certificate weighs tens of kilobytes, not the font's 15 MB.
 */
export async function drawCertificate(facts: CertificateFacts): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: `结业证书：${facts.courseTitle}`,
      Author: facts.issuerName,
      Subject: `${facts.memberName}完成课程《${facts.courseTitle}》，证书编号 ${facts.code}`,
      Keywords: facts.code,
      Creator: '嘉兴网上职工之家 · 职工课堂',
      CreationDate: facts.issuedAt,
    },
  })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  doc.registerFont('serif', fontBytes())
  const { width, height } = doc.page
  frame(doc, width, height)

  doc.font('serif').fillColor(gold).fontSize(13).text('嘉兴网上职工之家 · 职工课堂', 0, 62, { width, align: 'center', characterSpacing: 3 })
  // Bold by stroking the regular outlines in the fill colour.
  doc.fillColor(red).strokeColor(red).lineWidth(0.9).fontSize(50)
  doc.text('结业证书', 0, 86, { width, align: 'center', characterSpacing: 26, fill: true, stroke: true })
  doc.fillColor(gold).fontSize(10.5).text('CERTIFICATE OF COMPLETION', 0, 156, { width, align: 'center', characterSpacing: 4 })
  doc.lineWidth(0.8).moveTo(width / 2 - 150, 180).lineTo(width / 2 - 12, 180).moveTo(width / 2 + 12, 180).lineTo(width / 2 + 150, 180).stroke(gold)
  diamond(doc, width / 2, 180, 5, red)

  const left = 110
  const textWidth = width - 2 * left
  doc.fillColor(ink).fontSize(22).text(`${facts.memberName} 同志：`, left, 214, { width: textWidth })
  doc.fontSize(17).text(
    `于 ${certificateDay(facts.issuedDay)} 通过${completedViaNames[facts.via]}，完成职工课堂课程《${facts.courseTitle}》的全部学习内容，经考核合格，特发此证。`,
    left,
    262,
    { width: textWidth, indent: 34, lineGap: 12, align: 'justify' },
  )

  const issuerX = width - 300
  doc.fontSize(16).text(facts.issuerName, issuerX, 404, { width: 220, align: 'center' })
  doc.fontSize(13).text(chineseDate(facts.issuedDay), issuerX, 432, { width: 220, align: 'center' })
  seal(doc, issuerX + 110, 420, facts.issuerName)

  const qrSize = 78
  const qrY = height - 70 - qrSize
  qr(doc, facts.verifyUrl, 78, qrY, qrSize)
  doc.font('serif').fillColor(ink).fontSize(12).text(`证书编号：${groupedCode(facts.code)}`, 78 + qrSize + 16, qrY + 12, { lineBreak: false })
  doc.fillColor('#6b5d4f').fontSize(9.5).text('扫描二维码，或在“证书查验”页输入编号，查验证书真伪', 78 + qrSize + 16, qrY + 36, { lineBreak: false })
  doc.fontSize(8).text(facts.verifyUrl, 78 + qrSize + 16, qrY + 56, { width: 330, lineBreak: false, ellipsis: true })

  doc.end()
  return finished
}
