import type { SandboxWorkspace } from './state';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Notion's consent screen, reduced: pick a workspace and what the integration may read, Allow or Deny. */
export function consentPage(params: URLSearchParams, workspaces: SandboxWorkspace[]): string {
  const hidden = ['client_id', 'redirect_uri', 'state']
    .map((k) => `<input type="hidden" name="${k}" value="${esc(params.get(k) ?? '')}">`)
    .join('');
  const options = workspaces.map((w) => `<option value="${esc(w.id)}">${esc(w.name)}</option>`).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>Notion (stand-in): authorize Layer</title>
<style>body{font:15px system-ui;max-width:32rem;margin:3rem auto}fieldset{margin:1rem 0}button{margin-right:.5rem}</style></head>
<body><h1>Layer wants to connect to Notion</h1><p>This is the project's local Notion stand-in.</p>
<form method="post" action="/v1/oauth/authorize/decision">${hidden}
<label>Workspace <select name="workspace_id">${options}</select></label>
<fieldset><legend>User capabilities</legend>
<label><input type="radio" name="capability" value="email" checked> Read user information including email addresses</label><br>
<label><input type="radio" name="capability" value="no_email"> Read user information without email addresses</label><br>
<label><input type="radio" name="capability" value="none"> No user information</label></fieldset>
<button name="decision" value="allow">Allow access</button><button name="decision" value="deny">Cancel</button>
</form></body></html>`;
}
