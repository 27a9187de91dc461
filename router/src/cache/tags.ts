import type { Logger } from '@clmb/common';
import type { Redis } from 'ioredis';
import type { RouterMetrics } from '../metrics';

/**
 * Invalidation by what changed (docs/caching.md): every cache entry carries the tags of what it
 * holds (`Gym:<id>`, `Route:<id>`, a type's own tag for its lists) and the stamp of the newest
 * change the router knew of when its reads began. A write's declared tags move to a new version,
 * drawn from one ever-growing sequence; an entry holding a tag whose version is past its stamp is
 * stale, a miss. Every replica learns the new versions before serving again.
 */
export interface TagVersions {
  /** The newest change this router knows of: the stamp of entries whose reads begin now. */
  stamp(): number;
  /** Whether none of `tags` changed after `stamp`. */
  fresh(tags: Iterable<string>, stamp: number): boolean;
  /** Moves `tags` to a new version; resolves once this router serves no entry holding the old. */
  bump(tags: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * The versions this router knows, each kept as long as an entry stamped before it may live: after
 * `keepMs` (the longest time to live) every such entry has expired, and an absent tag is fresh.
 */
class VersionMap {
  private newest = 0;
  private readonly versions = new Map<string, number>();
  private readonly order: { tag: string; version: number; at: number }[] = [];

  constructor(private readonly keepMs: number) {}

  stamp = () => this.newest;

  fresh(tags: Iterable<string>, stamp: number): boolean {
    if (this.versions.size === 0) return true;
    for (const tag of tags) if ((this.versions.get(tag) ?? 0) > stamp) return false;
    return true;
  }

  /** Only forward: a reply and another replica's announcement may arrive in either order. */
  adopt(version: number, tags: readonly string[]): void {
    const now = Date.now();
    while (this.order.length > 0 && (this.order[0]?.at ?? now) < now - this.keepMs) {
      const old = this.order.shift();
      if (old && this.versions.get(old.tag) === old.version) this.versions.delete(old.tag);
    }
    for (const tag of tags) {
      if ((this.versions.get(tag) ?? 0) >= version) continue;
      this.versions.set(tag, version);
      this.order.push({ tag, version, at: now });
    }
    this.newest = Math.max(this.newest, version);
  }
}

/** One router process on its own. */
export function localTagVersions(keepMs: number, metrics: RouterMetrics): TagVersions {
  const map = new VersionMap(keepMs);
  return {
    stamp: map.stamp,
    fresh: (tags, stamp) => map.fresh(tags, stamp),
    bump: async (tags) => {
      map.adopt(map.stamp() + 1, tags);
      metrics.tagInvalidations.inc(tags.length);
    },
    close: async () => {},
  };
}

/**
 * Shared by every replica through Redis: the sequence is a counter (INCR), and each write's new
 * versions are announced on a pub/sub channel. A replica whose subscriber was away may have missed
 * announcements: it calls `missed` (a new cache generation) rather than serve what they dropped.
 */
export function redisTagVersions(redis: Redis, key: string, keepMs: number, missed: () => Promise<void>, logger: Logger, metrics: RouterMetrics): TagVersions {
  const map = new VersionMap(keepMs);
  const subscriber = redis.duplicate();
  let listening = false;
  subscriber.on('message', (_channel: string, message: string) => {
    const { version, tags } = JSON.parse(message) as { version: number; tags: string[] };
    map.adopt(version, tags);
    // Each replica's own announcements come back here too: counted once.
    metrics.tagInvalidations.inc(tags.length);
  });
  subscriber.on('ready', () => {
    subscriber
      .subscribe(key)
      .then(() => redis.get(key))
      .then(async (value) => {
        const newest = Number(value ?? 0);
        // The first time, every entry of an earlier generation is unreachable anyway (generation.ts).
        if (listening && newest > map.stamp()) await missed();
        listening = true;
        map.adopt(newest, []);
      })
      .catch(() => {});
  });
  subscriber.on('error', () => {});
  return {
    stamp: map.stamp,
    fresh: (tags, stamp) => map.fresh(tags, stamp),
    bump: async (tags) => {
      try {
        const version = await redis.incr(key);
        map.adopt(version, tags);
        await redis.publish(key, JSON.stringify({ version, tags }));
      } catch (error) {
        metrics.storeErrors.inc();
        // During an outage the caches are off, and a new generation starts on reconnection (generation.ts).
        logger.warn({ err: error }, 'could not announce a cache invalidation in Redis');
      }
    },
    close: async () => {
      subscriber.disconnect();
    },
  };
}
