import {
  authTokenProblem, identifierProblem, maintenanceWindowProblem, snapshotWindowProblem, userIdProblem, userPasswordProblem,
  windowOverlapProblem,
} from '../../src/spec';

describe('maintenance window', () => {
  test.each<[string, string | undefined]>([
    ['sun:23:00-mon:01:30', undefined],
    ['sat:23:30-sun:00:30', undefined],
    ['mon:00:00-mon:00:59', "maintenanceWindow must be at least 60 minutes, got 59 minutes ('mon:00:00-mon:00:59')"],
    ['sun:25:00-mon:01:00', "maintenanceWindow must be 'ddd:hh24:mi-ddd:hh24:mi' in UTC with ddd one of sun, mon, tue, wed, thu, fri, sat (e.g. 'sun:23:00-mon:01:30'), got 'sun:25:00-mon:01:00'"],
    ['sunday:01:00-sunday:03:00', expect.stringContaining("got 'sunday:01:00-sunday:03:00'")],
  ])('%s', (value, problem) => {
    expect(maintenanceWindowProblem('maintenanceWindow', value)).toEqual(problem);
  });
});

describe('snapshot window', () => {
  test.each<[string, string | undefined]>([
    ['05:00-06:00', undefined],
    ['23:30-00:30', undefined],
    ['05:00-05:30', "snapshotWindow must be at least 60 minutes, got 30 minutes ('05:00-05:30')"],
    ['5:00-6:00', "snapshotWindow must be 'hh24:mi-hh24:mi' in UTC (e.g. '05:00-06:00'), got '5:00-6:00'"],
  ])('%s', (value, problem) => {
    expect(snapshotWindowProblem('snapshotWindow', value)).toEqual(problem);
  });

  test.each<[string, string, boolean]>([
    ['05:00-06:00', 'sun:05:30-sun:06:30', true],
    ['05:00-06:00', 'sun:06:00-sun:07:00', false],
    ['23:30-00:30', 'mon:00:00-mon:01:00', true],
    ['23:30-00:30', 'sat:23:59-sun:01:00', true],
  ])('%s and %s overlap: %s', (snapshot, maintenance, overlap) => {
    expect(windowOverlapProblem(snapshot, maintenance) !== undefined).toBe(overlap);
  });
});

describe('identifiers', () => {
  test.each<[string, number, boolean]>([
    ['my-cache', 40, true],
    ['a', 40, true],
    ['a'.repeat(40), 40, true],
    ['a'.repeat(41), 40, false],
    ['a'.repeat(50), 50, true],
    ['1cache', 40, false],
    ['cache-', 40, false],
    ['my--cache', 40, false],
    ['my_cache', 40, false],
  ])('%s within %i: %s', (value, max, ok) => {
    expect(identifierProblem('replicationGroupId', value, max) === undefined).toBe(ok);
  });

  test.each<[string, boolean]>([['app', true], ['app-1', true], ['App', false], ['1app', false], ['app_1', false]])('user id %s: %s', (value, ok) => {
    expect(userIdProblem('userId', value) === undefined).toBe(ok);
  });
});

describe('AUTH token and user passwords', () => {
  test.each<[string, boolean]>([
    ['a'.repeat(16), true],
    ['a'.repeat(128), true],
    ['a'.repeat(15), false],
    ['a'.repeat(129), false],
    ['Abc123!&#$^<>-xyz', true],
    ['abcdefghijklmnop@', false],
    ['abcdefghijklmnop%', false],
    ['abcdefghijklmnop ', false],
  ])('AUTH token %s: %s', (token, ok) => {
    expect(authTokenProblem('authToken', token) === undefined).toBe(ok);
  });

  test('the token is never echoed', () => {
    expect(authTokenProblem('authToken', 'secret-token-with-@-sign')).toBe(
      'authToken must be 16-128 characters of letters, digits and ! & # $ ^ < > -, got a value of 24 characters with other characters');
  });

  test.each<[string, boolean]>([
    ['a'.repeat(16), true],
    ['a b c d e f g h i', true],
    ['abcdefghijklmnop%', true],
    ['abcdefghijklmnop@', false],
    ['abcdefghijklmnop,', false],
    ['abcdefghijklmnop/', false],
    ['abcdefghijklmnop"', false],
    ['a'.repeat(15), false],
  ])('user password %s: %s', (password, ok) => {
    expect(userPasswordProblem('passwords[0]', password) === undefined).toBe(ok);
  });
});
