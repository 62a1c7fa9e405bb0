import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT } from './paths.js';

const DAPR_DIR = join(ROOT, 'dapr');

function render(template: string, vars: Record<string, string>): string {
  return template.replace(/\$\{(\w+)\}/g, (_, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new Error(`dapr resource needs \${${name}}`);
    return value;
  });
}

/** The project's Dapr resources (dapr/resources/*.yaml) and Configuration, with `${VAR}`s filled in. */
export async function renderDaprFiles(
  vars: Record<string, string>,
): Promise<{ resources: Record<string, string>; config: string }> {
  const resources: Record<string, string> = {};
  for (const file of await readdir(join(DAPR_DIR, 'resources'))) {
    if (file.endsWith('.yaml')) {
      resources[file.replace(/\.yaml$/, '')] = render(
        await readFile(join(DAPR_DIR, 'resources', file), 'utf8'),
        vars,
      );
    }
  }
  return { resources, config: render(await readFile(join(DAPR_DIR, 'config.yaml'), 'utf8'), vars) };
}
