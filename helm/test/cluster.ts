import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';

interface KubeConfig {
  'current-context': string;
  contexts: Array<{ name: string; context: { cluster: string; user: string } }>;
  clusters: Array<{
    name: string;
    cluster: {
      server: string;
      'certificate-authority'?: string;
      'certificate-authority-data'?: string;
      'insecure-skip-tls-verify'?: boolean;
    };
  }>;
  users: Array<{
    name: string;
    user: { token?: string; 'client-certificate'?: string; 'client-key'?: string };
  }>;
}

/** The API server that `npm test` starts (scripts/provision/kube.sh), from $KUBECONFIG; fails loudly without. */
export function kubeconfigPath(): string {
  const path = process.env.KUBECONFIG;
  if (!path) {
    throw new Error(
      'KUBECONFIG is not set. Run the tests with `npm test` (it starts a kube-apiserver), or ' +
        '`scripts/provision/kube.sh start <statefile>` and export the KUBECONFIG it writes.',
    );
  }
  return path;
}

/** GET a path of the API server (e.g. `/api/v1/namespaces/todo/secrets/x`) as the kubeconfig's user. */
export function kubeGet(path: string): Promise<{ status: number; body: any }> {
  const file = kubeconfigPath();
  const config = parse(readFileSync(file, 'utf8')) as KubeConfig;
  const { context } = config.contexts.find((c) => c.name === config['current-context'])!;
  const { cluster } = config.clusters.find((c) => c.name === context.cluster)!;
  const { user } = config.users.find((u) => u.name === context.user)!;
  const read = (relative: string) => readFileSync(resolve(dirname(file), relative));
  const url = new URL(path, cluster.server);
  return new Promise((resolvePromise, reject) => {
    const req = request(
      url,
      {
        method: 'GET',
        headers: { accept: 'application/json', ...(user.token && { authorization: `Bearer ${user.token}` }) },
        ca: cluster['certificate-authority-data']
          ? Buffer.from(cluster['certificate-authority-data'], 'base64')
          : cluster['certificate-authority'] && read(cluster['certificate-authority']),
        rejectUnauthorized: !cluster['insecure-skip-tls-verify'],
        cert: user['client-certificate'] ? read(user['client-certificate']) : undefined,
        key: user['client-key'] ? read(user['client-key']) : undefined,
        timeout: 10_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolvePromise({ status: res.statusCode!, body: text ? JSON.parse(text) : null }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}
