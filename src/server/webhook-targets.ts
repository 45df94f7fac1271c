// Where webhooks may be delivered: public addresses only, so a repository admin cannot make the server
// post into its own network (loopback, link-local, private ranges), unless the server's administrator
// allows a range (`--webhook-allow 10.0.0.0/8`). Checked on the address a delivery connects to, after
// DNS, so a name that resolves inward (or is rebound to) is refused too.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { DitError } from '../errors.js';

type Family = 'ipv4' | 'ipv6';

/** Address ranges no webhook reaches unless allowed, with what they are. */
const INWARD: [string, number, Family, string][] = [
  ['0.0.0.0', 8, 'ipv4', 'an unspecified'],
  ['10.0.0.0', 8, 'ipv4', 'a private'],
  ['100.64.0.0', 10, 'ipv4', 'a shared (carrier NAT)'],
  ['127.0.0.0', 8, 'ipv4', 'a loopback'],
  ['169.254.0.0', 16, 'ipv4', 'a link-local'],
  ['172.16.0.0', 12, 'ipv4', 'a private'],
  ['192.0.0.0', 24, 'ipv4', 'a reserved'],
  ['192.168.0.0', 16, 'ipv4', 'a private'],
  ['198.18.0.0', 15, 'ipv4', 'a benchmarking'],
  ['224.0.0.0', 4, 'ipv4', 'a multicast'],
  ['240.0.0.0', 4, 'ipv4', 'a reserved'],
  ['::', 96, 'ipv6', 'an unspecified or IPv4-compatible'],
  ['::1', 128, 'ipv6', 'a loopback'],
  ['64:ff9b::', 96, 'ipv6', 'a NAT64'],
  ['fc00::', 7, 'ipv6', 'a private (unique local)'],
  ['fe80::', 10, 'ipv6', 'a link-local'],
  ['ff00::', 8, 'ipv6', 'a multicast'],
];

const familyOf = (address: string): Family => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

/** `::ffff:127.0.0.1` is 127.0.0.1: IPv4-mapped addresses are checked as the IPv4 address they carry. */
function plain(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m ? m[1]! : address;
}

/** A CIDR range (`127.0.0.0/8`, `fd00::/8`) or a single address, for `--webhook-allow`. */
export function parseCidr(text: string): { address: string; prefix: number; family: Family } {
  const [address = '', bits] = text.trim().split('/');
  const v = isIP(address);
  const prefix = bits === undefined ? (v === 6 ? 128 : 32) : Number(bits);
  if (
    !v ||
    !Number.isInteger(prefix) ||
    prefix < 0 ||
    prefix > (v === 6 ? 128 : 32) ||
    (bits !== undefined && !/^\d+$/.test(bits))
  )
    throw new DitError(
      'invalid-value',
      `"${text.slice(0, 60)}" is not an address range; write it like 10.0.0.0/8 or fd00::/8`,
      {
        field: 'webhook-allow',
        value: text.slice(0, 60),
      },
    );
  return { address, prefix, family: v === 6 ? 'ipv6' : 'ipv4' };
}

export class WebhookTargets {
  private readonly inward: { list: BlockList; what: string }[] = [];
  private readonly allowed = new BlockList();

  constructor(readonly allow: readonly string[] = []) {
    for (const [address, prefix, family, what] of INWARD) {
      const list = new BlockList();
      list.addSubnet(address, prefix, family);
      this.inward.push({ list, what });
    }
    for (const range of allow) {
      const r = parseCidr(range);
      this.allowed.addSubnet(r.address, r.prefix, r.family);
    }
  }

  /** Why a delivery may not connect to this address, or null when it may. */
  refusal(raw: string): string | null {
    const address = plain(raw);
    const family = familyOf(address);
    if (this.allowed.check(address, family)) return null;
    const hit = this.inward.find((r) => r.list.check(address, family));
    return hit
      ? `${address} is ${hit.what} address; webhooks go to public addresses unless the server allows the range (dit server --webhook-allow CIDR)`
      : null;
  }

  /** Refuses a URL whose host is an address literal this server may not post to (a name is checked at delivery). */
  checkUrl(url: URL): void {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const why = isIP(host) ? this.refusal(host) : null;
    if (why) throw new DitError('invalid-value', `this webhook would never be delivered: ${why}`, { field: 'url' });
  }

  /**
   * The DNS lookup a delivery connects with: every address a name resolves to must be allowed, and the
   * connection uses those very addresses (no second lookup an attacker's DNS could answer differently).
   */
  readonly lookup = (
    hostname: string,
    options: { all?: boolean; family?: number },
    callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (err, addresses) => {
      if (err) return callback(err, '');
      const bad = addresses.map((a) => this.refusal(a.address)).find((why) => why !== null);
      if (bad) return callback(new Error(`refused: ${hostname} resolves to ${bad}`), '');
      if (!addresses.length) return callback(new Error(`${hostname} resolves to no address`), '');
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
