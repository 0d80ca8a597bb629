/**
 * The web chat account that carries a workspace's studio previews (flows/preview-sessions.service.ts). Its
 * connection and the contacts it creates are the studio's plumbing: never listed as channels, contacts or audiences.
 */
export const STUDIO_PREVIEW_ACCOUNT_ID = 'studio-preview';

export function isStudioPreviewConnection(row: { platform: string; externalAccountId: string }): boolean {
  return row.platform === 'webchat' && row.externalAccountId === STUDIO_PREVIEW_ACCOUNT_ID;
}

/** SQL: `connectionColumn` is not the workspace's preview connection (`workspaceParam` is the workspace id's `$n`). */
export function notStudioPreviewSql(connectionColumn: string, workspaceParam: string): string {
  return `${connectionColumn} NOT IN (SELECT id FROM channel_connections WHERE workspace_id = ${workspaceParam} AND platform = 'webchat' AND external_account_id = '${STUDIO_PREVIEW_ACCOUNT_ID}')`;
}
