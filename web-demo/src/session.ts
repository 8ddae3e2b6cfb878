// Who is signed in (the dev session cookie), the data file's users, and whether hubd runs in
// test mode (fault injection and tokens available).
import seed from '../../server/data/seed.json';
import { ApiError, api } from './api';

export interface User {
  id: string;
  name: string;
  workspace: string;
  role: string;
}

export interface Session {
  user: string;
  workspace: string;
  role: string;
}

export const users: readonly User[] = seed.users;
export const workspaces = seed.workspaces;
export const projects = seed.projects;

export function userName(id: string): string {
  return users.find((u) => u.id === id)?.name ?? id;
}

export function usersOf(workspace: string): User[] {
  return users.filter((u) => u.workspace === workspace);
}

export function projectsOf(workspace: string) {
  return projects.filter((p) => p.workspace === workspace);
}

/** The session; with none, signs in as the first data-file user (a demo convenience). */
export async function resolveSession(): Promise<Session | null> {
  try {
    return await api<Session>('/api/v1/session');
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
  }
  try {
    return await signIn(users[0].id);
  } catch {
    return null;
  }
}

export function signIn(user: string): Promise<Session> {
  return api<Session>('/api/v1/session', { method: 'POST', body: { user } });
}

/** hubd answers 404 on the fault endpoint unless it runs with --test-mode. */
export async function detectTestMode(): Promise<boolean> {
  try {
    const res = await fetch('/api/v1/test/faults', { method: 'GET', credentials: 'omit' });
    return res.status !== 404;
  } catch {
    return false;
  }
}

/** Someone else of the same workspace, to perform "another user's" actions. */
export function otherUser(session: Session, prefer: string[] = []): string {
  const mates = usersOf(session.workspace).filter((u) => u.id !== session.user);
  return prefer.find((id) => mates.some((u) => u.id === id)) ?? mates[0]?.id ?? session.user;
}
