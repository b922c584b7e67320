// The version grammar is an ElastiCache fact: it lives in src/spec/versions.ts.
export { compareVersions, isAtLeast } from '../spec/versions';
