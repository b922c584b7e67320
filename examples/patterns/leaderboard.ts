import { CacheClient } from './client';

/** One entry of the leaderboard. */
export interface Standing {
  readonly player: string;
  readonly score: number;
  readonly rank: number; // 1-based
}

/** Leaderboard on a sorted set: scores, top N, a player's rank, and the players around them. */
export class Leaderboard {
  constructor(private readonly cache: CacheClient, private readonly name: string) {}

  private get key(): string {
    return `app:leaderboard:${this.name}`;
  }

  public async setScore(player: string, score: number): Promise<void> {
    await this.cache.zadd(this.key, score, player);
  }

  public async top(n: number): Promise<Standing[]> {
    return this.range(0, n - 1);
  }

  /** 1-based rank, or undefined for an unknown player. */
  public async rank(player: string): Promise<number | undefined> {
    const rank = await this.cache.zrevrank(this.key, player);
    return rank === null ? undefined : rank + 1;
  }

  /** The player and up to `radius` players above and below. */
  public async around(player: string, radius: number): Promise<Standing[]> {
    const rank = await this.cache.zrevrank(this.key, player);
    if (rank === null) return [];
    return this.range(Math.max(0, rank - radius), rank + radius);
  }

  private async range(start: number, stop: number): Promise<Standing[]> {
    const flat = await this.cache.zrevrange(this.key, start, stop, 'WITHSCORES');
    const standings: Standing[] = [];
    for (let i = 0; i < flat.length; i += 2) standings.push({ player: flat[i], score: Number(flat[i + 1]), rank: start + i / 2 + 1 });
    return standings;
  }
}
