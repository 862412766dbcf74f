import { useCallback } from 'react'
import { useSearchParams } from 'react-router'

function positiveInt(raw: string | null): number {
  if (raw === null || !/^\d+$/.test(raw)) return 1
  const n = Number(raw)
  return n >= 1 && Number.isSafeInteger(n) ? n : 1
}

/**
 * URL state for one list section of the detail page (several lists share one URL, so each
 * gets its own prefix): `?<prefix>_page=2&<prefix>_sort=-activated_at&<prefix>_status=active`.
 */
export function useSectionParams(prefix: string) {
  const [searchParams, setSearchParams] = useSearchParams()
  const pageKey = `${prefix}_page`

  const set = useCallback(
    (patch: Record<string, string | number | null>, resetPage = true) => {
      setSearchParams(
        (prev) => {
          const next = new URLSearchParams(prev)
          for (const [key, value] of Object.entries(patch)) {
            const full = `${prefix}_${key}`
            if (value === null || value === '' || (key === 'page' && value === 1)) next.delete(full)
            else next.set(full, String(value))
          }
          if (resetPage && !('page' in patch)) next.delete(pageKey)
          return next
        },
        { preventScrollReset: true },
      )
    },
    [setSearchParams, prefix, pageKey],
  )

  return {
    page: positiveInt(searchParams.get(pageKey)),
    get: (key: string) => searchParams.get(`${prefix}_${key}`),
    setPage: (page: number) => set({ page: Math.max(1, Math.floor(page)) }),
    set,
  }
}
