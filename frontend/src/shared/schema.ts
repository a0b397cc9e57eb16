import type { components } from './api-schema';

/**
 * The API's types, generated at build time (`npm run types`) from docs/openapi.yml, the OpenAPI
 * document micronaut-openapi writes from the controllers (OpenApiContractTest keeps the two equal).
 * Each feature's api.ts names the ones it uses: `export type Group = Schemas['GroupView']`.
 */
export type Schemas = components['schemas'];

/** A page of a search (groups, actions): the same shape for both lists. */
export type Page<T> = { items: T[]; page: number; size: number; total: number; totalCapped: boolean };
