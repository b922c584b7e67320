import Database from 'better-sqlite3';

/** A user row of the example application's database. */
export interface User {
  readonly id: number;
  readonly name: string;
  readonly email: string;
  readonly version: number;
}

/**
 * The example application's database: a real embedded SQLite database (better-sqlite3),
 * in memory or in a file. Counts reads and writes so tests can see what the cache saved.
 */
export class AppDatabase {
  public reads = 0;
  public writes = 0;
  private readonly db: Database.Database;

  constructor(file = ':memory:') {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS users (
      id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL, version INTEGER NOT NULL DEFAULT 1)`);
  }

  public seedUsers(count: number): void {
    const insert = this.db.prepare('INSERT OR REPLACE INTO users (id, name, email, version) VALUES (?, ?, ?, 1)');
    this.db.transaction(() => {
      for (let id = 1; id <= count; id++) insert.run(id, `user ${id}`, `user${id}@example.com`);
    })();
  }

  public getUser(id: number): User | undefined {
    this.reads++;
    return this.db.prepare('SELECT id, name, email, version FROM users WHERE id = ?').get(id) as User | undefined;
  }

  /** Updates a user and bumps its version; returns the new row. */
  public updateUser(id: number, changes: { name?: string; email?: string }): User {
    this.writes++;
    const row = this.db.prepare(
      'UPDATE users SET name = COALESCE(?, name), email = COALESCE(?, email), version = version + 1 WHERE id = ? RETURNING id, name, email, version',
    ).get(changes.name ?? null, changes.email ?? null, id) as User | undefined;
    if (!row) throw new Error(`no user ${id}`);
    return row;
  }

  /** Writes many users in one transaction (the batched write of write-behind). */
  public upsertUsers(users: ReadonlyArray<Omit<User, 'version'>>): void {
    this.writes++;
    const upsert = this.db.prepare(`INSERT INTO users (id, name, email) VALUES (@id, @name, @email)
      ON CONFLICT(id) DO UPDATE SET name = excluded.name, email = excluded.email, version = version + 1`);
    this.db.transaction(() => users.forEach((u) => upsert.run(u)))();
  }

  public close(): void {
    this.db.close();
  }
}
