import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freePort } from './processes.js';

describe('freePort', () => {
  it('draws ports below the ephemeral range that outgoing connections take their source ports from', async () => {
    const ephemeralLow = Number(
      readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0],
    );
    const ports = await Promise.all(Array.from({ length: 40 }, () => freePort()));
    for (const port of ports) expect(port).toBeLessThan(ephemeralLow);
    expect(new Set(ports).size).toBe(ports.length);
  });
});
