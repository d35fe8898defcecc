/* The explorer's cytoscape style: colours come from the element's data (overview.js's palette), so the legend and
   the drawing cannot drift apart. Labels: hubs and groups always; people on hover, and a few marked ones (gap, privileged) in short. */
(function (root) {
  'use strict';
  var O = root.LayerOverview;
  root.LayerExplorerStyle = [
    {
      selector: 'node',
      style: {
        'font-size': 10,
        'text-valign': 'bottom',
        'text-margin-y': 4,
        color: '#1f2328',
        width: 18,
        height: 18,
        'background-color': 'data(colour)',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.85,
        'text-background-padding': 2,
        'z-index': 5,
      },
    },
    {
      selector: 'node.app',
      style: {
        label: 'data(label)',
        'background-color': O.HUB_COLOUR,
        shape: 'hexagon',
        width: 'data(size)',
        height: 'data(size)',
        'font-size': 13,
        'font-weight': 'bold',
        'z-index': 40,
      },
    },
    { selector: 'node.account', style: { label: 'data(label)', 'background-color': '#6e7781', shape: 'round-rectangle' } },
    { selector: 'node.person', style: { width: 16, height: 16 } },
    { selector: 'node.person.focus', style: { width: 28, height: 28, label: 'data(label)' } },
    {
      selector: 'node.group',
      style: {
        label: 'data(label)',
        width: 'data(size)',
        height: 'data(size)',
        color: '#57606a',
      },
    },
    {
      selector: 'node.gap',
      style: {
        'border-width': 3,
        'border-color': O.GAP_COLOUR,
        'underlay-color': O.GAP_COLOUR,
        'underlay-padding': 6,
        'underlay-opacity': 0.3,
        'underlay-shape': 'ellipse',
        'z-index': 25,
      },
    },
    {
      selector: 'node.privileged',
      style: { shape: 'diamond', 'border-width': 3, 'border-color': O.PRIVILEGED_COLOUR },
    },
    // A few marked people keep a short label (the address's local part); anyone shows their full address on hover.
    { selector: 'node.labelled', style: { label: 'data(short)' } },
    { selector: 'node.hover', style: { label: 'data(label)', 'z-index': 50 } },
    { selector: 'node.former', style: { opacity: 0.45 } },
    { selector: 'edge', style: { width: 1, 'line-color': '#afb8c1', 'curve-style': 'bezier', opacity: 0.7 } },
    { selector: 'edge.group', style: { width: 'data(weight)', opacity: 0.35 } },
    { selector: 'edge.gap', style: { width: 2, 'line-color': O.GAP_COLOUR, 'line-style': 'dashed', opacity: 1 } },
    { selector: 'edge.former', style: { 'line-style': 'dashed' } },
  ];
})(this);
