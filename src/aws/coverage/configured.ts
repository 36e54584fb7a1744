/**
 * The catalog of the coverage in force: the one stored through the API (`PUT /coverage`, config
 * document "coverage") when there is one, else the deployed configuration. Rebuilt when the
 * stored coverage changes, so an update takes effect at the next listing.
 */
import { CoverageSchema, type ConfigStore, type Coverage, type Resource, type ResourceCatalog } from '../../core';
import { catalogFor, type CoverageClients } from './factory';

export class ConfiguredCatalog implements ResourceCatalog {
  private current?: { key: string; catalog: ResourceCatalog };

  constructor(
    private readonly clients: CoverageClients,
    private readonly config: ConfigStore,
    private readonly fallback: Coverage,
    private readonly options: { onInvalid?: (reason: string) => void } = {},
  ) {}

  /** The coverage to list: the stored one if valid, else the deployed default. */
  async coverage(): Promise<Coverage> {
    const stored = await this.config.getConfig('coverage');
    if (!stored) return this.fallback;
    const parsed = CoverageSchema.safeParse(stored.value);
    if (parsed.success) return parsed.data;
    this.options.onInvalid?.(`stored coverage is invalid (${parsed.error.issues[0]?.message ?? 'unknown'}); using the deployed coverage`);
    return this.fallback;
  }

  async list(): Promise<Resource[]> {
    const coverage = await this.coverage();
    const key = JSON.stringify(coverage);
    if (this.current?.key !== key) this.current = { key, catalog: catalogFor(this.clients, coverage) };
    return this.current.catalog.list();
  }
}
