/**
 * A client address's coarse place (GB/T 2260 region) from a configured table of IPv4 networks:
 * `cidr,region` lines, longest prefix wins. No table is bundled (address registries change and
 * carry their own licences); without one, places are only what people choose to share.
 */
import fs from 'node:fs';
import { REGION_CODE } from '../../shared/codes/region.ts';

const toInt = (ip: string): number | undefined => {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip.replace(/^::ffff:/, ''));
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + p, 0);
};

export type IpRegions = (ip: string) => string | null;

/**
 * Parses the table; throws naming the first bad line.
 *
 * @example parseIpRegions('10.0.0.0/8,330106\n')('10.1.2.3') // → '330106'
 */
export function parseIpRegions(text: string): IpRegions {
  const nets: { base: number; bits: number; region: string }[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const l = line.trim();
    if (!l || l.startsWith('#')) return;
    const [cidr, region] = l.split(',').map((x) => x.trim());
    const [ip, bitsText] = (cidr ?? '').split('/');
    const base = toInt(ip ?? '');
    const bits = Number(bitsText ?? '32');
    if (base === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32 || !REGION_CODE.test(region ?? '')) {
      throw new Error(`line ${i + 1}: expected "a.b.c.d/bits,<6-digit GB/T 2260 code>", got ${JSON.stringify(l)}`);
    }
    nets.push({ base, bits, region: region ?? '' });
  });
  nets.sort((a, b) => b.bits - a.bits);
  return (ip) => {
    const n = toInt(ip);
    if (n === undefined) return null;
    for (const net of nets) {
      const size = 2 ** (32 - net.bits);
      if (Math.floor(n / size) === Math.floor(net.base / size)) return net.region;
    }
    return null;
  };
}

export function loadIpRegions(file: string | null): IpRegions {
  return file ? parseIpRegions(fs.readFileSync(file, 'utf8')) : () => null;
}
