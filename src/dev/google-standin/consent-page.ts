import type { SandboxCustomer } from './state';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Google's account chooser and consent screen, reduced: pick a Workspace, approve as its admin or as an employee, or deny. */
export function consentPage(params: URLSearchParams, customers: SandboxCustomer[]): string {
  const keep = ['client_id', 'redirect_uri', 'scope', 'state', 'access_type', 'prompt'];
  const hidden = keep.map((k) => `<input type="hidden" name="${k}" value="${esc(params.get(k) ?? '')}">`).join('');
  const options = customers
    .map((c) => `<option value="${esc(c.id)}">${esc(c.domains.find((d) => d.isPrimary)?.domainName ?? c.name)}</option>`)
    .join('');
  const scopes = (params.get('scope') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((s) => `<li><code>${esc(s)}</code></li>`)
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>Sign in with Google (stand-in)</title>
<style>body{font:15px system-ui;max-width:34rem;margin:3rem auto}button{margin:.3rem .5rem 0 0}</style></head>
<body><h1>Layer wants to access your Google Account</h1><p>This is the project's local Google stand-in.</p>
<p>Layer will be able to:</p><ul>${scopes}</ul>
<form method="post" action="/o/oauth2/v2/auth/decision">${hidden}
<label>Workspace <select name="customer_id">${options}</select></label><br>
<button name="decision" value="admin">Allow, as the Workspace's administrator</button>
<button name="decision" value="member">Allow, as an employee (not an admin)</button>
<button name="decision" value="deny">Cancel</button>
</form></body></html>`;
}
