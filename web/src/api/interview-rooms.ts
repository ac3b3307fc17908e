import { http } from './http'
import type { components } from './openapi.gen'
import type { Id, Page } from './types'

// 谈话室 (CA-2): the rooms in scope, the week calendar and bookings.
type S = components['schemas']
export type InterviewRoom = S['InterviewRoom']
export type InterviewCalendar = S['InterviewRoomCalendar']
export type CalendarBooking = S['InterviewCalendarBooking']
export type InterviewBooking = S['InterviewBooking']
export type BookingInput = S['InterviewBookingInput']
export type RoomInput = S['InterviewRoomInput']
export type TalkInput = S['InterviewTalkInput']
/** A case as the booking dialog offers it (the case list's item). */
export type CaseChoice = S['CaseSummary']

export const listRooms = () => http.get<{ items: InterviewRoom[] }>('/interview-rooms')
export const createRoom = (input: RoomInput) => http.post<InterviewRoom>('/interview-rooms', input)
export const calendar = (from: string, to: string) => http.get<InterviewCalendar>('/interview-rooms/calendar', { from, to })
/** silent: the dialog shows the server's message itself (e.g. the conflict naming the room and the taken range). */
export const book = (roomId: Id, input: BookingInput) =>
  http.post<InterviewBooking>(`/interview-rooms/${roomId}/bookings`, input, { silent: true })
export const cancelBooking = (roomId: Id, id: Id) =>
  http.post<InterviewBooking>(`/interview-rooms/${roomId}/bookings/${id}/cancel`, {})
/** The cases under investigation the caller sees, for the booking dialog. */
export const investigatingCases = () =>
  http.get<Page<CaseChoice>>('/cases', { state: 'investigating', page_size: 100 })
/** A booking with its talk register and incidents. */
export const getBooking = (roomId: Id, id: Id) => http.get<InterviewBooking>(`/interview-rooms/${roomId}/bookings/${id}`)
/** The talk's register, saved as it stands (silent: the dialog shows the field at fault). */
export const saveTalk = (roomId: Id, id: Id, input: TalkInput) =>
  http.put<InterviewBooking>(`/interview-rooms/${roomId}/bookings/${id}/talk`, input, { silent: true })
export const closeTalk = (roomId: Id, id: Id) =>
  http.post<InterviewBooking>(`/interview-rooms/${roomId}/bookings/${id}/talk/close`, {}, { silent: true })
export type IncidentInput = S['InterviewIncidentInput']
export type IncidentReportInput = S['InterviewIncidentReportInput']
export type InterviewIncident = S['InterviewIncident']
/** An incident during the talk; its report to the higher organ is due within 24 hours. */
export const recordIncident = (roomId: Id, id: Id, input: IncidentInput) =>
  http.post<InterviewBooking>(`/interview-rooms/${roomId}/bookings/${id}/incidents`, input)
export const reportIncident = (roomId: Id, id: Id, incidentId: Id, input: IncidentReportInput) =>
  http.post<InterviewBooking>(`/interview-rooms/${roomId}/bookings/${id}/incidents/${incidentId}/report`, input)
