import { spawn, type ChildProcess } from 'node:child_process'
import { accessSync, constants, createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startSmtpSink } from './smtp-sink'

/**
 * Starts the real backend (`latchkey serve`) for the end-to-end tests:
 * a fresh SQLite database in a temp dir, a free port on 127.0.0.1, the built SPA from
 * frontend/dist (or LATCHKEY_E2E_DIST, relative to frontend/), and no admin credentials, so the server bootstraps `admin@localhost`
 * with a random password. Its stdout is not a terminal, so it writes the password to
 * `<LATCHKEY_DATA_DIR>/initial-admin-password` (mode 0600) and logs only the email and that
 * path; the email comes from the log line, the password from the file.
 *
 * Mails go over plain SMTP to a sink started here (e2e/smtp-sink.ts), with links built
 * from the server's own address.
 *
 * Hands the tests LATCHKEY_E2E_BASE_URL, LATCHKEY_E2E_ADMIN_EMAIL,
 * LATCHKEY_E2E_ADMIN_PASSWORD and LATCHKEY_E2E_MAIL_DIR (where the sink writes what it
 * receives), and returns the teardown that stops the server and the sink.
 */

const frontendDir = fileURLToPath(new URL('..', import.meta.url))
const STARTUP_TIMEOUT_MS = Number(process.env.LATCHKEY_E2E_STARTUP_TIMEOUT_MS ?? 60_000)
const BOOTSTRAP_MARKER = 'Bootstrap admin created'

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g

class SetupError extends Error {}

function fail(message: string): never {
  throw new SetupError(`\n\n[e2e] ${message}\n`)
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      if (address && typeof address === 'object') {
        const { port } = address
        server.close(() => resolve(port))
      } else {
        server.close(() => reject(new Error('could not pick a free port')))
      }
    })
  })
}

const PASSWORD_FILE = 'initial-admin-password'

/**
 * Finds the bootstrap log line (`Bootstrap admin created: email=…; the password is in <path>
 * (mode 0600): …`), tolerating colours and quotes: the email, and the file that holds the
 * password (`<dataDir>/initial-admin-password` when the line does not name it).
 */
export function parseBootstrapLine(output: string, dataDir: string): { email: string; passwordFile: string } | null {
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.replace(ANSI, '')
    if (!line.includes(BOOTSTRAP_MARKER)) continue
    const unquote = (s: string) => s.replace(/^"(.*)"$/, '$1').replace(/[,;:]$/, '')
    const email = unquote(/email=([^\s;,]+)/.exec(line)?.[1] ?? 'admin@localhost')
    const named = /the password is in (\S+)/.exec(line)?.[1]
    return { email, passwordFile: named ? unquote(named) : path.join(dataDir, PASSWORD_FILE) }
  }
  return null
}

/** The password the server wrote to `file` (the password and a newline), or null while it is not there yet. */
function readPassword(file: string): string | null {
  try {
    const password = readFileSync(file, 'utf8').replace(/\r?\n$/, '')
    return password ? password : null
  } catch {
    return null
  }
}

