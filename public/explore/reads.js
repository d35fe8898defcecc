/* The explorer's reads: one GraphQL POST with the viewer's bearer token (the same JWT as GraphiQL), and the
   overview's pages of existing fields (apps, users with their accounts and employment, offboardingGaps). */
(function (root) {
  'use strict';
  /** `tokenOf()` gives the JWT to send, read at each request (the analyst may paste another). */
  root.LayerReads = function (tokenOf) {
    function gql(query, variables) {
      var token = tokenOf();
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

    // The overview's reads: existing fields, a page of 100 at a time, each within the query cost limit, and at most
    // MAX_PAGES pages of each, so a tenant of any size costs a bounded number of requests (docs/explorer.md).
    var MAX_PAGES = { apps: 2, users: 10, offboardingGaps: 3 };
    /** An account's fields for the overview: `role` is what personMark marks OWNER/ADMIN people by. */
    var ACCOUNT_FIELDS = 'role workspace { id }';
    var PAGES = {
      apps: 'query Apps($after: String) { apps(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id name provider memberCount } } } }',
      users:
        'query People($after: String) { users(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } ' +
        'edges { node { email employment { status } accounts { ' +
        ACCOUNT_FIELDS +
        ' } } } } }',
      offboardingGaps:
        'query Gaps($after: String) { offboardingGaps(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { user { email } } } } }',
    };

    /** Every node of a Relay field, page after page, up to MAX_PAGES[field]; `more` when pages were left unread. */
    function readPages(field) {
      var nodes = [];
      var totalCount = null;
      function next(after, left) {
        return gql(PAGES[field], { after: after }).then(function (data) {
          var page = data[field];
          if (typeof page.totalCount === 'number') totalCount = page.totalCount;
          page.edges.forEach(function (e) {
            nodes.push(e.node);
          });
          if (page.pageInfo.hasNextPage && left > 1) return next(page.pageInfo.endCursor, left - 1);
          return { nodes: nodes, more: page.pageInfo.hasNextPage, totalCount: totalCount };
        });
      }
      return next(null, MAX_PAGES[field]);
    }

    return { gql: gql, readPages: readPages };
  };
})(this);
