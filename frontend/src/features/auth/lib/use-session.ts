// The hook lives in src/hooks so shared code (useCan) can read the session too.
export { useSession } from '@/hooks/use-session'
