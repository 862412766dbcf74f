import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Socket } from 'node:net'
import path from 'node:path'

/**
 * A small real SMTP server for the end-to-end tests: the backend delivers its mails here
 * over plain SMTP (`LATCHKEY_SMTP_URL=smtp://127.0.0.1:<port>`), and each accepted message
 * is written to `<dir>/<n>.json` ({from, to, data}) for the tests, which run in other
 * processes, to read.
 */

export interface SmtpSink {
  port: number
  dir: string
  close(): Promise<void>
}

export interface ReceivedMail {
  from: string
  /** Envelope recipients. */
  to: string[]
  /** The raw message (headers and body, dot-unstuffed). */
  data: string
}

export async function startSmtpSink(dir: string): Promise<SmtpSink> {
  mkdirSync(dir, { recursive: true })
  let count = 0
  const sockets = new Set<Socket>()

  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => socket.destroy())
    socket.setEncoding('utf8')
    let buffer = ''
    let inData = false
    let from = ''
    let to: string[] = []
    let lines: string[] = []
    const reply = (line: string) => socket.write(`${line}\r\n`)

    reply('220 latchkey-e2e ESMTP sink')
    socket.on('data', (chunk: string) => {
      buffer += chunk
      let end: number
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        if (inData) {
          if (line === '.') {
            inData = false
            count += 1
            const mail: ReceivedMail = { from, to, data: lines.join('\r\n') }
            writeFileSync(path.join(dir, `${String(count).padStart(5, '0')}.json`), JSON.stringify(mail))
            from = ''
            to = []
            lines = []
            reply(`250 2.0.0 queued as ${count}`)
          } else {
            lines.push(line.startsWith('..') ? line.slice(1) : line)
          }
          continue
        }
        const verb = line.slice(0, 4).toUpperCase()
        if (verb === 'EHLO') {
          reply('250-latchkey-e2e')
          reply('250-8BITMIME')
          reply('250 SMTPUTF8')
        } else if (verb === 'HELO') {
          reply('250 latchkey-e2e')
        } else if (verb === 'MAIL') {
          from = /<([^>]*)>/.exec(line)?.[1] ?? ''
          to = []
          reply('250 2.1.0 OK')
        } else if (verb === 'RCPT') {
          to.push(/<([^>]*)>/.exec(line)?.[1] ?? '')
          reply('250 2.1.5 OK')
        } else if (verb === 'DATA') {
          inData = true
          lines = []
          reply('354 End data with <CR><LF>.<CR><LF>')
        } else if (verb === 'RSET') {
          from = ''
          to = []
          reply('250 2.0.0 OK')
        } else if (verb === 'NOOP') {
          reply('250 2.0.0 OK')
        } else if (verb === 'QUIT') {
          reply('221 2.0.0 Bye')
          socket.end()
        } else {
          reply('502 5.5.2 Command not implemented')
        }
      }
    })
  })

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      if (address && typeof address === 'object') resolve(address.port)
      else reject(new Error('the SMTP sink has no port'))
    })
  })

  return {
    port,
    dir,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

/** Every message the sink has accepted so far, oldest first. */
export function receivedMails(dir: string): ReceivedMail[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as ReceivedMail)
}

interface MimePart {
  headers: Map<string, string>
  body: string
}

function splitHeaders(raw: string): MimePart {
  const at = raw.indexOf('\r\n\r\n')
  const head = at >= 0 ? raw.slice(0, at) : raw
  const body = at >= 0 ? raw.slice(at + 4) : ''
  const headers = new Map<string, string>()
  // Folded header lines continue with whitespace.
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':')
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
  }
  return { headers, body }
}

function decodeBody(part: MimePart): string {
  const encoding = (part.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase()
  if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8')
  if (encoding === 'quoted-printable') {
    const bytes = part.body
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    return Buffer.from(bytes, 'latin1').toString('utf8')
  }
  return part.body
}

/** The decoded text/plain part of a message (the first one, however deeply nested). */
function plainText(part: MimePart): string | null {
  const type = part.headers.get('content-type') ?? 'text/plain'
  if (/^multipart\//i.test(type)) {
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1]
    if (!boundary) return null
    for (const chunk of part.body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith('--')) break
      const text = plainText(splitHeaders(chunk.replace(/^\r\n/, '')))
      if (text !== null) return text
    }
    return null
  }
  return /^text\/plain/i.test(type) ? decodeBody(part) : null
}

/** A received mail read for a test: subject, recipients and the plain-text body. */
export interface Mail {
  to: string[]
  subject: string
  text: string
}

/** `=?utf-8?b?…?=` / `=?utf-8?q?…?=` words of a header, decoded. */
function decodeWords(header: string): string {
  return header.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, kind: string, text: string) =>
    kind.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : decodeBody({ headers: new Map([['content-transfer-encoding', 'quoted-printable']]), body: text.replace(/_/g, ' ') }),
  )
}

/** Decodes one received message. */
export function readMail(mail: ReceivedMail): Mail {
  const message = splitHeaders(mail.data)
  return { to: mail.to, subject: decodeWords(message.headers.get('subject') ?? ''), text: plainText(message) ?? '' }
}
