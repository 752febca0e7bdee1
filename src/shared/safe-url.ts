/**
 * Which URLs may reach members: absolute http(s) URLs to public hosts, with no credentials and
 * nothing that could break out of an HTML attribute. Shared by the input schemas (cover and goods
 * images) and the rich-text sanitiser (links and images in notice bodies), so both refuse the same.
 */

/** Characters that have no business in a URL a member's client renders or follows. */
const unsafeCharacters = /["'<>`\\\s\u0000-\u001f\u007f-\u009f]/

function ipv4Octets(host: string): number[] | null {
  const parts = host.split('.')
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null
  const octets = parts.map(Number)
  return octets.every((o) => o <= 255) ? octets : null
}

function isPrivateIpv4([a, b]: number[]): boolean {
  return (
    a === 0 || a === 10 || a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local, cloud metadata
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    a >= 224 // multicast and reserved
  )
}

/** IPv6 literals (URL keeps their brackets): loopback, unspecified, unique-local, link-local, and IPv4-mapped private ones. */
function isPrivateIpv6(bracketed: string): boolean {
  const host = bracketed.slice(1, -1).toLowerCase()
  if (host === '::' || host === '::1') return true
  if (/^f[cd][0-9a-f]{0,2}:/.test(host) || /^fe[89ab][0-9a-f]?:/.test(host)) return true
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host)
  if (mapped) {
    const high = parseInt(mapped[1], 16)
    const low = parseInt(mapped[2], 16)
    return isPrivateIpv4([high >> 8, high & 255, low >> 8, low & 255])
  }
  return false
}

/** A host name the public internet can resolve, or a public IP literal. */
export function isPublicHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '')
  if (!host) return false
  if (host.startsWith('[')) return !isPrivateIpv6(host)
  const octets = ipv4Octets(host)
  if (octets) return !isPrivateIpv4(octets)
  // Single-label names (intranet hosts) and the reserved local suffixes never reach the internet.
  if (!host.includes('.')) return false
  return !/\.(localhost|local|internal|intranet|lan|home|corp)$/.test(host)
}

export type UrlProtocol = 'http:' | 'https:'

/**
 * The URL in its normalised form when it is safe to hand to members, else null. The raw text is
 * checked before parsing because the parser would quietly percent-encode a quote or a space, and
 * callers that stored the raw text would then return it verbatim.
 */
export function safePublicUrl(raw: string, protocols: readonly UrlProtocol[]): string | null {
  if (unsafeCharacters.test(raw)) return null
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return null
  }
  if (!protocols.includes(url.protocol as UrlProtocol)) return null
  if (url.username || url.password) return null
  if (!isPublicHost(url.hostname)) return null
  return url.href
}

/**
 * The shape of a public file's URL as the file service gives it (server/files/storage.ts,
 * publicFileUrl): `/files/<sha256>.<ext>` on the self-hosted host, a `cloud://` file ID of the
 * public folder in WeChat's cloud storage. Notice bodies show images only from these; the
 * notice's save then checks each one is an uploaded file it may use.
 */
const uploadedImagePatterns = [/^\/files\/[0-9a-f]{64}\.(jpg|png)$/, /^cloud:\/\/[A-Za-z0-9._-]+\/public\/[0-9a-f]{64}\.(jpg|png)$/]

export function isUploadedImageUrl(raw: string): boolean {
  return uploadedImagePatterns.some((pattern) => pattern.test(raw))
}
