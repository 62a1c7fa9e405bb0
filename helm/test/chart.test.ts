import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CoreEnv } from '../../core/src/config.js';
import { loadConfig } from '../../gateway/src/config.js';
import { parseTopicSpecs } from '../../gateway/src/adapters/kafka-topics.js';
import { NotifierEnv } from '../../notifier/src/config.js';
import { parseEnv } from '../../platform/src/env.js';
import { renderDaprFiles } from '../../stack/src/dapr-files.js';
import {
  chartCheck,
  containerEnv,
  lint,
  PROFILES,
  render,
  renderError,
  REQUIRED,
  type Manifest,
} from './chart.js';

const SERVICES = ['gateway', 'core', 'notifier'] as const;
const deployment = (rendered: Awaited<ReturnType<typeof render>>, service: string) =>
  rendered.get('Deployment', `todo-todo-chatbot-${service}`);
const annotations = (d: Manifest) => d.spec.template.metadata.annotations as Record<string, string>;
const container = (d: Manifest) => d.spec.template.spec.containers[0];

/** A loopback server that answers `path` with 200 while `up()`, else 503 (what a probe script asks). */
async function statusServer(path: string, up: () => boolean) {
  const server = createServer((req, res) => void res.writeHead(req.url === path && up() ? 200 : 503).end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, close: () => server.close() };
}

/** The exit code of `node <args>`. */
const nodeExit = (args: string[]) =>
  new Promise<number>((resolve) =>
    execFile(process.execPath, args, (error) => resolve(error ? (error.code as number) : 0)),
  );

