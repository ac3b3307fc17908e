import type { Component } from 'vue'
import { Aim, Bell, Calendar, DataAnalysis, Document, HomeFilled, Message, Monitor, OfficeBuilding, Tickets, User } from '@element-plus/icons-vue'

export const menuIcons: Record<string, Component> = {
  home: HomeFilled,
  petitions: Message,
  warnings: Bell,
  visits: Calendar,
  screenings: Aim,
  stats: DataAnalysis,
  org: OfficeBuilding,
  users: User,
  sessions: Monitor,
  loginLog: Tickets,
  auditLog: Document,
}
