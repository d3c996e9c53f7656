import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCapture } from './exec.js';

/** A client identity: CN is the Kubernetes user, O entries its groups. */
export interface ClientIdentity {
  readonly file: string;
  readonly commonName: string;
  readonly organizations: readonly string[];
}

/** The identities the control plane uses. RBAC is on, so each gets only its bootstrap role. */
export const CLIENT_IDENTITIES = {
  admin: { file: 'admin', commonName: 'mosaic-admin', organizations: ['system:masters'] },
  controllerManager: { file: 'kube-controller-manager', commonName: 'system:kube-controller-manager', organizations: [] },
  scheduler: { file: 'kube-scheduler', commonName: 'system:kube-scheduler', organizations: [] },
  // kwok plays every kubelet: it writes node and pod status for all nodes, so it needs cluster-wide rights.
  kwok: { file: 'kwok', commonName: 'system:kwok', organizations: ['system:masters'] },
} as const satisfies Record<string, ClientIdentity>;

/** SANs of the API server's serving certificate: loopback plus the in-cluster names. */
export function apiServerSubjectAltNames(serviceIp: string): string[] {
  return [
    'IP:127.0.0.1',
    `IP:${serviceIp}`,
    'DNS:localhost',
    'DNS:kubernetes',
    'DNS:kubernetes.default',
    'DNS:kubernetes.default.svc',
    'DNS:kubernetes.default.svc.cluster.local',
  ];
}

/**
 * Generates, with openssl, a CA, the API server's serving certificate, one client
 * certificate per identity and the service-account signing key pair. EC P-256 keys
 * keep this well under a second.
 */
export async function generatePki(openssl: string, pkiDir: string, serviceIp: string): Promise<void> {
  mkdirSync(pkiDir, { recursive: true, mode: 0o700 });
  const p = (name: string): string => join(pkiDir, name);
  const run = (args: string[]): Promise<string> => runCapture(openssl, args, { timeoutMs: 30_000 });

  await run(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', p('ca.key')]);
  await run([
    'req', '-x509', '-new', '-key', p('ca.key'), '-sha256', '-days', '3650', '-subj', '/CN=mosaic-test-cluster-ca',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
    '-out', p('ca.crt'),
  ]);

  await issue(run, pkiDir, 'apiserver', '/CN=kube-apiserver', [
    'basicConstraints=CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth',
    `subjectAltName=${apiServerSubjectAltNames(serviceIp).join(',')}`,
  ]);
  for (const identity of Object.values(CLIENT_IDENTITIES)) {
    await issue(run, pkiDir, identity.file, subject(identity), [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=clientAuth',
    ]);
  }

  await run(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', p('sa.key')]);
  await run(['pkey', '-in', p('sa.key'), '-pubout', '-out', p('sa.pub')]);
}

/** An openssl subject string, e.g. `/O=system:masters/CN=mosaic-admin`. */
export function subject(identity: ClientIdentity): string {
  return [...identity.organizations.map((o) => `/O=${o}`), `/CN=${identity.commonName}`].join('');
}

async function issue(
  run: (args: string[]) => Promise<string>,
  pkiDir: string,
  name: string,
  subj: string,
  extensions: readonly string[],
): Promise<void> {
  const p = (file: string): string => join(pkiDir, file);
  writeFileSync(p(`${name}.ext`), extensions.join('\n') + '\n');
  await run(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', p(`${name}.key`)]);
  await run(['req', '-new', '-key', p(`${name}.key`), '-subj', subj, '-out', p(`${name}.csr`)]);
  await run([
    'x509', '-req', '-in', p(`${name}.csr`), '-CA', p('ca.crt'), '-CAkey', p('ca.key'), '-CAcreateserial',
    '-sha256', '-days', '3650', '-extfile', p(`${name}.ext`), '-out', p(`${name}.crt`),
  ]);
}
