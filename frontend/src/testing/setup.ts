import '@testing-library/jest-dom/vitest'
import { cleanup } from '@testing-library/react'
import { afterEach } from 'vitest'
import { toast } from '@/lib/toast'

afterEach(() => {
  cleanup()
  localStorage.clear()
  toast.clear()
})
