/**
 * The provider behind the Notion-named parts of the frontend's original contract (connectNotion,
 * completeNotionOAuth, reconnectNotion, disconnectNotion, `workspaces`), which keep answering exactly as
 * before the connector contract. Everything else in the API is provider-neutral.
 */
export const NOTION = 'notion';
