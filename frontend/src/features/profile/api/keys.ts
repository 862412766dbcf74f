/** The signed-in admin; the same key the shell's `useMe` uses, so both stay in step. */
export const profileKeys = {
  me: ['admin', 'me'] as const,
}
