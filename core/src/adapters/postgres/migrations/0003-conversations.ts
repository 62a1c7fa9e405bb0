export default `
-- The assistant's conversations (the state port, embedded runtime): each one's whole state as one JSON
-- document, replaced on each message; version guards against two tabs saving over each other.
create table chat_conversations (
  user_id uuid not null references users (id) on delete cascade,
  conversation_id text not null,
  state jsonb not null,
  version integer not null,
  updated_at timestamptz(3) not null,
  primary key (user_id, conversation_id)
);
`;
