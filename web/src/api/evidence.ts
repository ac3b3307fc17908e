import { apiUrl, http, type RequestOptions } from './http'
import type { Id, PetitionAttachment, PetitionMessage, PetitionMessages } from './types'

// A petition's portal conversation and its evidence files (docs/portal-contract.md).
export const listMessages = (petitionId: Id, opts?: RequestOptions) =>
  http.get<PetitionMessages>(`/petitions/${petitionId}/messages`, undefined, opts)
export const sendMessage = (petitionId: Id, body: string) =>
  http.post<PetitionMessage>(`/petitions/${petitionId}/messages`, { body })
export const listAttachments = (petitionId: Id, opts?: RequestOptions) =>
  http.get<{ items: PetitionAttachment[] }>(`/petitions/${petitionId}/attachments`, undefined, opts)
/**
 * The file's bytes go as the body and its name in the query (percent-encoded,
 * so a space is %20 and a plus %2B); the server decides its type from the content.
 */
export const uploadAttachment = (petitionId: Id, file: File, opts?: RequestOptions) =>
  http.upload<PetitionAttachment>(`/petitions/${petitionId}/attachments?name=${encodeURIComponent(file.name)}`, file, undefined, opts)
/** For a plain link: the browser downloads with the session cookie (each download is audited). */
export const attachmentUrl = (petitionId: Id, attachmentId: Id) => apiUrl(`/petitions/${petitionId}/attachments/${attachmentId}`)
