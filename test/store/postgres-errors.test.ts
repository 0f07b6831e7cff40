// A PostgreSQL that cannot be used says so at start-up in one line: which host, which database,
// and what failed. Never the password.
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import { startPasswordRefusingPostgres } from '../helpers/fake-postgres.ts';
import { runCoach } from '../helpers/run-coach-process.ts';
import { DIALECTS, TEST_DATABASE_URL } from '../helpers/test-store.ts';

const withPath = (base: string, database: string, query = '') => {
  const url = new URL(base);
  url.pathname = `/${database}`;
  url.search = query;
  return url.toString();
};

describe('PostgreSQL start-up errors', () => {
  it('names the host and database when nothing listens there', async () => {
    await expect(openStore('postgres://coach:s3cret@127.0.0.1:1/coach')).rejects.toThrow(
      /^Cannot use PostgreSQL at 127\.0\.0\.1:1, database "coach": nothing accepts connections there \(connection refused\)\.$/,
    );
  });

  it('says when the host name does not resolve, without the password', async () => {
    const failure = openStore('postgres://coach:s3cret@db.service-coach.invalid:5432/coach');
    await expect(failure).rejects.toThrow(/^Cannot use PostgreSQL at db\.service-coach\.invalid:5432, database "coach": the host name does not resolve \(DNS\)\.$/);
    await expect(failure).rejects.not.toThrow(/s3cret/);
  });

  it('says when the password is refused, without the password', async () => {
    const server = await startPasswordRefusingPostgres();
    try {
      const failure = openStore(`postgres://coach:s3cret@127.0.0.1:${server.port}/coach`);
      await expect(failure).rejects.toThrow(new RegExp(`^Cannot use PostgreSQL at 127\\.0\\.0\\.1:${server.port}, database "coach": authentication failed for user "coach"\\.$`));
      await expect(failure).rejects.not.toThrow(/s3cret/);
      expect(server.passwordsTried()).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('tells the person starting the coach in two lines, without a stack trace or the password', async () => {
    const server = await startPasswordRefusingPostgres();
    try {
      const { code, stdout, stderr } = await runCoach('', { DATABASE_URL: `postgres://coach:s3cret@127.0.0.1:${server.port}/coach` });
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toBe(`Service Coach cannot start.\nCannot use PostgreSQL at 127.0.0.1:${server.port}, database "coach": authentication failed for user "coach".\n`);
    } finally {
      await server.close();
    }
  });

  it.skipIf(!DIALECTS.includes('postgres'))('says when the server does not know the user', async () => {
    const url = new URL(TEST_DATABASE_URL);
    url.username = 'no_such_coach_user';
    await expect(openStore(url.toString())).rejects.toThrow(
      /: user "no_such_coach_user" may not connect: role "no_such_coach_user" does not exist\.$/,
    );
  });

  it.skipIf(!DIALECTS.includes('postgres'))('says when the database does not exist', async () => {
    await expect(openStore(withPath(TEST_DATABASE_URL, 'no_such_coach_db'))).rejects.toThrow(/database "no_such_coach_db": the database does not exist/);
  });

  it.skipIf(!DIALECTS.includes('postgres'))('says when TLS was asked for and failed', async () => {
    // The test server has no TLS: sslmode=require cannot be met.
    await expect(openStore(withPath(TEST_DATABASE_URL, new URL(TEST_DATABASE_URL).pathname.slice(1), '?sslmode=require'))).rejects.toThrow(/: TLS failed: /);
  });
});
