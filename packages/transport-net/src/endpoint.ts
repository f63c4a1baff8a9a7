import type { Endpoint, ProxySpec, TlsSettings } from '@omnidial/core/driver';

export type { ProxySpec };
/** TLS settings of a tls:// endpoint (the core's one TLS resolver). */
export type TlsSpec = TlsSettings;

/** Which socket a {@link NetEndpoint} opens. */
export type NetTransport = 'tcp' | 'tls' | 'unix' | 'udp';

/** Socket tuning for tcp:// and tls://. */
export interface TuningSpec {
  readonly noDelay: boolean;
  /** Milliseconds before the first TCP keepalive probe; 0 = keepalive off. */
  readonly keepAliveMs: number;
}

/** A validated raw-socket target, built by the drivers' `parse()` without I/O. */
export interface NetEndpoint extends Endpoint {
  readonly transport: NetTransport;
  /** Host name or IP (IPv6 without brackets); tcp/tls/udp. */
  readonly host: string;
  /** 1..65535; tcp/tls/udp. */
  readonly port: number;
  /** Socket path (unix); a leading NUL means the Linux abstract namespace. */
  readonly path: string;
  readonly binary: boolean;
  readonly proxy: ProxySpec | undefined;
  readonly tls: TlsSpec | undefined;
  readonly tuning: TuningSpec;
}
