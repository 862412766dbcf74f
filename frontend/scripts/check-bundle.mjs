#!/usr/bin/env node
// Fails when the JavaScript a browser must load before the first screen (the entry
// script and the chunks index.html preloads) is over the budget, gzipped. Pages are
// code-split routes, so this is what every visitor pays; run after `npm run build`.
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const BUDGET_BYTES = 250 * 1000
const dist = resolve(dirname(fileURLToPath(import.meta.url)), '..', process.argv[2] ?? 'dist')

let html
try {
  html = readFileSync(join(dist, 'index.html'), 'utf8')
} catch {
  console.error(`check:bundle: ${join(dist, 'index.html')} is missing: run \`npm run build\` first`)
  process.exit(1)
}

const initial = new Set()
for (const match of html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)) initial.add(match[1])
for (const match of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)) initial.add(match[1])
if (initial.size === 0) {
  console.error('check:bundle: no script found in index.html')
  process.exit(1)
}

let total = 0
for (const src of initial) {
  const bytes = readFileSync(join(dist, src.replace(/^\//, '')))
  const gzipped = gzipSync(bytes, { level: 9 }).length
  total += gzipped
  console.log(`  ${src}: ${(bytes.length / 1000).toFixed(1)} kB, ${(gzipped / 1000).toFixed(1)} kB gzipped`)
}
const verdict = total <= BUDGET_BYTES ? 'within' : 'OVER'
console.log(`check:bundle: initial JavaScript ${(total / 1000).toFixed(1)} kB gzipped, ${verdict} the ${BUDGET_BYTES / 1000} kB budget`)
if (total > BUDGET_BYTES) process.exit(1)
