// How a license's activation count reads everywhere: "2 / 5", "2 / Unlimited".

function unlimited(max: number | null | undefined): max is null | undefined {
  return max === null || max === undefined
}

/** "2 / 5", or "2 / Unlimited" when the license has no activation limit. */
export function activationsLabel(used: number, max: number | null | undefined): string {
  return `${used} / ${unlimited(max) ? 'Unlimited' : max}`
}

/** The same for screen readers: "2 of 5 activations used", "2 activations used, no limit". */
export function activationsDescription(used: number, max: number | null | undefined): string {
  if (unlimited(max)) return `${used} ${used === 1 ? 'activation' : 'activations'} used, no limit`
  return `${used} of ${max} activations used`
}

/** Every slot is taken: the next activation will be refused. */
export function activationsFull(used: number, max: number | null | undefined): boolean {
  return !unlimited(max) && used >= max
}
