import { createHmac } from 'node:crypto'

/** RFC 6238 code (SHA-1, 6 digits, 30 s) for a base32 secret at time step `step`. */
export function totpCode(secret: string, step: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = 0
  let value = 0
  const bytes: number[] = []
  for (const char of secret.replace(/[\s=]/g, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(char)
    bits += 5
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(step))
  const hmac = createHmac('sha1', Buffer.from(bytes)).update(counter).digest()
  const offset = hmac[hmac.length - 1] & 0x0f
  return String((hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0')
}

/** The current 30-second time step. */
export function currentStep(): number {
  return Math.floor(Date.now() / 1000 / 30)
}
