// The activation keys are shared (`@/api/activations/keys`), with the deactivation several features make.
export { activationKeys } from '@/api/activations/keys'
