// The compliance runner is shared with the demo (examples/lib/compliance.ts).
export { nagFindings, findingsUnder, NagFinding, NAG_PACKS } from '../../examples/lib/compliance';
