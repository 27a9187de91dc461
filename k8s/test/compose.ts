import { parse } from 'yaml';
import { readRepoFile } from './helpers';

/**
 * Compose's variable interpolation: $$ is a literal $, ${VAR}, $VAR, ${VAR:-default},
 * ${VAR-default}, ${VAR:?error}, ${VAR?error}, ${VAR:+alt}, ${VAR+alt}. A required variable that
 * is unset throws, as `docker compose config` fails.
 */
function interpolate(text: string, vars: Record<string, string>): string {
  return text.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^}$]|\$\$)*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (match, name: string | undefined, op: string | undefined, arg: string | undefined, bare: string | undefined) => {
      if (match === '$$') return '$';
      const key = (name ?? bare)!;
      const value = vars[key];
      const unsetOrEmpty = value === undefined || (op?.startsWith(':') && value === '');
      switch (op) {
        case ':-':
        case '-':
          return unsetOrEmpty ? arg! : value!;
        case ':?':
        case '?':
          if (unsetOrEmpty) throw new Error(`required variable ${key} is missing: ${arg}`);
          return value!;
        case ':+':
        case '+':
          return unsetOrEmpty ? '' : arg!;
        default:
          return value ?? '';
      }
    },
  );
}

/** The variables a dotenv file sets, as compose reads .env (quotes stripped, no escapes in '…'). */
export function parseEnvFile(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2]!.trim();
    if (/^'.*'$/.test(value)) value = value.slice(1, -1);
    else if (/^".*"$/.test(value)) value = value.slice(1, -1).replace(/\\n/g, '\n');
    else value = value.replace(/\s+#.*$/, '');
    vars[m[1]!] = value;
  }
  return vars;
}

export const composeText = () => readRepoFile('docker-compose.yml');

/** docker-compose.yml with YAML merge keys resolved, then every string value interpolated. */
export function loadCompose(vars: Record<string, string>): any {
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return interpolate(node, vars);
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    return node;
  };
  return walk(parse(composeText(), { merge: true }));
}

/** A service's environment as a map (compose allows a map or a list of KEY=value). */
export function serviceEnv(service: any): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry: string) => {
        const eq = entry.indexOf('=');
        return [entry.slice(0, eq), entry.slice(eq + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
}
