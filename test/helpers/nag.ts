// The compliance runner is shared with the demo (examples/lib/compliance.ts).
export { nagFindings, findingsUnder, NAG_PACKS } from '../../examples/lib/compliance';
export type { NagFinding } from '../../examples/lib/compliance';
