/* The explorer: reads the identity graph through the same GraphQL API and JWT as GraphiQL, draws it with
   cytoscape (served from the npm package, no CDN). It opens on the tenant's overview (overview.js decides what is
   drawn); a search narrows to one person (their accounts and apps) or one app (its members); a click on a hub or a
   person does the same. docs/explorer.md says what is drawn and why. */
(function () {
  'use strict';
  var O = window.LayerOverview;
  var tokenBox = document.getElementById('token');
  var status = document.getElementById('status');
  var choices = document.getElementById('choices');
  var saved = sessionStorage.getItem('layer.jwt') || (window.LAYER_EXPLORER && window.LAYER_EXPLORER.token) || '';
  tokenBox.value = saved;
  if (!saved) document.getElementById('auth').open = true;
  tokenBox.addEventListener('change', function () {
    sessionStorage.setItem('layer.jwt', tokenBox.value.trim());
    overview().catch(fail);
  });

  var cy = cytoscape({ container: document.getElementById('graph'), wheelSensitivity: 0.3, style: window.LayerExplorerStyle });
  window.explorer = { cy: cy };
  cy.on('mouseover', 'node', function (ev) {
    ev.target.addClass('hover');
  });
  cy.on('mouseout', 'node', function (ev) {
    ev.target.removeClass('hover');
  });
  cy.on('tap', 'node.app', function (ev) {
    appById(ev.target.data('appId')).catch(fail);
  });
  cy.on('tap', 'node.person', function (ev) {
    if (ev.target.data('email')) person(ev.target.data('email')).catch(fail);
  });

  function say(text, isError) {
    status.textContent = text;
    status.className = isError ? 'error' : '';
  }
  function fail(err) {
    say(err.message, true);
  }

  var reads = window.LayerReads(function () {
    return tokenBox.value.trim().replace(/^Bearer\s+/i, '');
  });
  var gql = reads.gql;
  var readPages = reads.readPages;

  function drawLegend(counts) {
    var legend = document.getElementById('legend');
    legend.textContent = '';
    function item(colour, text, cls) {
      var li = document.createElement('li');
      var swatch = document.createElement('span');
      swatch.className = 'swatch' + (cls ? ' ' + cls : '');
      swatch.style.background = colour;
      li.appendChild(swatch);
      li.appendChild(document.createTextNode(text));
      legend.appendChild(li);
      return li;
    }
    item(O.HUB_COLOUR, 'app (hub)', 'hub');
    Object.keys(O.STATUS_COLOURS).forEach(function (s) {
      var n = counts ? counts[s] || 0 : null;
      var li = item(O.STATUS_COLOURS[s], s.toLowerCase().replace(/_/g, ' ') + (n === null ? '' : ' (' + n + ')'));
      li.dataset.status = s;
      li.dataset.count = n === null ? '' : String(n);
      li.dataset.colour = O.STATUS_COLOURS[s];
    });
    item('#ffffff', 'offboarding gap', 'gap').firstChild.style.borderColor = O.GAP_COLOUR;
    item('#ffffff', 'owner / admin account', 'privileged').firstChild.style.borderColor = O.PRIVILEGED_COLOUR;
  }

  var MAX_LABELS = 12;

  function overviewElements(model) {
    var els = [];
    model.hubs.forEach(function (a) {
      var size = 36 + Math.min(40, Math.sqrt(a.memberCount || 0) * 2);
      els.push({
        data: { id: 'w:' + a.id, appId: a.id, label: O.appLabel(a) + ' (' + a.memberCount + ')', colour: O.HUB_COLOUR, size: size },
        classes: 'app',
      });
    });
    // Marked people keep a short label only while they are few: beyond MAX_LABELS, labels pile up (hover shows them).
    var marked = model.people.filter(function (p) {
      return p.mark !== null;
    }).length;
    model.people.forEach(function (p) {
      var id = 'u:' + p.user.email;
      var label = p.user.email + ' (' + p.status.toLowerCase().replace(/_/g, ' ') + ')';
      var labelled = p.mark !== null && marked <= MAX_LABELS ? ' labelled' : '';
      els.push({
        data: { id: id, email: p.user.email, label: label, short: p.user.email.split('@')[0], colour: O.STATUS_COLOURS[p.status] },
        classes: 'person ' + (p.mark || '') + labelled,
      });
      p.apps.forEach(function (appId) {
        els.push({ data: { id: id + '>' + appId, source: id, target: 'w:' + appId }, classes: p.mark === 'gap' ? 'gap' : '' });
      });
    });
    model.groups.forEach(function (g) {
      var label = g.count + (g.apps.length === 1 ? ' only here' : ' people');
      els.push({
        data: {
          id: g.id,
          label: label,
          colour: O.STATUS_COLOURS[g.status],
          size: 14 + Math.min(46, Math.sqrt(g.count) * 3),
          count: g.count,
        },
        classes: 'group',
      });
      g.apps.forEach(function (appId) {
        els.push({
          data: { id: g.id + '>' + appId, source: g.id, target: 'w:' + appId, weight: 1 + Math.min(8, Math.log2(g.count)) },
          classes: 'group',
        });
      });
    });
    return els;
  }

  /** Draws `els`; `counts` are the legend's (the overview's), none for a narrowed view. */
  function render(els, summary, counts) {
    drawLegend(counts || null);
    cy.elements().remove();
    cy.add(els);
    cy.layout({
      name: 'cose',
      animate: false,
      nodeDimensionsIncludeLabels: true,
      nodeRepulsion: 20000,
      idealEdgeLength: 100,
      padding: 30,
      randomize: false,
    }).run();
    cy.fit(undefined, 30);
    say(summary + ' ' + cy.nodes().length + ' nodes drawn.');
  }

  function overview() {
    say('Loading the overview…');
    choices.textContent = '';
    return Promise.all([readPages('apps'), readPages('users'), readPages('offboardingGaps')]).then(function (r) {
      var apps = r[0];
      var users = r[1];
      var gaps = r[2];
      var gapEmails = gaps.nodes.map(function (g) {
        return g.user.email;
      });
      var model = O.buildOverview(apps.nodes, users.nodes, gapEmails);
      var partial =
        users.more || apps.more || gaps.more
          ? ' Only the first pages were read (' + users.nodes.length + ' of ' + users.totalCount + ' people).'
          : '';
      var summary = 'Overview: ' + apps.nodes.length + ' apps, ' + model.total + ' people (' + model.people.length + ' drawn one by one, ';
      summary += 'the rest in ' + model.groups.length + ' groups), ' + gapEmails.length + ' offboarding gaps.' + partial;
      render(overviewElements(model), summary, statusCounts(model));
    });
  }

  /** People per employment status, drawn one by one or in groups: the legend's counts. */
  function statusCounts(model) {
    var counts = {};
    model.people.forEach(function (p) {
      counts[p.status] = (counts[p.status] || 0) + 1;
    });
    model.groups.forEach(function (g) {
      counts[g.status] = (counts[g.status] || 0) + g.count;
    });
    return counts;
  }

  var PERSON =
    'query Person($email: String!) { user(email: $email) { email name external employment { status } ' +
    'accounts(includeRemoved: true) { id name current removedAt role workspace { id name provider } } } }';
  var MEMBERS =
    'external: members(first: 50, filter: { external: true }) { edges { node { email name external employment { status } } } } ' +
    'internal: members(first: 100, filter: { external: false }) { edges { node { email name external employment { status } } } }';
  // Without known tenant domains nobody is external: every member.
  var MEMBERS_PLAIN = 'internal: members(first: 100) { edges { node { email name external employment { status } } } }';
  var APP_FIELDS = 'id name provider memberCount ';
  var APPS_NAMED =
    'query Apps($name: String!) { apps(first: 10, filter: { nameContains: $name }) { edges { node { id name provider } } } }';
  var APP_BY_ID = function (members) {
    return 'query App($id: ID!) { node(id: $id) { ... on Workspace { ' + APP_FIELDS + members + ' } } }';
  };

  function statusColour(user) {
    var s = user.employment && user.employment.status;
    return O.STATUS_COLOURS[s] || O.STATUS_COLOURS.UNKNOWN;
  }

  function person(email) {
    say('Loading…');
    choices.textContent = '';
    return gql(PERSON, { email: email }).then(function (data) {
      var user = data.user;
      if (!user) return say('No person with the email ' + email + '.', true);
      var id = 'u:' + user.email;
      var els = [
        {
          data: {
            id: id,
            email: user.email,
            label: user.email + ' (' + user.employment.status.toLowerCase() + ')',
            colour: statusColour(user),
          },
          classes: 'person focus',
        },
      ];
      user.accounts.forEach(function (a) {
        var former = a.current ? '' : ' former';
        // An OWNER or ADMIN account is marked as the overview marks its person (Account.role).
        var privileged = a.role === 'OWNER' || a.role === 'ADMIN';
        var label = (a.name || a.id) + (privileged ? ' [' + a.role.toLowerCase() + ']' : '') + (a.current ? '' : ' (left)');
        els.push({ data: { id: 'a:' + a.id, label: label }, classes: 'account' + former + (privileged ? ' privileged' : '') });
        els.push({ data: { id: 'w:' + a.workspace.id, appId: a.workspace.id, label: O.appLabel(a.workspace), size: 40 }, classes: 'app' });
        els.push({ data: { id: 'e1:' + a.id, source: id, target: 'a:' + a.id } });
        els.push({ data: { id: 'e2:' + a.id, source: 'a:' + a.id, target: 'w:' + a.workspace.id }, classes: former.trim() });
      });
      var current = user.accounts.filter(function (a) {
        return a.current;
      }).length;
      render(els, user.email + ': ' + current + ' current account(s), ' + (user.accounts.length - current) + ' ended.');
    });
  }

  function appById(id) {
    say('Loading…');
    return gql(APP_BY_ID(MEMBERS), { id: id })
      .catch(function (err) {
        if (/TENANT_DOMAINS_UNKNOWN|domains are not known/.test(err.message)) return gql(APP_BY_ID(MEMBERS_PLAIN), { id: id });
        throw err;
      })
      .then(function (data) {
        var app = data.node;
        if (!app) return say('No such app.', true);
        var external = app.external ? app.external.edges : [];
        var shown = external.concat(app.internal.edges.slice(0, Math.max(0, 100 - external.length)));
        var els = [{ data: { id: 'w:' + app.id, appId: app.id, label: O.appLabel(app), size: 44 }, classes: 'app' }];
        shown.forEach(function (e) {
          var u = e.node;
          els.push({ data: { id: 'u:' + u.email, email: u.email, label: u.email, colour: statusColour(u) }, classes: 'person' });
          els.push({ data: { id: 'm:' + u.email, source: 'u:' + u.email, target: 'w:' + app.id } });
        });
        render(els, O.appLabel(app) + ': ' + app.memberCount + ' members (' + shown.length + ' shown, ' + external.length + ' external).');
      });
  }

  /** Apps whose name contains the text ("Acme Corp · Google" narrows to that provider); several: a button each. */
  function appNamed(text) {
    var parts = text.split(' · ');
    var wanted = parts.length > 1 ? parts.pop().toLowerCase() : null;
    return gql(APPS_NAMED, { name: parts.join(' · ') }).then(function (data) {
      var apps = data.apps.edges
        .map(function (e) {
          return e.node;
        })
        .filter(function (a) {
          return !wanted || O.providerLabel(a.provider).toLowerCase() === wanted;
        });
      if (apps.length === 0) return say('No app whose name contains "' + text + '".', true);
      return appById(apps[0].id).then(function () {
        choices.textContent = '';
        if (apps.length < 2) return;
        choices.appendChild(document.createTextNode(apps.length + ' apps match: '));
        apps.forEach(function (a) {
          var b = document.createElement('button');
          b.type = 'button';
          b.textContent = O.appLabel(a);
          b.addEventListener('click', function () {
            appById(a.id).catch(fail);
          });
          choices.appendChild(b);
        });
      });
    });
  }

  function search(text) {
    if (!text) return overview();
    return text.indexOf('@') >= 0 ? person(text) : appNamed(text);
  }

  document.getElementById('search').addEventListener('submit', function (ev) {
    ev.preventDefault();
    search(document.getElementById('query').value.trim()).catch(fail);
  });
  document.getElementById('overview').addEventListener('click', function () {
    document.getElementById('query').value = '';
    overview().catch(fail);
  });
  drawLegend(null);
  var initial = new URLSearchParams(location.search).get('q');
  if (initial) document.getElementById('query').value = initial;
  if (tokenBox.value.trim()) search((initial || '').trim()).catch(fail);
  else say('Paste a JWT to draw the overview.');
})();
