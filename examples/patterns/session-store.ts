import { CacheClient } from './client';

/** A web session as the seed stores it: a hash with an expiry. */
export interface Session {
  readonly userId: string;
  readonly email: string;
  readonly cart: string[];
  readonly loginTime: number;
}

/** Session store: one hash per session, refreshed expiry on every touch (sliding expiry). */
export class SessionStore {
  constructor(private readonly cache: CacheClient, private readonly ttlSeconds = 3600) {}

  public async save(sessionId: string, session: Session): Promise<void> {
    const key = `app:session:${sessionId}`;
    await this.cache.multi()
      .hset(key, { userId: session.userId, email: session.email, cart: JSON.stringify(session.cart), loginTime: String(session.loginTime) })
      .expire(key, this.ttlSeconds)
      .exec();
  }

  public async load(sessionId: string): Promise<Session | undefined> {
    const key = `app:session:${sessionId}`;
    const data = await this.cache.hgetall(key);
    if (!data.userId) return undefined;
    await this.cache.expire(key, this.ttlSeconds);
    return { userId: data.userId, email: data.email, cart: JSON.parse(data.cart) as string[], loginTime: Number(data.loginTime) };
  }

  public async destroy(sessionId: string): Promise<void> {
    await this.cache.del(`app:session:${sessionId}`);
  }
}
