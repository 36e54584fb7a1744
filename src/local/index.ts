export { startEmbeddedStore, ensureTable, type EmbeddedStore, type EmbeddedStoreOptions } from './embedded-dynamo';
export { MemoryNotifier } from './notifier';
export { seededRandom, type Random } from './random';
export { replayScenario, type ReplayOptions } from './replay-run';
export { listen, type RunningServer } from './server';
export * from './scenario';
export { simulateShop, demoScenario, shippedSuite } from './simulator';
