/**
 * What the org, collect and snapshot handlers share besides the ServiceContext: the secret
 * store, the collection registry (locks and cancel switches), how to open the browser for
 * the web flow, and tuning knobs (tests shorten backoffs and lower the Bulk threshold).
 */
import type { SecretStoreProvider } from '../secrets/choose';
import type { RetryPolicy } from '../salesforce/client';
import type { BulkOptions } from '../salesforce/fetch';
import { CollectionRegistry } from './lock';
import type { OpenUrl } from '../salesforce/web-flow';

export interface SalesforceTuning {
  retry?: Partial<RetryPolicy>;
  bulk?: Partial<BulkOptions>;
  bulkThreshold?: number;
  chunkSize?: number;
  /** Minutes the web-server flow waits for the browser. */
  webFlowTimeoutMs?: number;
}

export interface OrgDeps {
  secrets: SecretStoreProvider;
  openUrl: OpenUrl;
  collections: CollectionRegistry;
  tuning: SalesforceTuning;
}
