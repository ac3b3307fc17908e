import type { Component } from 'vue'
import { Document, HomeFilled, Message, Monitor, OfficeBuilding, Tickets, User } from '@element-plus/icons-vue'

export const menuIcons: Record<string, Component> = {
  home: HomeFilled,
  petitions: Message,
  org: OfficeBuilding,
  users: User,
  sessions: Monitor,
  loginLog: Tickets,
  auditLog: Document,
}
