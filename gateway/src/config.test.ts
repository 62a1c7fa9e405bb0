import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, loadJwtSecret } from './config.js';

describe('loadConfig', () => {
  it('has defaults for everything', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(8080);
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.DATA_DIR).toBe('.data');
    expect(config.dataDir).toBe(resolve('.data'));
    expect(config.JWT_SECRET).toBeUndefined();
    expect(config.JWT_TTL_SECONDS).toBe(7 * 24 * 3600);
    expect(config.DEFAULT_TIMEZONE).toBe('UTC');
    expect(config.CORS_ORIGINS).toEqual(['http://localhost:5173', 'http://127.0.0.1:5173']);
    expect(config.MAX_BODY_BYTES).toBe(256 * 1024);
    expect(config.RATE_LIMIT_IP_PER_SECOND).toBe(200);
    expect(config.WS_IDLE_TIMEOUT_SECONDS).toBe(120);
    expect(config.CORE_APP_ID).toBe('core');
    expect(config.NOTIFIER_APP_ID).toBe('notifier');
    expect(config.TASK_EVENTS_TOPIC).toBe('task-events');
    expect(config.NOTIFICATIONS_TOPIC).toBe('notifications');
  });

  it('reads overrides from the env object', () => {
    const config = loadConfig({
      PORT: '3000',
      HOST: '0.0.0.0',
      DATA_DIR: '/var/lib/todo',
      DEFAULT_TIMEZONE: 'Europe/Berlin',
      CORS_ORIGINS: ' https://a.example , ,https://b.example',
      RATE_LIMIT_AUTH_PER_MINUTE: '5',
      JWT_SECRET: 'x'.repeat(32),
      NOTIFIER_APP_ID: 'reminders',
      NOTIFICATIONS_TOPIC: 'notifications-v2',
    });
    expect(config.PORT).toBe(3000);
    expect(config.HOST).toBe('0.0.0.0');
    expect(config.dataDir).toBe('/var/lib/todo');
    expect(config.DEFAULT_TIMEZONE).toBe('Europe/Berlin');
    expect(config.CORS_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
    expect(config.RATE_LIMIT_AUTH_PER_MINUTE).toBe(5);
    expect(config.JWT_SECRET).toBe('x'.repeat(32));
    expect(config.NOTIFIER_APP_ID).toBe('reminders');
    expect(config.NOTIFICATIONS_TOPIC).toBe('notifications-v2');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '80.5'],
    ['DEFAULT_TIMEZONE', 'Mars/Olympus'],
    ['JWT_SECRET', 'too-short'],
    ['MAX_BODY_BYTES', '10'],
    ['DATABASE_URL', 'not a url'],
  ])('rejects %s=%s, naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`\\b${name}\\b`));
  });

  it('names every invalid variable at once', () => {
    let message = '';
    try {
      loadConfig({ PORT: 'abc', DEFAULT_TIMEZONE: 'Mars/Olympus' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('PORT');
    expect(message).toContain('DEFAULT_TIMEZONE');
  });
});

describe('loadJwtSecret', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jwt-secret-'));
    dirs.push(dir);
    return dir;
  };

  it('creates a secret file once and returns the same secret afterwards', async () => {
    const dataDir = join(await tempDir(), 'nested', 'data');
    const config = loadConfig({ DATA_DIR: dataDir });
    const first = await loadJwtSecret(config);
    expect(first.length).toBeGreaterThanOrEqual(32);
    const file = join(dataDir, 'jwt-secret');
    expect(new TextDecoder().decode(first)).toBe((await readFile(file, 'utf8')).trim());
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);

    const second = await loadJwtSecret(config);
    expect(new TextDecoder().decode(second)).toBe(new TextDecoder().decode(first));
  });

  it('gives different data dirs different random secrets', async () => {
    const a = await loadJwtSecret(loadConfig({ DATA_DIR: await tempDir() }));
    const b = await loadJwtSecret(loadConfig({ DATA_DIR: await tempDir() }));
    expect(new TextDecoder().decode(a)).not.toBe(new TextDecoder().decode(b));
  });

  it('prefers JWT_SECRET from the env and writes no file', async () => {
    const dataDir = await tempDir();
    const secret = 's'.repeat(40);
    const result = await loadJwtSecret(loadConfig({ DATA_DIR: dataDir, JWT_SECRET: secret }));
    expect(new TextDecoder().decode(result)).toBe(secret);
    await expect(stat(join(dataDir, 'jwt-secret'))).rejects.toThrow();
  });
});
