import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NotificationEvent } from '@todo/contracts';

export interface ReceivedPost {
  at: number;
  headers: IncomingHttpHeaders;
  raw: string;
  event: NotificationEvent;
}

/** A webhook receiver on 127.0.0.1: records every POST; `answer` picks the status (per user, per try). */
export async function startWebhookReceiver() {
  const posts: ReceivedPost[] = [];
  let answer: (event: NotificationEvent, tries: number) => number = () => 200;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const event = JSON.parse(raw) as NotificationEvent;
      posts.push({ at: Date.now(), headers: request.headers, raw, event });
      const tries = posts.filter((p) => p.event.id === event.id).length;
      response.writeHead(answer(event, tries)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}/${path}`,
    posts,
    of: (userId: string) => posts.filter((p) => p.event.userId === userId),
    answerWith(fn: typeof answer) {
      answer = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

/** What `x-todo-signature` must be for `raw`, computed as a receiver would. */
export const signature = (secret: string, raw: string) =>
  `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
