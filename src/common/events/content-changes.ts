import { Global, Injectable, Module } from '@nestjs/common';

export type ContentKind = 'delegations' | 'notices';

/**
 * Tells whoever renders public content (the pages' cache) that delegations or notices
 * changed. Called after the change committed, so a reader never re-caches the old state.
 */
@Injectable()
export class ContentChanges {
  private readonly listeners = new Set<(kind: ContentKind) => void>();

  changed(kind: ContentKind): void {
    for (const listener of this.listeners) listener(kind);
  }

  subscribe(listener: (kind: ContentKind) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

@Global()
@Module({ providers: [ContentChanges], exports: [ContentChanges] })
export class ContentChangesModule {}
