// Coordination between the browser tabs of this origin, for the refresh cookies.
//
// A refresh token is single use: presenting a retired one again ends the whole session (the
// server takes it for a stolen copy). Every tab sends the same HttpOnly cookie, so two tabs
// refreshing at once would present the same token twice. `withCrossTabLock` runs one renewal
// at a time across tabs (Web Locks API), so a second tab's request goes out only after the
// first one's answer has updated the cookie jar; `sessionChannel` lets the tab that renewed
// hand its fresh access token to the others, which then need no request of their own.

interface LockManagerLike {
  request<T>(name: string, options: { mode: 'exclusive' }, callback: () => Promise<T>): Promise<T>
}

function lockManager(): LockManagerLike | null {
  const locks = (globalThis.navigator as { locks?: Partial<LockManagerLike> } | undefined)?.locks
  return typeof locks?.request === 'function' ? (locks as LockManagerLike) : null
}

/**
 * Runs `task` holding the exclusive Web Lock `name`, shared by every tab of this origin:
 * the next holder starts only after `task` settled. Without the Web Locks API (old
 * browsers) the task just runs; the tab still sends one renewal at a time itself.
 */
export function withCrossTabLock<T>(name: string, task: () => Promise<T>): Promise<T> {
  const locks = lockManager()
  if (!locks) return task()
  return locks.request(name, { mode: 'exclusive' }, task)
}

export interface SessionChannel<M> {
  /** Tells the other tabs (never this one). */
  post(message: M): void
  /** Calls `handler` for every message from another tab; returns the unsubscribe. */
  listen(handler: (message: M) => void): () => void
}

/**
 * A BroadcastChannel named `name`, opened on first use; does nothing where the browser has
 * none. Messages are plain data: the other tabs of this origin only.
 */
export function sessionChannel<M>(name: string): SessionChannel<M> {
  let channel: BroadcastChannel | null | undefined
  const handlers = new Set<(message: M) => void>()

  const open = (): BroadcastChannel | null => {
    if (channel !== undefined) return channel
    channel = null
    if (typeof globalThis.BroadcastChannel !== 'function') return channel
    try {
      channel = new globalThis.BroadcastChannel(name)
      channel.onmessage = (event: MessageEvent) => {
        for (const handler of [...handlers]) handler(event.data as M)
      }
    } catch {
      channel = null
    }
    return channel
  }

  return {
    post(message) {
      try {
        open()?.postMessage(message)
      } catch {
        // A closed channel or an uncloneable value: the other tabs refresh on their own.
      }
    },
    listen(handler) {
      open()
      handlers.add(handler)
      return () => {
        handlers.delete(handler)
      }
    },
  }
}
