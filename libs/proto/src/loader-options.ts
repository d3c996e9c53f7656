import type { Options } from '@grpc/proto-loader';

/**
 * The one set of proto-loader options used by every Mosaic server and client.
 * The generated types in `generated/` are produced with the same flags (see project.json),
 * so the objects grpc-js hands us match those types exactly.
 *
 * `defaults: false` keeps field presence: an absent section (e.g. `spec.wasm`) stays
 * undefined instead of becoming an empty object, which validation relies on.
 */
export const protoLoaderOptions: Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: false,
  arrays: false,
  objects: false,
  oneofs: false,
};
