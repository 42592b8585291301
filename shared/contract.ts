// The contract, declared per domain in ./contract/: this file only re-exports it so every import stays one path.
export * from './contract/index.js';
