/* The explorer's overview, as data: which hubs, which people drawn one by one, which aggregated, and how each is
   marked. Pure functions over the GraphQL answers (no DOM, no cytoscape), so a unit test runs them under Node and
   the page (explore.js) only draws what they return. Provider-neutral: a provider this file does not know still
   gets a readable label from its enum name. */
(function (root) {
  'use strict';

  /** Employment statuses in legend order, each with its colour; the legend and the drawing both read this. */
  var STATUS_COLOURS = {
    ACTIVE: '#2da44e',
    EXTERNAL: '#fb8500',
    SUSPENDED: '#d1242f',
    ARCHIVED: '#9a6700',
    DELETED: '#24292f',
    NOT_IN_DIRECTORY: '#bf3989',
    UNKNOWN: '#8c959f',
  };
  /** A hub's colour, and the halo of an offboarding gap and the ring of a privileged account. */
  var HUB_COLOUR = '#1f6feb';
  var GAP_COLOUR = '#cf222e';
  var PRIVILEGED_COLOUR = '#6639ba';

  /** Statuses that an analyst looks for: such a person is always drawn on their own (within MAX_PEOPLE). */
  var NOTABLE_STATUSES = { SUSPENDED: true, ARCHIVED: true, DELETED: true, NOT_IN_DIRECTORY: true };
  /** At most this many people drawn one by one; everyone else is in an aggregate node. */
  var MAX_PEOPLE = 120;
  /** A group of people sharing the same apps and status is drawn one by one when it is this small. */
  var SMALL_GROUP = 6;

  var PROVIDER_LABELS = {
    GITHUB: 'GitHub',
    GOOGLE_WORKSPACE: 'Google',
    MICROSOFT_ENTRA_ID: 'Entra ID',
    NOTION: 'Notion',
    SLACK: 'Slack',
  };

  /** "Google" for GOOGLE_WORKSPACE; an enum this file does not know becomes "Some Provider". */
  function providerLabel(provider) {
    if (PROVIDER_LABELS[provider]) return PROVIDER_LABELS[provider];
    return String(provider || '')
      .toLowerCase()
      .split('_')
      .map(function (w) {
        return w.charAt(0).toUpperCase() + w.slice(1);
      })
      .join(' ');
  }

  /** "Acme Corp · Notion": two apps with one name are told apart by their provider. */
  function appLabel(app) {
    return (app.name || app.externalId || app.id) + ' · ' + providerLabel(app.provider);
  }

  /**
   * How a person stands out: 'gap' (an offboarding gap, from offboardingGaps), 'privileged' (an OWNER or ADMIN
   * account, Account.role), or null.
   */
  function personMark(accounts, isGap) {
    if (isGap) return 'gap';
    var privileged = (accounts || []).some(function (a) {
      return a.role === 'OWNER' || a.role === 'ADMIN';
    });
    return privileged ? 'privileged' : null;
  }

  function statusOf(user) {
    var s = user.employment && user.employment.status;
    return STATUS_COLOURS[s] ? s : 'UNKNOWN';
  }

  /** Gap, then privileged, then a notable status, then the most apps: who keeps a node of their own first. */
  function priority(p) {
    return (p.mark === 'gap' ? 8 : p.mark === 'privileged' ? 4 : 0) + (NOTABLE_STATUSES[p.status] ? 2 : 0) + (p.apps.length > 1 ? 1 : 0);
  }

  /**
   * The overview of a tenant. `apps`: Workspace nodes (id, name, provider, memberCount); `users`: User nodes with
   * their current accounts ({ workspace { id } }); `gapEmails`: the emails offboardingGaps lists. Returns hubs,
   * people drawn one by one (each with their hub ids) and groups (one per set of apps and status, with a count).
   * People of no listed app (an app beyond the pages read) are left out and counted in `unplaced`.
   */
  function buildOverview(apps, users, gapEmails) {
    var hubIds = {};
    apps.forEach(function (a) {
      hubIds[a.id] = true;
    });
    var gaps = {};
    (gapEmails || []).forEach(function (e) {
      gaps[e] = true;
    });
    var unplaced = 0;
    var people = [];
    users.forEach(function (u) {
      var seen = {};
      var appIds = [];
      (u.accounts || []).forEach(function (a) {
        var id = a.workspace && a.workspace.id;
        if (id && hubIds[id] && !seen[id]) {
          seen[id] = true;
          appIds.push(id);
        }
      });
      if (appIds.length === 0) {
        unplaced++;
        return;
      }
      appIds.sort();
      people.push({ user: u, apps: appIds, status: statusOf(u), mark: personMark(u.accounts, gaps[u.email] === true) });
    });
    // Groups by (apps, status); a small group of people in several apps is drawn one by one, as is anyone marked or
    // of a notable status, most important first, up to MAX_PEOPLE.
    var byKey = {};
    people.forEach(function (p) {
      var key = p.apps.join('+') + '|' + p.status;
      (byKey[key] = byKey[key] || []).push(p);
    });
    var wantsOwnNode = people.filter(function (p) {
      var small = p.apps.length > 1 && byKey[p.apps.join('+') + '|' + p.status].length <= SMALL_GROUP;
      return p.mark !== null || NOTABLE_STATUSES[p.status] || small;
    });
    wantsOwnNode.sort(function (a, b) {
      return priority(b) - priority(a) || (a.user.email < b.user.email ? -1 : 1);
    });
    var individuals = wantsOwnNode.slice(0, MAX_PEOPLE);
    var drawn = {};
    individuals.forEach(function (p) {
      drawn[p.user.email] = true;
    });
    var groups = {};
    people.forEach(function (p) {
      if (drawn[p.user.email]) return;
      var key = p.apps.join('+') + '|' + p.status;
      if (!groups[key]) groups[key] = { id: 'g:' + key, apps: p.apps, status: p.status, count: 0 };
      groups[key].count++;
    });
    return {
      hubs: apps,
      people: individuals,
      groups: Object.keys(groups)
        .sort()
        .map(function (k) {
          return groups[k];
        }),
      unplaced: unplaced,
      total: people.length,
    };
  }

  var api = {
    STATUS_COLOURS: STATUS_COLOURS,
    HUB_COLOUR: HUB_COLOUR,
    GAP_COLOUR: GAP_COLOUR,
    PRIVILEGED_COLOUR: PRIVILEGED_COLOUR,
    MAX_PEOPLE: MAX_PEOPLE,
    SMALL_GROUP: SMALL_GROUP,
    providerLabel: providerLabel,
    appLabel: appLabel,
    personMark: personMark,
    buildOverview: buildOverview,
  };
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.LayerOverview = api;
})(this);
