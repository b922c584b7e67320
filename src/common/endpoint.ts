import { Token } from 'aws-cdk-lib';

/** The address and port of a cache endpoint. */
export class Endpoint {
  /** The DNS name of the endpoint. */
  public readonly hostname: string;
  /** The port of the endpoint (may be a token). */
  public readonly port: number;
  /** `hostname:port`, for connection strings. */
  public readonly socketAddress: string;

  constructor(address: string, port: number) {
    this.hostname = address;
    this.port = port;
    const portDesc = Token.isUnresolved(port) ? Token.asString(port) : port;
    this.socketAddress = `${address}:${portDesc}`;
  }
}
