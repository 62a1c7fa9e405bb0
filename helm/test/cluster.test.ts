import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHART, chartCheck, render, type Profile } from './chart.js';
import { kubeconfigPath, kubeGet } from './cluster.js';

const run = promisify(execFile);
const KUBE_SH = fileURLToPath(new URL('../../scripts/provision/kube.sh', import.meta.url));

/** helm against the test API server; resolves with its output, or rejects with it. */
async function helm(...args: string[]): Promise<string> {
  const { stdout, stderr } = await run(process.env.HELM_BIN!, [...args, '--kubeconfig', kubeconfigPath()], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout + stderr;
}
const helmError = (args: string[]) =>
  helm(...args).then(
    () => null,
    (error: { stderr?: string }) => error.stderr ?? String(error),
  );
const decoded = (data: Record<string, string>) =>
  Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));

/**
 * The chart installed on a real Kubernetes API server (kube-apiserver 1.37 and etcd, built from their Go
 * modules; scripts/provision/kube.sh) with Dapr 1.16.5's CRDs: the server validates every object against
 * its schemas and admission rules and stores it. Nothing runs pods (no kubelet, no controllers).
 */
describe('the chart on a Kubernetes API server', () => {
  let crdChart: string;

  beforeAll(async () => {
    // Dapr's CRDs, as Dapr's own chart ships them (its crds/ folder), installed as a chart of their own.
    crdChart = await mkdtemp(join(tmpdir(), 'dapr-crds-'));
    const { stdout: crds } = await run(KUBE_SH, ['crds']);
    await cp(crds.trim(), join(crdChart, 'crds'), { recursive: true });
    await writeFile(join(crdChart, 'Chart.yaml'), 'apiVersion: v2\nname: dapr-crds\nversion: 1.16.5\n');
    await helm(
      'upgrade',
      '--install',
      'dapr-crds',
      crdChart,
      '--namespace',
      'dapr-system',
      '--create-namespace',
    );
  });
  afterAll(async () => {
    if (crdChart) await rm(crdChart, { recursive: true, force: true });
  });

  const namespace = () => `todo-${randomBytes(3).toString('hex')}`;
  const values = (profile: Profile) => ['-f', `${CHART}/values-${profile}.yaml`];
  /** Installs release `todo` into a new namespace; the server took every field as it is (no warning). */
  const install = async (ns: string, ...args: string[]) => {
    const output = await helm('install', 'todo', CHART, '-n', ns, '--create-namespace', ...args);
    expect(output).toContain('STATUS: deployed');
    // Helm passes a field the server does not know with a warning only.
    expect(output).not.toMatch(/warning/i);
  };

  it('installs the Minikube profile, every object stored as rendered; an upgrade keeps the keys it generated', async () => {
    const ns = namespace();
    await install(ns, ...values('minikube'));

    const rendered = await render({ profile: 'minikube' });
    const plural = (kind: string) =>
      kind.endsWith('y') ? `${kind.slice(0, -1).toLowerCase()}ies` : `${kind.toLowerCase()}s`;
    for (const object of rendered.manifests.filter((m) => !m.metadata.annotations?.['helm.sh/hook'])) {
      const [group, version] = object.apiVersion.includes('/')
        ? object.apiVersion.split('/')
        : ['', object.apiVersion];
      const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
      const { name } = object.metadata;
      const { status } = await kubeGet(`${base}/namespaces/${ns}/${plural(object.kind)}/${name}`);
      expect(status, `${object.kind}/${name}`).toBe(200);
    }
    const secretPath = `/api/v1/namespaces/${ns}/secrets/todo-todo-chatbot`;
    const before = decoded((await kubeGet(secretPath)).body.data);
    expect(before['jwt-secret']!.length).toBeGreaterThanOrEqual(32);
    expect(new URL(before['database-url']!).password).toBe(before['postgres-password']);

    await helm('upgrade', 'todo', CHART, '-n', ns, ...values('minikube'), '--set', 'dapr.logLevel=debug');
    // A new JWT key would sign everyone out; a new database password would lock core out of PostgreSQL.
    expect(decoded((await kubeGet(secretPath)).body.data)).toEqual(before);
    const core = (await kubeGet(`/apis/apps/v1/namespaces/${ns}/deployments/todo-todo-chatbot-core`)).body;
    expect(core.spec.template.metadata.annotations['dapr.io/log-level']).toBe('debug');
    // The topics Job of the new revision (a Job's pod template cannot change in place).
    expect((await kubeGet(`/apis/batch/v1/namespaces/${ns}/jobs/todo-todo-chatbot-topics-2`)).status).toBe(
      200,
    );

    await helm('uninstall', 'todo', '-n', ns);
    expect((await kubeGet(secretPath)).status).toBe(404);
  });

  it.each(['aks', 'gke'] as const)(
    'installs the %s profile (your Secret, network policies, autoscaler)',
    async (profile) => {
      const ns = namespace();
      // GKE's BackendConfig needs GKE's own CRD; chart-check checks that object instead.
      const gke = profile === 'gke' ? ['--set', 'gke.backendConfig.enabled=false'] : [];
      await install(ns, ...values(profile), ...gke);
      const hpa = await kubeGet(
        `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers/todo-todo-chatbot-gateway`,
      );
      expect(hpa.body.spec).toMatchObject({ minReplicas: 2, maxReplicas: 6 });
      const policies = await kubeGet(`/apis/networking.k8s.io/v1/namespaces/${ns}/networkpolicies`);
      expect(policies.body.items.map((p: { metadata: { name: string } }) => p.metadata.name).sort()).toEqual([
        'todo-todo-chatbot-core',
        'todo-todo-chatbot-gateway',
        'todo-todo-chatbot-notifier',
      ]);
      await helm('uninstall', 'todo', '-n', ns);
    },
  );

  it.each([
    [
      'an autoscaler whose minimum exceeds its maximum',
      [
        'gateway.autoscaling.enabled=true',
        'gateway.autoscaling.minReplicas=5',
        'gateway.autoscaling.maxReplicas=2',
      ],
      /maxReplicas.*must be greater than or equal to `minReplicas`/,
    ],
    [
      'a memory request above its limit',
      ['core.resources.requests.memory=1Gi', 'core.resources.limits.memory=512Mi'],
      /must be less than or equal to memory limit/,
    ],
  ])('refuses %s, which only the API server checks', async (_what, set, message) => {
    const setArgs = set.flatMap((value) => ['--set', value]);
    // Well-formed field by field, so chart-check lets it through…
    const rendered = await render({ profile: 'minikube', set });
    expect((await chartCheck(rendered.text)).ok).toBe(true);
    // …and the server does not.
    const error = await helmError([
      'install',
      'todo',
      CHART,
      '-n',
      namespace(),
      '--create-namespace',
      ...values('minikube'),
      ...setArgs,
    ]);
    expect(error).toMatch(message);
  });
});
