// The app's topics, declared once: every hook infers its payload type from this map.
export interface Project {
  id: string;
  name: string;
  state: 'active' | 'archived';
  status: string;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

export interface NewsItem {
  id: string;
  title: string;
  sentiment: 'positive' | 'neutral' | 'negative';
  tags: string[];
  at: string;
}

export interface Topics {
  'project.lifecycle': Project;
  'dashboard.new_item': NewsItem;
}

export const hubUrl = '/api/v1/events';
export const hubOptions = { enabled: import.meta.env.VITE_ENABLE_SSE_HUB === 'true' };
