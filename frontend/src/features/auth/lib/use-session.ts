// The hooks live in src/hooks so shared code (useCan) can read the session too.
export { useRestoredSession, useSession } from '@/hooks/use-session'