async function healthy(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) })
    return response.status === 200
  } catch {
    return false
  }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  // LATCHKEY_E2E_DIST lets several people test their own build without sharing dist/.
  const distDir = path.resolve(frontendDir, process.env.LATCHKEY_E2E_DIST ?? 'dist')
  if (!existsSync(path.join(distDir, 'index.html'))) {
    fail(
      `${path.join(distDir, 'index.html')} is missing: run \`npm run build\` in frontend/ first ` +
        '(or `npx vite build --outDir <dir>` and set LATCHKEY_E2E_DIST=<dir>).',
    )
  }

  const bin = path.resolve(frontendDir, process.env.LATCHKEY_BIN ?? '../target/debug/latchkey')
  try {
    accessSync(bin, constants.X_OK)
  } catch {
    fail(
      `the backend binary ${bin} does not exist or is not executable: build it first ` +
        '(`cargo build -p latchkey` at the repo root) or point LATCHKEY_BIN at it.',
    )
  }

  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  if (!existsSync(chromium)) {
    fail(`Chromium not found at ${chromium}: \`apt-get install -y chromium\` or set CHROMIUM_PATH.`)
  }

  const dataDir = mkdtempSync(path.join(tmpdir(), 'latchkey-e2e-'))
  const logPath = path.join(dataDir, 'server.log')
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const mailDir = path.join(dataDir, 'mail')
  const sink = await startSmtpSink(mailDir)

  const env: NodeJS.ProcessEnv = { ...process.env }
  // The test relies on the server bootstrapping its own admin.
  delete env.LATCHKEY_ADMIN_EMAIL
  delete env.LATCHKEY_ADMIN_PASSWORD
  Object.assign(env, {
    LATCHKEY_DATABASE_URL: `sqlite://${path.join(dataDir, 'e2e.db')}`,
    LATCHKEY_DATA_DIR: dataDir,
    LATCHKEY_BIND: `127.0.0.1:${port}`,
    LATCHKEY_STATIC_DIR: distDir,
    LATCHKEY_BCRYPT_COST: '4',
    LATCHKEY_PUBLIC_URL: baseUrl,
    LATCHKEY_SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
    // The delivery worker looks for queued mail this often: mails arrive while a test waits.
    LATCHKEY_EMAIL_POLL_MS: '200',
    RUST_LOG: process.env.LATCHKEY_E2E_RUST_LOG ?? env.RUST_LOG ?? 'info',
    NO_COLOR: '1',
  })

  const log = createWriteStream(logPath)
  let output = ''
  const child = spawn(bin, ['serve'], { cwd: dataDir, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const collect = (chunk: Buffer) => {
    log.write(chunk)
    output += chunk.toString('utf8')
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  let exited: string | null = null
  child.on('exit', (code, signal) => {
    exited = signal ? `signal ${signal}` : `exit code ${code}`
  })
  child.on('error', (error) => {
    exited = `spawn error: ${error.message}`
  })

  const teardown = async () => {
    await stop(child)
    await sink.close()
    log.end()
    if (process.env.LATCHKEY_E2E_KEEP_DATA) {
      console.log(`[e2e] server data and log kept in ${dataDir}`)
    } else {
      rmSync(dataDir, { recursive: true, force: true })
    }
  }

  try {
    const deadline = Date.now() + STARTUP_TIMEOUT_MS
    let bootstrap: { email: string; passwordFile: string } | null = null
    let credentials: { email: string; password: string } | null = null
    let up = false
    while (!(up && credentials)) {
      if (exited) fail(`latchkey serve stopped during start-up (${exited}). Its output:\n${output}`)
      if (Date.now() > deadline) {
        fail(
          `latchkey serve did not become ready within ${STARTUP_TIMEOUT_MS} ms ` +
            `(GET /healthz 200: ${up ? 'yes' : 'no'}; "${BOOTSTRAP_MARKER}: email=…" logged: ` +
            `${bootstrap ? 'yes' : 'no'}; password file ${bootstrap?.passwordFile ?? path.join(dataDir, PASSWORD_FILE)} ` +
            `read: ${credentials ? 'yes' : 'no'}). Its output:\n${output}`,
        )
      }
      bootstrap ??= parseBootstrapLine(output, dataDir)
      if (bootstrap && !credentials) {
        const password = readPassword(bootstrap.passwordFile)
        if (password) credentials = { email: bootstrap.email, password }
      }
      up = up || (await healthy(baseUrl))
      if (!(up && credentials)) await new Promise((r) => setTimeout(r, 200))
    }

    process.env.LATCHKEY_E2E_BASE_URL = baseUrl
    process.env.LATCHKEY_E2E_ADMIN_EMAIL = credentials.email
    process.env.LATCHKEY_E2E_ADMIN_PASSWORD = credentials.password
    process.env.LATCHKEY_E2E_SERVER_LOG = logPath
    process.env.LATCHKEY_E2E_MAIL_DIR = mailDir
    console.log(`[e2e] latchkey serve is up at ${baseUrl} (pid ${child.pid}, log ${logPath})`)
    return teardown
  } catch (error) {
    await teardown()
    throw error
  }
}
