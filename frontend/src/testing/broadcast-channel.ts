// An in-memory BroadcastChannel for the unit tests (jsdom has none; Node's would keep the
// worker alive). Channels of one name deliver to each other, never to themselves, like a
// browser's tabs; `new BroadcastChannel(name)` in a test plays another tab.

const registry = new Map<string, Set<FakeBroadcastChannel>>()

export class FakeBroadcastChannel extends EventTarget {
  readonly name: string
  onmessage: ((event: MessageEvent) => void) | null = null
  private closed = false

  constructor(name: string) {
    super()
    this.name = name
    let peers = registry.get(name)
    if (!peers) registry.set(name, (peers = new Set()))
    peers.add(this)
  }

  postMessage(data: unknown): void {
    if (this.closed) throw new DOMException('the channel is closed', 'InvalidStateError')
    const copy = structuredClone(data)
    for (const peer of registry.get(this.name) ?? []) {
      if (peer === this) continue
      queueMicrotask(() => {
        if (peer.closed) return
        const event = new MessageEvent('message', { data: copy })
        peer.onmessage?.(event)
        peer.dispatchEvent(event)
      })
    }
  }

  close(): void {
    this.closed = true
    registry.get(this.name)?.delete(this)
  }
}

/** Messages another tab would receive on `name`, until the returned `close()`. */
export function otherTab<M = unknown>(name: string): { received: M[]; post(message: M): void; close(): void } {
  const channel = new FakeBroadcastChannel(name)
  const received: M[] = []
  channel.onmessage = (event) => received.push(event.data as M)
  return { received, post: (message) => channel.postMessage(message), close: () => channel.close() }
}
