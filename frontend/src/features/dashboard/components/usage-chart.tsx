import { useEffect, useRef, useState } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import { formatNumber } from '@/lib/format'
import { toChartColumns } from '../lib/chart-data'
import type { UsageDay } from '../lib/types'

export interface UsageChartProps {
  usage: UsageDay[]
  /** Height in CSS pixels. */
  height?: number
}

interface Palette {
  text: string
  grid: string
  validations: string
  validationsFill: string
  failed: string
  activations: string
}

// Chosen for contrast on the card background of each theme (WCAG AA for the axis text).
const PALETTES: Record<'light' | 'dark', Palette> = {
  light: {
    text: '#52525b',
    grid: 'rgba(24, 24, 27, 0.08)',
    validations: '#4f46e5',
    validationsFill: 'rgba(79, 70, 229, 0.08)',
    failed: '#dc2626',
    activations: '#059669',
  },
  dark: {
    text: '#a1a1aa',
    grid: 'rgba(255, 255, 255, 0.08)',
    validations: '#a5b4fc',
    validationsFill: 'rgba(165, 180, 252, 0.10)',
    failed: '#f87171',
    activations: '#34d399',
  },
}

// Whole numbers only on the count axes.
const INCREMENTS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1e3, 2e3, 2.5e3, 5e3, 1e4, 2e4, 2.5e4, 5e4, 1e5, 2e5, 2.5e5, 5e5, 1e6, 2e6, 5e6, 1e7]

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 })
const dayLabel = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' })
const fullDay = new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' })

function currentTheme(): 'light' | 'dark' {
  return document.documentElement.classList.contains('dark') ? 'dark' : 'light'
}

/** Follows the theme toggle (the `dark` class on <html>). */
function useThemeClass(): 'light' | 'dark' {
  const [theme, setTheme] = useState(currentTheme)
  useEffect(() => {
    const observer = new MutationObserver(() => setTheme(currentTheme()))
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] })
    return () => observer.disconnect()
  }, [])
  return theme
}

const DAY = 24 * 60 * 60

/**
 * A legend value: the hovered day's, or (cursor elsewhere) the latest day's, so the legend
 * always reads as numbers.
 */
function legendValue(format: (value: number) => string) {
  return (u: uPlot, value: number | null, seriesIdx: number, idx: number | null) => {
    if (idx === null) {
      const column = u.data[seriesIdx]
      const last = column?.[column.length - 1]
      return last === null || last === undefined ? '–' : format(last)
    }
    return value === null ? '–' : format(value)
  }
}

const countValue = legendValue(formatNumber)
const countRange = (_u: uPlot, _min: number, max: number): uPlot.Range.MinMax => [0, Math.max(4, Math.ceil(max * 1.1))]

function options(width: number, height: number, palette: Palette, dense: boolean): uPlot.Options {
  const countAxis = (scale: string, side: 1 | 3, label: string, grid: boolean): uPlot.Axis => ({
    scale,
    side,
    label,
    labelSize: 18,
    labelFont: '500 11px ui-sans-serif, system-ui, sans-serif',
    font: '11px ui-sans-serif, system-ui, sans-serif',
    stroke: palette.text,
    size: 52,
    incrs: INCREMENTS,
    values: (_u, ticks) => ticks.map((v) => compact.format(v)),
    grid: { show: grid, stroke: palette.grid, width: 1 },
    ticks: { show: false },
  })
  return {
    width,
    height,
    // Days are UTC days: label them as such whatever the browser's zone.
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    scales: {
      x: { time: true },
      validations: { range: countRange },
      activations: { range: countRange },
    },
    cursor: { drag: { x: false, y: false }, points: { size: 7 } },
    legend: { show: true, live: true },
    series: [
      { label: 'Day', value: legendValue((ts) => fullDay.format(new Date(ts * 1000))) },
      {
        label: 'Validations',
        scale: 'validations',
        stroke: palette.validations,
        fill: palette.validationsFill,
        width: 2,
        points: { show: !dense, size: 4 },
        value: countValue,
      },
      {
        label: 'Failed validations',
        scale: 'validations',
        stroke: palette.failed,
        width: 1.5,
        dash: [5, 4],
        points: { show: false },
        value: countValue,
      },
      {
        label: 'Activations',
        scale: 'activations',
        stroke: palette.activations,
        width: 2,
        points: { show: !dense, size: 4 },
        value: countValue,
      },
    ],
    axes: [
      {
        stroke: palette.text,
        font: '11px ui-sans-serif, system-ui, sans-serif',
        grid: { show: false },
        ticks: { stroke: palette.grid, width: 1, size: 4 },
        space: 56,
        // Whole days only (the data has one point per UTC day).
        incrs: [DAY, 2 * DAY, 7 * DAY, 14 * DAY, 28 * DAY],
        values: (_u, ticks) => ticks.map((ts) => dayLabel.format(new Date(ts * 1000))),
      },
      countAxis('validations', 3, 'Validations', true),
      countAxis('activations', 1, 'Activations', false),
    ],
  }
}

/**
 * Activations and validations per day (uPlot, canvas). Validations use the left axis,
 * activations the right one (they differ by orders of magnitude). The canvas is hidden from
 * screen readers: the page gives the same numbers as text and as a table.
 */
export default function UsageChart({ usage, height = 280 }: UsageChartProps) {
  const containerRef = useRef<HTMLDivElement>(null)
  const theme = useThemeClass()

  useEffect(() => {
    const container = containerRef.current
    if (!container) return
    const columns = toChartColumns(usage)
    const data: uPlot.AlignedData = [columns.xs, columns.validations, columns.failedValidations, columns.activations]
    const width = Math.max(240, Math.floor(container.clientWidth))
    const chart = new uPlot(options(width, height, PALETTES[theme], columns.xs.length > 45), data, container)
    const resize = new ResizeObserver(() => {
      const next = Math.max(240, Math.floor(container.clientWidth))
      if (next !== chart.width) chart.setSize({ width: next, height })
    })
    resize.observe(container)
    return () => {
      resize.disconnect()
      chart.destroy()
    }
  }, [usage, height, theme])

  return <div ref={containerRef} aria-hidden="true" className="usage-chart w-full text-xs text-muted-foreground" data-testid="usage-chart" />
}
