/** Query keys of the email settings feature. */
export const emailSettingsKeys = {
  all: ['admin', 'settings', 'email'] as const,
}
