import { connect, type ClientHttp2Session, type ClientHttp2Stream } from 'node:http2';

/**
 * A unary gRPC call over a bare HTTP/2 stream whose request body the test sends in two parts,
 * so the call is provably in flight at the server (headers and part of the message received)
 * at a moment the test chooses.
 */
export class SplitUnaryCall {
  private readonly session: ClientHttp2Session;
  private readonly stream: ClientHttp2Stream;
  private readonly frame: Buffer;
  private readonly chunks: Buffer[] = [];
  /** Resolves with grpc-status, grpc-message and the response message bytes. */
  readonly done: Promise<{ status: number; message: string; body: Buffer }>;

  constructor(address: string, path: string, message: Buffer) {
    this.session = connect(`http://${address}`);
    this.stream = this.session.request({ ':method': 'POST', ':path': path, 'content-type': 'application/grpc', te: 'trailers' });
    const header = Buffer.alloc(5);
    header.writeUInt32BE(message.length, 1);
    this.frame = Buffer.concat([header, message]);
    this.stream.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.done = new Promise((resolve, reject) => {
      let status: number | undefined;
      let text = '';
      const take = (headers: Record<string, string | string[] | undefined>) => {
        const code = headers['grpc-status'];
        if (typeof code === 'string') {
          status = Number(code);
          const message = headers['grpc-message'];
          text = typeof message === 'string' ? decodeURIComponent(message) : '';
        }
      };
      this.stream.on('response', take);
      this.stream.on('trailers', take);
      this.stream.on('error', reject);
      this.session.on('error', reject);
      this.stream.on('close', () => {
        this.session.close();
        if (status === undefined) reject(new Error(`stream closed without a grpc-status (rst code ${this.stream.rstCode})`));
        // Skip the 5-byte gRPC message header of the (single) response message.
        else resolve({ status, message: text, body: Buffer.concat(this.chunks).subarray(5) });
      });
    });
  }

  /** Sends the headers and the first part of the message. */
  sendFirstPart(): Promise<void> {
    return new Promise((resolve) => this.stream.write(this.frame.subarray(0, 8), () => resolve()));
  }

  /** Sends the rest and ends the request. */
  sendRest(): void {
    this.stream.end(this.frame.subarray(8));
  }
}
