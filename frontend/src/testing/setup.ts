import '@testing-library/jest-dom/vitest'
import { cleanup } from '@testing-library/react'
import { afterEach, beforeEach } from 'vitest'
import { resetPortalSession, setPortalRestoreState } from '@/lib/portal-session'
import { resetSession, setRestoreState } from '@/lib/session'
import { toast } from '@/lib/toast'
import { FakeBroadcastChannel } from './broadcast-channel'

// Tabs talk over BroadcastChannel; the tests get an in-memory one (see broadcast-channel.ts).
globalThis.BroadcastChannel = FakeBroadcastChannel as unknown as typeof BroadcastChannel

beforeEach(() => {
  // Each test starts signed out, as a page load whose refresh cookie renewed nothing; tests
  // of that first renewal call `freshPageLoad()` (testing/utils).
  resetSession()
  setRestoreState('done')
  resetPortalSession()
  setPortalRestoreState('done')
})

afterEach(() => {
  cleanup()
  localStorage.clear()
  sessionStorage.clear()
  toast.clear()
})
