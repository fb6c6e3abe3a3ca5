/**
 * Options and results of the ArloClient methods (arlo-client.ts).
 */
import type { CollectionPage } from './collections';
import type { ArloEntity } from './entities';
import type { PlatformEventPage } from './platform-events';

export interface RequestOptions {
  /** Cancels the request, e.g. `Context.current().cancellationSignal` in an activity. */
  readonly signal?: AbortSignal;
}

export interface ExpandOptions extends RequestOptions {
  /** Link titles to expand inline, e.g. `['Employment']`. Use the same on GET and PATCH. */
  readonly expand?: readonly string[];
}

export interface ListPageOptions extends ExpandOptions {
  /** OData-like filter (api-notes.md), e.g. from bulk-query.ts. */
  readonly filter?: string;
  /** e.g. `LastModifiedDateTime ASC,ContactID ASC`. */
  readonly orderby?: string;
  readonly skip?: number;
  /** 1..250. */
  readonly top?: number;
}

export type PlatformEventListOptions = Omit<ListPageOptions, 'expand'>;

export interface ResourceResult {
  readonly entity: ArloEntity;
  readonly xml: string;
}

export interface CreatedResource {
  /** The Arlo-assigned ID (from the body, else from Location). */
  readonly id: string;
  /** The new record's href, when Arlo sent a Location. */
  readonly location?: string;
  /** The created record, when the 201 carried it (Arlo's does). */
  readonly entity?: ArloEntity;
  readonly xml: string;
}

export type CollectionPageResult = CollectionPage & { readonly xml: string };
export type PlatformEventPageResult = PlatformEventPage & { readonly xml: string };
