/**
 * Makes src/favicon.ico from src/favicon.svg: 16, 32 and 48 px PNGs drawn by Chromium, in an ICO
 * container. Browsers with the `<link rel="icon">` take the SVG; tools, bookmarks and older
 * browsers still ask for /favicon.ico. Run `npx tsx scripts/make-favicon-ico.ts` after changing the SVG.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { launchBrowser } from '../test/support/browser-launch'

const sizes = [16, 32, 48]
const svg = readFileSync('src/favicon.svg', 'utf8')
const browser = await launchBrowser()
const images: Buffer[] = []
try {
  for (const size of sizes) {
    const page = await browser.newPage({ viewport: { width: size, height: size } })
    await page.setContent(`<body style="margin:0">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body>`)
    images.push(await page.screenshot({ omitBackground: true, type: 'png' }))
    await page.close()
  }
} finally {
  await browser.close()
}

// ICONDIR (6 bytes), one ICONDIRENTRY (16 bytes) per image, then the PNGs as they are.
const header = Buffer.alloc(6)
header.writeUInt16LE(1, 2)
header.writeUInt16LE(images.length, 4)
let offset = header.length + 16 * images.length
const entries = images.map((png, i) => {
  const entry = Buffer.alloc(16)
  entry.writeUInt8(sizes[i], 0)
  entry.writeUInt8(sizes[i], 1)
  entry.writeUInt16LE(1, 4)
  entry.writeUInt16LE(32, 6)
  entry.writeUInt32LE(png.length, 8)
  entry.writeUInt32LE(offset, 12)
  offset += png.length
  return entry
})
writeFileSync('src/favicon.ico', Buffer.concat([header, ...entries, ...images]))
console.log(`src/favicon.ico：${offset} 字节`)
