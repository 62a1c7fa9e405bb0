import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';

export const CHART = fileURLToPath(new URL('../todo-chatbot', import.meta.url));
export const PROFILES = ['minikube', 'aks', 'gke'] as const;
export type Profile = (typeof PROFILES)[number];

/** The values a plain install needs (the chart has no defaults for where PostgreSQL and Kafka are). */
export const REQUIRED = [
  'postgresql.url=postgres://todo:pw@db.example.com:5432/todo',
  'kafka.brokers=kafka:9092',
];

const run = promisify(execFile);

/** A tool that `npm test` provisions (scripts/provision/helm.sh) and names in the environment. */
function tool(variable: 'HELM_BIN' | 'CHART_CHECK_BIN'): string {
  const path = process.env[variable];
  if (!path) {
    throw new Error(
      `${variable} is not set. Run the tests with \`npm test\` (it builds helm and chart-check), or ` +
        '`export HELM_BIN=$(scripts/provision/helm.sh build) CHART_CHECK_BIN=$(scripts/provision/helm.sh path chart-check)`.',
    );
  }
  return path;
}

/** A Kubernetes object as rendered: enough typing for the assertions, the rest by index. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: any;
}

export interface Rendered {
  text: string;
  manifests: Manifest[];
  /** The one object of this kind and name (throws if there is none). */
  get(kind: string, name: string): Manifest;
  all(kind: string): Manifest[];
}

/** `helm template` of the chart as release `todo` in namespace `todo`, with a profile and --set values. */
export async function render(options: { profile?: Profile; set?: string[] } = {}): Promise<Rendered> {
  const args = ['template', 'todo', CHART, '--namespace', 'todo'];
  if (options.profile) args.push('-f', `${CHART}/values-${options.profile}.yaml`);
  for (const value of options.set ?? []) args.push('--set', value);
  const { stdout: text } = await run(tool('HELM_BIN'), args, { maxBuffer: 16 * 1024 * 1024 });
  const manifests = parseAllDocuments(text)
    .map((document) => {
      if (document.errors.length) throw new Error(`rendered YAML: ${document.errors[0]!.message}`);
      return document.toJS() as Manifest | null;
    })
    .filter((manifest): manifest is Manifest => manifest !== null);
  const all = (kind: string) => manifests.filter((m) => m.kind === kind);
  return {
    text,
    manifests,
    all,
    get(kind, name) {
      const found = all(kind).find((m) => m.metadata.name === name);
      if (!found)
        throw new Error(
          `no ${kind}/${name} in: ${manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(', ')}`,
        );
      return found;
    },
  };
}

/** Why `helm template` refused these values (its error message), or null if it rendered. */
export async function renderError(set: string[]): Promise<string | null> {
  try {
    await render({ set });
    return null;
  } catch (error) {
    return (error as { stderr?: string }).stderr ?? String(error);
  }
}

/** `helm lint --strict` with these value files and values: its output, and whether it passed. */
export async function lint(profile?: Profile, set: string[] = []): Promise<{ ok: boolean; output: string }> {
  const args = ['lint', '--strict', CHART];
  if (profile) args.push('-f', `${CHART}/values-${profile}.yaml`);
  for (const value of set) args.push('--set', value);
  try {
    const { stdout, stderr } = await run(tool('HELM_BIN'), args);
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return { ok: false, output: stdout + stderr };
  }
}

/** chart-check (scripts/provision/helm/chart-check) on rendered manifests: strict schemas, names, labels. */
export async function chartCheck(
  text: string,
  allowKinds: string[] = [],
): Promise<{ ok: boolean; output: string }> {
  const args = allowKinds.flatMap((kind) => ['--allow-kind', kind]);
  return new Promise((resolve) => {
    const child = execFile(tool('CHART_CHECK_BIN'), args, (error, stdout, stderr) =>
      resolve({ ok: !error, output: stdout + stderr }),
    );
    child.stdin!.end(text);
  });
}

/** The environment a service's container starts with: its ConfigMap, its env, and what Dapr's injector adds. */
export function containerEnv(rendered: Rendered, deployment: Manifest): Record<string, string> {
  const [container] = deployment.spec.template.spec.containers;
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    Object.assign(env, rendered.get('ConfigMap', source.configMapRef.name).data);
  }
  for (const { name, value } of container.env ?? []) env[name] = value;
  // Dapr's sidecar injector (pkg/injector/patcher, addDaprEnvVarsToContainers) sets these in every app container.
  env.DAPR_HTTP_PORT = '3500';
  env.DAPR_GRPC_PORT = '50001';
  return env;
}
