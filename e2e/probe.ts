import { testAdminUrl } from '@homelab/infra/test/admin';
import { client } from './support/http';
import { startTestStack } from './support/stack';
const admin = await testAdminUrl();
const stack = await startTestStack({ adminUrl: admin.adminUrl, label: 'probe' });
const api = client(stack.url);
await api.call('POST', '/api/auth/setup', { username: 'bench', password: 'benchmark password 1' });
const key = await api.call('POST', '/api/api-keys', { name: 'bench', scope: 'read' });
const auth = { authorization: `Bearer ${key.json.token}` };
for (const [path, h] of [['/api/auth/setup', {}], ['/api/api-keys', auth], ['/api/auth/me', auth], ['/api/health', {}]] as const) {
  const times: number[] = [];
  for (let i = 0; i < 30; i++) { const t = performance.now(); const r = await fetch(stack.url + path, { headers: h }); await r.text(); times.push(performance.now() - t); }
  times.sort((a, b) => a - b);
  console.log(path, 'median', times[15]!.toFixed(1), 'ms; p90', times[27]!.toFixed(1));
}
await stack.stop();
