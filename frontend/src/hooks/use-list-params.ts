import { useCallback, useMemo } from 'react'
import { useSearchParams } from 'react-router'
import { nextSort } from '@/lib/format'
import { useDebouncedValue } from './use-debounced-value'

export interface UseListParamsOptions<F extends string> {
  /** The sort the API uses when none is given (e.g. `-created_at`); `sort` falls back to it and it is kept out of the URL. */
  defaultSort?: string
  /** Default 25. */
  defaultPerPage?: number
  /** Largest `per_page` accepted from the URL. Default 100. */
  maxPerPage?: number
  /** The filter keys this list reads, e.g. `['status', 'product_id']`; typed in `filters`. */
  filters?: readonly F[]
  /** How long `query.search` trails `search` (the search box). Default 300 ms; 0 = no delay. */
  searchDebounceMs?: number
}

type ParamValue = string | number | boolean | null | undefined

export interface SetParamsOptions {
  /** Replace the history entry instead of pushing one. Default false. */
  replace?: boolean
  /** Go back to page 1. Default true unless the patch sets `page`. */
  resetPage?: boolean
}

export interface ListParams<F extends string> {
  /** `?search=` as typed, '' when absent: bind the search box to this and `setSearch`. */
  search: string
  /** `?sort=` (`name` or `-name`), else `defaultSort`, else null. */
  sort: string | null
  /** `?page=`, a positive integer, 1 when absent or invalid. */
  page: number
  /** `?per_page=`, 1…maxPerPage, else `defaultPerPage`. */
  perPage: number
  /** The declared filters; undefined when absent. */
  filters: Record<F, string | undefined>
  /**
   * Everything above as API query parameters, empty ones left out:
   * `{ search?, sort?, page, per_page, ...filters }`, with `search` trimmed and debounced
   * (300 ms). Pass it as the openapi-fetch `query` and put it in the query key.
   */
  query: { search?: string; sort?: string; page: number; per_page: number } & Partial<Record<F, string>>
  /** Any raw parameter. */
  get: (key: string) => string | null
  /** Typing in the search box: replaces the history entry, resets the page. */
  setSearch: (value: string) => void
  /** Sets the sort (e.g. from SortableHeader's `onSort`), resets the page. */
  setSort: (value: string | null) => void
  /** `nextSort(sort, column)`: ascending first, then descending. */
  toggleSort: (column: string) => void
  /** Pushes a history entry, so Back returns to the previous page. */
  setPage: (page: number) => void
  setPerPage: (perPage: number) => void
  /** Sets one filter (empty/null removes it), resets the page. */
  setFilter: (key: F, value: ParamValue) => void
  /** Several parameters at once; empty values are removed. */
  setParams: (patch: Record<string, ParamValue>, options?: SetParamsOptions) => void
  /** Drops search, sort, filters and page (keeps nothing). */
  clear: () => void
  /** Whether search or any declared filter is set (for "Clear filters" and empty states). */
  isFiltered: boolean
}

function positiveInt(raw: string | null): number | null {
  if (raw === null || !/^\d+$/.test(raw)) return null
  const n = Number(raw)
  return n >= 1 && Number.isSafeInteger(n) ? n : null
}

/**
 * A list page's state in the URL (`?search=john&sort=-created_at&page=2&status=active`),
 * so it survives reloads and can be bookmarked and shared. Empty values, page 1, the
 * default per-page and the default sort are left out of the URL.
 */
export function useListParams<F extends string = never>(options: UseListParamsOptions<F> = {}): ListParams<F> {
  const { defaultSort, defaultPerPage = 25, maxPerPage = 100, searchDebounceMs = 300 } = options
  const filterKeys = options.filters
  const filterKeysKey = filterKeys?.join('\u0000') ?? ''
  const [searchParams, setSearchParams] = useSearchParams()

  const setParams = useCallback(
    (patch: Record<string, ParamValue>, { replace = false, resetPage }: SetParamsOptions = {}) => {
      setSearchParams(
        (prev) => {
          const next = new URLSearchParams(prev)
          for (const [key, value] of Object.entries(patch)) {
            const text = value === null || value === undefined || value === false ? '' : String(value)
            if (text.trim() === '') next.delete(key)
            else next.set(key, text)
          }
          if (resetPage ?? !('page' in patch)) next.delete('page')
          if (next.get('page') === '1') next.delete('page')
          if (next.get('per_page') === String(defaultPerPage)) next.delete('per_page')
          if (defaultSort && next.get('sort') === defaultSort) next.delete('sort')
          return next
        },
        { replace },
      )
    },
    [setSearchParams, defaultPerPage, defaultSort],
  )

  const search = searchParams.get('search') ?? ''
  const debouncedSearch = useDebouncedValue(search, searchDebounceMs)
  const apiSearch = (searchDebounceMs > 0 ? debouncedSearch : search).trim()

  return useMemo(() => {
    const keys = (filterKeysKey ? filterKeysKey.split('\u0000') : []) as F[]
    const sort = searchParams.get('sort') || defaultSort || null
    const page = positiveInt(searchParams.get('page')) ?? 1
    const perPage = Math.min(positiveInt(searchParams.get('per_page')) ?? defaultPerPage, maxPerPage)
    const filters = {} as Record<F, string | undefined>
    for (const key of keys) filters[key] = searchParams.get(key) || undefined

    const query = { page, per_page: perPage } as ListParams<F>['query']
    if (apiSearch) query.search = apiSearch
    if (sort) query.sort = sort
    for (const key of keys) {
      const value = filters[key]
      if (value !== undefined) (query as Record<string, unknown>)[key] = value
    }

    return {
      search,
      sort,
      page,
      perPage,
      filters,
      query,
      get: (key: string) => searchParams.get(key),
      setSearch: (value: string) => setParams({ search: value }, { replace: true }),
      setSort: (value: string | null) => setParams({ sort: value }),
      toggleSort: (column: string) => setParams({ sort: nextSort(sort, column) }),
      setPage: (next: number) => setParams({ page: Math.max(1, Math.floor(next)) }),
      setPerPage: (next: number) => setParams({ per_page: next }),
      setFilter: (key: F, value: ParamValue) => setParams({ [key]: value }),
      setParams,
      clear: () => setSearchParams(new URLSearchParams()),
      isFiltered: search.trim() !== '' || keys.some((key) => filters[key] !== undefined),
    }
  }, [searchParams, search, apiSearch, setParams, setSearchParams, filterKeysKey, defaultSort, defaultPerPage, maxPerPage])
}