/** The Helm chart, rendered by real Helm and checked against Kubernetes' and Dapr's own Go types. */
describe('helm/todo-chatbot', () => {
  it.each([undefined, ...PROFILES])('passes helm lint --strict with profile %s', async (profile) => {
    const result = await lint(profile, profile ? [] : REQUIRED);
    expect(result.output).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
    expect(result.ok).toBe(true);
  });

  it.each([undefined, ...PROFILES])(
    'renders, with profile %s, only objects that Kubernetes and Dapr accept field by field',
    async (profile) => {
      const rendered = await render({ profile, set: profile ? [] : REQUIRED });
      const result = await chartCheck(rendered.text, ['BackendConfig']);
      expect(result.output).toMatch(/^chart-check: \d+ documents OK/);
      expect(result.ok).toBe(true);
    },
  );

  it('chart-check refuses what Kubernetes would (so the test above can fail)', async () => {
    const rendered = await render({ set: REQUIRED });
    const broken = rendered.text.replace('revisionHistoryLimit: 5', 'revisionHistoryLimit: 5\n  replica: 2');
    const result = await chartCheck(broken);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/Deployment\/todo-todo-chatbot-gateway: .*replica/);
  });

  it.each([
    [['kafka.brokers=k:9092'], 'postgresql.url is required'],
    [['postgresql.url=postgres://x/y'], 'kafka.brokers is required'],
    [
      [...REQUIRED, 'postgresql.inCluster.enabled=true'],
      'set postgresql.url or postgresql.inCluster.enabled, not both',
    ],
    [[...REQUIRED, 'kafka.inCluster.enabled=true'], 'set kafka.brokers or kafka.inCluster.enabled, not both'],
    [
      ['kafka.brokers=k:9092', 'secrets.existingSecret=mine', 'postgresql.inCluster.enabled=true'],
      'postgresql.inCluster keeps its password',
    ],
    [
      ['kafka.brokers=k:9092', 'secrets.existingSecret=mine', 'llm.apiKey=sk-1'],
      'put llm-api-key into secrets.existingSecret',
    ],
  ])('refuses %j, saying why', async (set, message) => {
    expect(await renderError(set)).toContain(message);
  });

  it('gives each service the settings its own schema accepts, with ports and app ids that agree', async () => {
    const rendered = await render({
      set: [...REQUIRED, 'dapr.appIdPrefix=todo-', 'llm.baseUrl=https://llm.example.com/v1'],
    });
    const appIds = Object.fromEntries(
      SERVICES.map((s) => [s, annotations(deployment(rendered, s))['dapr.io/app-id']]),
    );
    expect(appIds).toEqual({ gateway: 'todo-gateway', core: 'todo-core', notifier: 'todo-notifier' });

    const gatewayEnv = containerEnv(rendered, deployment(rendered, 'gateway'));
    const gateway = loadConfig(gatewayEnv);
    expect(gateway).toMatchObject({
      RUNTIME: 'dapr',
      HOST: '0.0.0.0',
      PORT: 8080,
      DAPR_HTTP_PORT: 3500,
      KAFKA_BROKERS: ['kafka:9092'],
      CORE_APP_ID: appIds.core,
      NOTIFIER_APP_ID: appIds.notifier,
      SECRET_STORE: 'kubernetes',
      SECRET_NAME: 'todo-todo-chatbot',
      LLM_BASE_URL: 'https://llm.example.com/v1',
    });
    // The gateway's consumer groups are per replica: REPLICA_ID unset, so the pod's host name names them.
    expect(gateway.REPLICA_ID).toBeUndefined();
    expect(container(deployment(rendered, 'gateway')).ports).toEqual([{ name: 'http', containerPort: 8080 }]);

    for (const [service, schema] of [
      ['core', CoreEnv],
      ['notifier', NotifierEnv],
    ] as const) {
      const d = deployment(rendered, service);
      const env = parseEnv(schema, containerEnv(rendered, d));
      expect(env).toMatchObject({
        HOST: '127.0.0.1',
        SECRET_STORE: 'kubernetes',
        SECRET_NAME: 'todo-todo-chatbot',
      });
      expect(String(env.APP_PORT)).toBe(annotations(d)['dapr.io/app-port']);
      expect(env.DATABASE_URL).toBeUndefined(); // from the secret store, never the environment
      expect(container(d).args).toEqual([`${service}/dist/main.js`]);
    }
    expect(parseEnv(CoreEnv, containerEnv(rendered, deployment(rendered, 'core')))).toMatchObject({
      TASK_EVENTS_TOPIC: gateway.TASK_EVENTS_TOPIC,
      PUBSUB_NAME: 'pubsub',
      STATE_STORE: 'statestore',
    });
    expect(
      parseEnv(NotifierEnv, containerEnv(rendered, deployment(rendered, 'notifier'))).NOTIFICATIONS_TOPIC,
    ).toBe(gateway.NOTIFICATIONS_TOPIC);

    // Every sidecar runs the release's Configuration; every scope names a real app id.
    const config = rendered.all('Configuration')[0]!.metadata.name;
    for (const s of SERVICES) expect(annotations(deployment(rendered, s))['dapr.io/config']).toBe(config);
    const scoped = [
      ...rendered.all('Component'),
      ...rendered.all('Subscription'),
      ...rendered.all('Resiliency'),
    ];
    for (const resource of scoped) {
      expect(Object.values(appIds), `${resource.kind}/${resource.metadata.name}`).toEqual(
        expect.arrayContaining(resource.scopes as string[]),
      );
    }
    expect(Object.keys(rendered.get('Resiliency', 'todo-todo-chatbot').spec.targets.apps)).toEqual([
      appIds.core,
      appIds.notifier,
    ]);
  });

  it('holds the Dapr resources to the ones the local stack runs and the integration suites prove', async () => {
    const rendered = await render({ set: REQUIRED });
    const local = await renderDaprFiles({
      KAFKA_BROKERS: 'kafka:9092',
      TASK_EVENTS_TOPIC: 'task-events',
      TASK_EVENTS_DLQ_TOPIC: 'task-events-dlq',
      SECRETS_FILE: '/secrets.json',
      NAMES_DB: '/names.db',
    });
    const ours = (name: string) => parse(local.resources[name]!) as Manifest;

    for (const file of ['pubsub', 'statestore', 'reminder-sweep']) {
      const want = ours(file);
      const got = rendered.get('Component', want.metadata.name);
      expect(got.scopes, file).toEqual(want.scopes);
      expect({ type: got.spec.type, version: got.spec.version }, file).toEqual({
        type: want.spec.type,
        version: want.spec.version,
      });
      // The same settings: values as they are, secrets by the same key (of the release's Secret).
      const settings = (m: Manifest) =>
        Object.fromEntries(
          (m.spec.metadata as Array<{ name: string; value?: string; secretKeyRef?: { key: string } }>).map(
            (item) => [item.name, item.value ?? `secret:${item.secretKeyRef!.key}`],
          ),
        );
      expect(settings(got), file).toEqual(settings(want));
    }
    // Kubernetes resolves secretKeyRef in its own secret store; the local stack names its file store.
    expect(rendered.get('Component', 'statestore').auth).toBeUndefined();
    expect(rendered.get('Component', 'statestore').spec.metadata[0].secretKeyRef.name).toBe(
      'todo-todo-chatbot',
    );

    for (const file of ['subscription', 'dead-letter-subscription']) {
      const want = ours(file);
      const got = rendered.get('Subscription', want.metadata.name);
      expect({ spec: got.spec, scopes: got.scopes }, file).toEqual({ spec: want.spec, scopes: want.scopes });
    }

    const resiliency = ours('resiliency');
    expect(rendered.get('Resiliency', 'todo-todo-chatbot').spec).toEqual(resiliency.spec);
    expect([...rendered.get('Resiliency', 'todo-todo-chatbot').scopes].sort()).toEqual(
      [...resiliency.scopes].sort(),
    );

    const tracing = (parse(local.config) as Manifest).spec.tracing;
    expect(rendered.all('Configuration')[0]!.spec.tracing.samplingRate).toBe(tracing.samplingRate);
  });

  it('creates every topic the services and the subscription use, with the dead letters beside them', async () => {
    for (const profile of [undefined, 'minikube'] as const) {
      const rendered = await render({ profile, set: profile ? [] : REQUIRED });
      const job = rendered.all('Job')[0]!;
      const env = Object.fromEntries(
        (container(job).env as Array<{ name: string; value: string }>).map((e) => [e.name, e.value]),
      );
      const topics = parseTopicSpecs(env.TOPICS!).map((t) => t.topic);
      const settings = rendered.all('ConfigMap')[0]!.data;
      const subscription = rendered.get('Subscription', 'task-events').spec;
      expect(topics.sort()).toEqual(
        [settings.TASK_EVENTS_TOPIC, settings.NOTIFICATIONS_TOPIC, subscription.deadLetterTopic].sort(),
      );
      expect(subscription.topic).toBe(settings.TASK_EVENTS_TOPIC);
      expect(env.KAFKA_BROKERS).toBe(settings.KAFKA_BROKERS);
      // One broker in the release takes a replication factor of 1; a real cluster gets 3.
      expect(env.REPLICATION_FACTOR).toBe(profile === 'minikube' ? '1' : '3');
      expect(container(job).args).toEqual(['gateway/dist/ensure-topics.js']);
    }
  });

  it('keeps secrets in one Secret the pods alone may read, and wires the in-cluster PostgreSQL to it', async () => {
    const rendered = await render({ profile: 'minikube' });
    const secret = rendered.get('Secret', 'todo-todo-chatbot');
    const data = Object.fromEntries(
      Object.entries(secret.data as Record<string, string>).map(([k, v]) => [
        k,
        Buffer.from(v, 'base64').toString(),
      ]),
    );
    expect(Object.keys(data).sort()).toEqual(['database-url', 'jwt-secret', 'postgres-password']);
    expect(data['jwt-secret']!.length).toBeGreaterThanOrEqual(32);
    const url = new URL(data['database-url']!);
    expect(url.host).toBe('todo-todo-chatbot-postgresql:5432');
    expect(decodeURIComponent(url.password)).toBe(data['postgres-password']);
    expect(rendered.get('Service', 'todo-todo-chatbot-postgresql').spec.ports[0].port).toBe(5432);
    const postgres = container(rendered.get('StatefulSet', 'todo-todo-chatbot-postgresql'));
    expect(
      postgres.env.find((e: { name: string }) => e.name === 'POSTGRES_PASSWORD').valueFrom.secretKeyRef,
    ).toEqual({
      name: 'todo-todo-chatbot',
      key: 'postgres-password',
    });
    // Kafka's advertised address is the Service the services reach it by.
    const kafka = container(rendered.get('StatefulSet', 'todo-todo-chatbot-kafka'));
    const advertised = kafka.env.find((e: { name: string }) => e.name === 'KAFKA_ADVERTISED_LISTENERS').value;
    expect(advertised).toBe(`PLAINTEXT://${rendered.all('ConfigMap')[0]!.data.KAFKA_BROKERS}`);

    const role = rendered.get('Role', 'todo-todo-chatbot-secret-reader');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['todo-todo-chatbot'], verbs: ['get'] },
    ]);
    const binding = rendered.get('RoleBinding', 'todo-todo-chatbot-secret-reader');
    for (const s of SERVICES) {
      expect(binding.subjects).toContainEqual({
        kind: 'ServiceAccount',
        name: deployment(rendered, s).spec.template.spec.serviceAccountName,
        namespace: 'todo',
      });
    }

    // A Secret of one's own: the chart makes none, and everything points at that one.
    const own = await render({ set: ['kafka.brokers=k:9092', 'secrets.existingSecret=mine'] });
    expect(own.all('Secret')).toEqual([]);
    expect(own.get('Role', 'todo-todo-chatbot-secret-reader').rules[0].resourceNames).toEqual(['mine']);
    expect(containerEnv(own, deployment(own, 'core')).SECRET_NAME).toBe('mine');
  });

  it('runs every service container unprivileged on a read-only root, spread out and with disruption budgets', async () => {
    for (const profile of PROFILES) {
      const rendered = await render({ profile });
      for (const s of SERVICES) {
        const d = deployment(rendered, s);
        expect(d.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
        expect(container(d).securityContext).toEqual({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
        expect(container(d).volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
        const many = profile !== 'minikube';
        expect(
          rendered.all('PodDisruptionBudget').some((p) => p.metadata.name === d.metadata.name),
          `${profile} ${s}`,
        ).toBe(many);
        expect(Boolean(d.spec.template.spec.topologySpreadConstraints)).toBe(many);
      }
    }
  });

  it('lets the autoscaler own the gateway’s replica count when it is on', async () => {
    const rendered = await render({ profile: 'aks' });
    expect(deployment(rendered, 'gateway').spec.replicas).toBeUndefined();
    expect(deployment(rendered, 'core').spec.replicas).toBe(2);
    expect(rendered.get('HorizontalPodAutoscaler', 'todo-todo-chatbot-gateway').spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'todo-todo-chatbot-gateway',
    });
    expect(rendered.get('Ingress', 'todo-todo-chatbot').metadata.annotations).toMatchObject({
      'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600',
    });
  });

  it('on GKE, ties the gateway’s Service to a BackendConfig that keeps WebSockets open', async () => {
    const rendered = await render({ profile: 'gke' });
    const service = rendered.get('Service', 'todo-todo-chatbot-gateway');
    const { default: name } = JSON.parse(service.metadata.annotations!['cloud.google.com/backend-config']!);
    const backend = rendered.get('BackendConfig', name);
    expect(backend.spec.timeoutSec).toBeGreaterThan(loadConfig({}).WS_IDLE_TIMEOUT_SECONDS);
    expect(backend.spec.healthCheck).toMatchObject({ requestPath: '/healthz', port: 8080 });
    const ingress = rendered.get('Ingress', 'todo-todo-chatbot');
    expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({
      name: service.metadata.name,
      port: { name: 'http' },
    });
  });

  it('probes core and the notifier with a command that really asks their /healthz on loopback', async () => {
    let healthy = true;
    const server = await statusServer('/healthz', () => healthy);
    try {
      const rendered = await render({ set: [...REQUIRED, `core.port=${server.port}`] });
      const d = deployment(rendered, 'core');
      expect(annotations(d)['dapr.io/app-health-check-path']).toBe('/healthz');
      const [command, ...args] = container(d).livenessProbe.exec.command as string[];
      expect(command).toBe('node');
      expect(await nodeExit(args)).toBe(0);
      healthy = false;
      expect(await nodeExit(args)).toBe(1);
    } finally {
      server.close();
    }
  });

  it('ships a helm test that asks the gateway’s Service for /readyz, and fails when it is not ready', async () => {
    const rendered = await render({ set: REQUIRED });
    const pod = rendered.get('Pod', 'todo-todo-chatbot-test-ready');
    expect(pod.metadata.annotations).toMatchObject({ 'helm.sh/hook': 'test' });
    const service = rendered.get('Service', 'todo-todo-chatbot-gateway');
    const [flag, script] = pod.spec.containers[0].args as string[];
    const inCluster = `http://${service.metadata.name}:${service.spec.ports[0].port}/readyz`;
    expect(flag).toBe('-e');
    expect(script).toContain(inCluster);

    let ready = false;
    const server = await statusServer('/readyz', () => ready);
    const local = ['-e', script!.replace(inCluster, `http://127.0.0.1:${server.port}/readyz`)];
    try {
      expect(await nodeExit(local)).toBe(1);
      ready = true;
      expect(await nodeExit(local)).toBe(0);
    } finally {
      server.close();
    }
  });

  it('with network policies on, opens each pod only to whom it serves', async () => {
    const rendered = await render({ profile: 'minikube', set: ['networkPolicy.enabled=true'] });
    const policies = rendered.all('NetworkPolicy');
    const release = { 'app.kubernetes.io/name': 'todo-chatbot', 'app.kubernetes.io/instance': 'todo' };
    const selecting = (workload: Manifest) =>
      policies.filter((p) =>
        Object.entries(p.spec.podSelector.matchLabels).every(
          ([k, v]) => workload.spec.template.metadata.labels[k] === v,
        ),
      );
    for (const workload of [...rendered.all('Deployment'), ...rendered.all('StatefulSet')]) {
      expect(selecting(workload), workload.metadata.name).toHaveLength(1);
    }
    const rules = (name: string) => rendered.get('NetworkPolicy', `todo-todo-chatbot-${name}`).spec.ingress;
    const fromRelease = { from: [{ podSelector: { matchLabels: release } }] };
    // Sidecars talk to sidecars on Dapr's internal gRPC port; the kubelet probes the sidecar's health port.
    expect(rules('core')).toEqual([
      { ...fromRelease, ports: [{ port: 50002 }] },
      { ports: [{ port: 3501 }] },
    ]);
    expect(rules('notifier')).toEqual(rules('core'));
    // The gateway's HTTP port is open to all (the ingress controller); nothing else is.
    expect(rules('gateway')).toEqual([
      { ...fromRelease, ports: [{ port: 50002 }] },
      {
        ports: [{ port: 3501 }, { port: container(deployment(rendered, 'gateway')).ports[0].containerPort }],
      },
    ]);
    expect(rules('postgresql')).toEqual([{ ...fromRelease, ports: [{ port: 5432 }] }]);
    expect(rules('kafka')).toEqual([{ ...fromRelease, ports: [{ port: 9092 }] }]);

    expect((await render({ profile: 'minikube' })).all('NetworkPolicy')).toEqual([]);
  });
});
