export * from './workload';
export * from './recommendation';
export * from './sizing';
export * from './preset';
