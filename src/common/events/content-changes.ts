import { Global, Injectable, Module } from '@nestjs/common';

/**
 * Tells whoever renders public content (a page cache) that some of it changed, without
 * either side knowing the other. Called after the change committed, so a reader never
 * re-caches the old state.
 */
@Injectable()
export class ContentChanges {
  private readonly listeners = new Set<() => void>();

  changed(): void {
    for (const listener of this.listeners) listener();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

@Global()
@Module({ providers: [ContentChanges], exports: [ContentChanges] })
export class ContentChangesModule {}
