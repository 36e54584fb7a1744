export { createApi, type ApiDeps } from './app';
export { toHttpError } from './errors';
