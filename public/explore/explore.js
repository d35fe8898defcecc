/* The explorer: reads the identity graph through the same GraphQL API and JWT as GraphiQL, draws it with
   cytoscape (served from the npm package, no CDN). A person: their accounts and apps. An app: its members,
   coloured by internal or external email domain, and people by their directory status once a directory is connected. */
(function () {
  'use strict';
  var tokenBox = document.getElementById('token');
  var status = document.getElementById('status');
  var saved = sessionStorage.getItem('layer.jwt') || (window.LAYER_EXPLORER && window.LAYER_EXPLORER.token) || '';
  tokenBox.value = saved;
  if (!saved) document.getElementById('auth').open = true;
  tokenBox.addEventListener('change', function () {
    sessionStorage.setItem('layer.jwt', tokenBox.value.trim());
  });

  var cy = cytoscape({
    container: document.getElementById('graph'),
    wheelSensitivity: 0.3,
    style: [
      {
        selector: 'node',
        style: {
          label: 'data(label)',
          'font-size': 10,
          'text-valign': 'bottom',
          'text-margin-y': 4,
          color: '#1f2328',
          width: 18,
          height: 18,
          'text-background-color': '#ffffff',
          'text-background-opacity': 0.85,
          'text-background-padding': 2,
          'z-index': 5,
        },
      },
      { selector: 'node.person', style: { 'background-color': '#8250df', width: 28, height: 28 } },
      { selector: 'node.account', style: { 'background-color': '#6e7781', shape: 'round-rectangle' } },
      {
        selector: 'node.app',
        style: { 'background-color': '#1f6feb', shape: 'hexagon', width: 40, height: 40, 'font-size': 12, 'font-weight': 'bold' },
      },
      { selector: 'node.internal', style: { 'background-color': '#2da44e', label: '' } },
      { selector: 'node.internal.hover', style: { label: 'data(label)', 'z-index': 10 } },
      { selector: 'node.external', style: { 'background-color': '#fb8500' } },
      // A directory's status outranks the domain colours: a suspended or deleted person with access is what to find.
      { selector: 'node.status-active', style: { 'background-color': '#2da44e' } },
      { selector: 'node.status-suspended', style: { 'background-color': '#d1242f', 'border-width': 3, 'border-color': '#82071e' } },
      { selector: 'node.status-archived', style: { 'background-color': '#9a6700', 'border-width': 3, 'border-color': '#4d2d00' } },
      {
        selector: 'node.status-deleted',
        style: { 'background-color': '#82071e', 'border-width': 3, 'border-color': '#1f2328', label: 'data(label)' },
      },
      { selector: 'node.status-not_in_directory', style: { 'background-color': '#bf3989', label: 'data(label)' } },
      { selector: 'node.status-external', style: { 'background-color': '#fb8500' } },
      { selector: 'node.former', style: { opacity: 0.45 } },
      // An OWNER or ADMIN account (Account.role): a thick gold border, whatever its other colours.
      { selector: 'node.privileged', style: { 'border-width': 4, 'border-color': '#bf8700', shape: 'star' } },
      {
        selector: 'edge',
        style: {
          width: 1.5,
          'line-color': '#afb8c1',
          'curve-style': 'bezier',
          'target-arrow-shape': 'triangle',
          'target-arrow-color': '#afb8c1',
          'arrow-scale': 0.8,
        },
      },
      { selector: 'edge.former', style: { 'line-style': 'dashed' } },
    ],
  });
  window.explorer = { cy: cy };
  // Internal members are many: their labels show on hover; external ones, the app and people always show theirs.
  cy.on('mouseover', 'node', function (ev) {
    ev.target.addClass('hover');
  });
  cy.on('mouseout', 'node', function (ev) {
    ev.target.removeClass('hover');
  });

  function say(text, isError) {
    status.textContent = text;
    status.className = isError ? 'error' : '';
  }

  function gql(query, variables) {
    var token = tokenBox.value.trim().replace(/^Bearer\s+/i, '');
    return fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token },
      body: JSON.stringify({ query: query, variables: variables }),
    })
      .then(function (res) {
        return res.json();
      })
      .then(function (body) {
        if (body.errors && body.errors.length)
          throw new Error(body.errors[0].message + ' (' + ((body.errors[0].extensions || {}).code || 'ERROR') + ')');
        return body.data;
      });
  }

  var PERSON =
    'query Person($email: String!) { user(email: $email) { email name external employment { status } ' +
    'accounts(includeRemoved: true) { id name current removedAt role workspace { id name provider } } } }';
  // External members first (they are what an analyst looks for), then internal ones up to 100 nodes.
  var APP =
    'query App($name: String!) { apps(first: 1, filter: { nameContains: $name }) { edges { node { id name provider memberCount ' +
    'external: members(first: 50, filter: { external: true }) { edges { node { email name external employment { status } } } } ' +
    'internal: members(first: 100, filter: { external: false }) { edges { node { email name external employment { status } } } } } } } }';
  // Without known tenant domains nobody is external: every member, uncoloured.
  var APP_PLAIN =
    'query AppPlain($name: String!) { apps(first: 1, filter: { nameContains: $name }) { edges { node { id name provider memberCount ' +
    'internal: members(first: 100) { edges { node { email name external employment { status } } } } } } } }';

  /** ' status-suspended' etc.; nothing while UNKNOWN (no directory), so the domain colours stay. */
  function statusClass(user) {
    var s = user.employment && user.employment.status;
    return s && s !== 'UNKNOWN' ? ' status-' + s.toLowerCase() : '';
  }

  function drawPerson(user) {
    var els = [
      {
        data: { id: 'u:' + user.email, label: user.email + ' (' + user.employment.status.toLowerCase() + ')' },
        classes: 'person' + statusClass(user),
      },
    ];
    user.accounts.forEach(function (a) {
      var former = a.current ? '' : ' former';
      var privileged = a.role === 'OWNER' || a.role === 'ADMIN';
      els.push({
        data: {
          id: 'a:' + a.id,
          label: (a.name || a.id) + (privileged ? ' [' + a.role.toLowerCase() + ']' : '') + (a.current ? '' : ' (left)'),
        },
        classes: 'account' + former + (privileged ? ' privileged' : ''),
      });
      els.push({ data: { id: 'w:' + a.workspace.id, label: a.workspace.name || a.workspace.id }, classes: 'app' });
      els.push({ data: { id: 'e1:' + a.id, source: 'u:' + user.email, target: 'a:' + a.id } });
      els.push({ data: { id: 'e2:' + a.id, source: 'a:' + a.id, target: 'w:' + a.workspace.id }, classes: former.trim() });
    });
    return els;
  }

  function members(app) {
    var external = app.external ? app.external.edges : [];
    return external.concat(app.internal.edges.slice(0, Math.max(0, 100 - external.length)));
  }

  function drawApp(app) {
    var els = [{ data: { id: 'w:' + app.id, label: app.name || app.id }, classes: 'app' }];
    members(app).forEach(function (e) {
      var u = e.node;
      var side = u.external === true ? 'external' : u.external === false ? 'internal' : '';
      els.push({ data: { id: 'u:' + u.email, label: u.email }, classes: 'member ' + side + statusClass(u) });
      els.push({ data: { id: 'm:' + u.email, source: 'u:' + u.email, target: 'w:' + app.id } });
    });
    return els;
  }

  function render(els, summary) {
    cy.elements().remove();
    cy.add(els);
    cy.layout({ name: 'cose', animate: false, nodeRepulsion: 9000, idealEdgeLength: 80, padding: 30 }).run();
    cy.fit(undefined, 30);
    say(summary + ' ' + cy.nodes().length + ' nodes drawn.');
  }

  function search(text) {
    say('Loading…');
    if (text.indexOf('@') >= 0) {
      return gql(PERSON, { email: text }).then(function (data) {
        if (!data.user) return say('No person with the email ' + text + '.', true);
        var current = data.user.accounts.filter(function (a) {
          return a.current;
        }).length;
        render(
          drawPerson(data.user),
          data.user.email + ': ' + current + ' current account(s), ' + (data.user.accounts.length - current) + ' ended.',
        );
      });
    }
    return gql(APP, { name: text })
      .catch(function (err) {
        if (/TENANT_DOMAINS_UNKNOWN|domains are not known/.test(err.message)) return gql(APP_PLAIN, { name: text });
        throw err;
      })
      .then(function (data) {
        var edge = data.apps.edges[0];
        if (!edge) return say('No app whose name contains "' + text + '".', true);
        var app = edge.node;
        var shownMembers = members(app);
        var external = shownMembers.filter(function (e) {
          return e.node.external === true;
        }).length;
        var shown = shownMembers.length;
        render(drawApp(app), app.name + ': ' + app.memberCount + ' members (' + shown + ' shown, ' + external + ' external).');
      });
  }

  document.getElementById('search').addEventListener('submit', function (ev) {
    ev.preventDefault();
    search(document.getElementById('query').value.trim()).catch(function (err) {
      say(err.message, true);
    });
  });
  var initial = new URLSearchParams(location.search).get('q');
  if (initial) {
    document.getElementById('query').value = initial;
    search(initial).catch(function (err) {
      say(err.message, true);
    });
  }
})();
