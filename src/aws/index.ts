export * from './store';
export * from './collect';
export * from './coverage';
export * from './outputs';
export * from './cost';
export { TokenBucket, Semaphore, mapLimit, SDK_RETRY } from './throttle';
