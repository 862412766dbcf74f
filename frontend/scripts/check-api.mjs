#!/usr/bin/env node
// Fails when src/lib/api/schema.d.ts is not what openapi-typescript generates from
// ../openapi/openapi.json (i.e. someone changed the API and forgot `npm run gen:api`,
// or edited the generated file by hand).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const spec = resolve(root, '../openapi/openapi.json')
const committed = resolve(root, 'src/lib/api/schema.d.ts')
const bin = resolve(root, 'node_modules/.bin/openapi-typescript')

function fail(message) {
  console.error(`check:api: ${message}`)
  process.exit(1)
}

if (!existsSync(spec)) fail(`OpenAPI spec not found at ${spec}`)
if (!existsSync(committed)) fail(`${committed} is missing: run \`npm run gen:api\``)
if (!existsSync(bin)) fail('openapi-typescript is not installed: run `npm ci`')

const dir = mkdtempSync(join(tmpdir(), 'latchkey-check-api-'))
try {
  const fresh = join(dir, 'schema.d.ts')
  const run = spawnSync(bin, [spec, '-o', fresh], { cwd: root, encoding: 'utf8' })
  if (run.status !== 0) {
    process.stderr.write(run.stdout ?? '')
    process.stderr.write(run.stderr ?? '')
    fail('openapi-typescript failed (see above)')
  }
  const want = readFileSync(fresh, 'utf8')
  const have = readFileSync(committed, 'utf8')
  if (want !== have) {
    const a = have.split('\n')
    const b = want.split('\n')
    let line = 0
    while (line < a.length && line < b.length && a[line] === b[line]) line++
    console.error(
      `check:api: src/lib/api/schema.d.ts is out of date with ../openapi/openapi.json ` +
        `(first difference at line ${line + 1}).\n` +
        `  committed: ${JSON.stringify(a[line] ?? '<end of file>')}\n` +
        `  generated: ${JSON.stringify(b[line] ?? '<end of file>')}\n` +
        'Run `npm run gen:api` in frontend/ and commit the result.',
    )
    process.exit(1)
  }
  console.log('check:api: src/lib/api/schema.d.ts matches ../openapi/openapi.json')
} finally {
  rmSync(dir, { recursive: true, force: true })
}
