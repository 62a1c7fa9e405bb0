import type { TagCount } from '@todo/contracts';
import type { CursorValue, ListedTask, ListPlan, SortKey, SortTerm } from '../../domain/list-plan.js';
import type { TaskQueries } from '../../ports/task-queries.js';
import { dbSpan, type Fragment, type Sql } from './database.js';
import { fromTaskRow, type TaskRow } from './task-rows.js';

interface ListedRow extends TaskRow {
  rank: number | null;
  title_key: string;
}

/** Search, filter, sort and keyset pagination over `tasks`, all in one statement. */
export class PostgresTaskQueries implements TaskQueries {
  constructor(private readonly sql: Sql) {}

  list(plan: ListPlan): Promise<ListedTask[]> {
    const { sql } = this;
    const query = plan.search ? searchQuery(sql, plan.search) : null;
    return dbSpan('tasks.list', async () => {
      const rows = await sql<ListedRow[]>`
        select * from (
          select t.*,
            (t.due_at is null) as due_missing,
            lower(t.title) collate "C" as title_key,
            ${query ? sql`ts_rank_cd(t.search, ${query})::real` : sql`null::real`} as rank
          from tasks t
          where ${and(sql, filters(sql, plan, query))}
        ) listed
        where ${plan.after ? after(sql, plan.sort, plan.after) : sql`true`}
        order by ${join(
          sql,
          plan.sort.map((term) => orderBy(sql, term)),
          sql`, `,
        )}
        limit ${plan.fetch}`;
      return rows.map((row) => ({ task: fromTaskRow(row), rank: row.rank, titleKey: row.title_key }));
    });
  }

  tagCounts(userId: string): Promise<TagCount[]> {
    return dbSpan('tasks.tag_counts', () =>
      this.sql<TagCount[]>`
        select tag, count(*)::int as count, (count(*) filter (where status = 'open'))::int as "openCount"
        from tasks, unnest(tags) as tag
        where user_id = ${userId}
        group by tag
        order by count desc, tag`.then((rows) => [...rows]),
    );
  }
}

/** Every word must match, either by its English stem or as the prefix of a word as written. */
function searchQuery(sql: Sql, words: string[]): Fragment {
  const each = words.map(
    (word) => sql`(to_tsquery('simple', ${`${word}:*`}) || to_tsquery('english', ${word}))`,
  );
  return sql`(${join(sql, each, sql` && `)})`;
}

function filters(sql: Sql, plan: ListPlan, query: Fragment | null): Fragment[] {
  const where = [sql`t.user_id = ${plan.userId}`, sql`t.status = any(${plan.statuses}::text[])`];
  if (query) where.push(sql`t.search @@ ${query}`);
  if (plan.priorities) where.push(sql`t.priority = any(${plan.priorities}::text[])`);
  if (plan.tags) {
    where.push(
      plan.tags.mode === 'all'
        ? sql`t.tags @> ${plan.tags.values}::text[]`
        : sql`t.tags && ${plan.tags.values}::text[]`,
    );
  }
  if (plan.dueMissing) where.push(sql`t.due_at is null`);
  for (const bound of plan.dueBounds) {
    const at = bound.at.toISOString();
    if (bound.op === 'gte') where.push(sql`t.due_at >= ${at}::timestamptz`);
    if (bound.op === 'lt') where.push(sql`t.due_at < ${at}::timestamptz`);
    if (bound.op === 'lte') where.push(sql`t.due_at <= ${at}::timestamptz`);
  }
  return where;
}

/** The column of the inner select that each sort key reads. */
const COLUMN: Record<SortKey, string> = {
  dueMissing: 'due_missing',
  dueAt: 'due_at',
  priorityRank: 'priority_rank',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  titleKey: 'title_key',
  rank: 'rank',
  id: 'id',
};

/** A cursor value typed like its column, so comparisons use the column's type (and C collation). */
function value(sql: Sql, key: SortKey, v: CursorValue): Fragment {
  switch (key) {
    case 'dueMissing':
      return sql`${v}::boolean`;
    case 'dueAt':
    case 'createdAt':
    case 'updatedAt':
      return sql`${v}::timestamptz`;
    case 'priorityRank':
      return sql`${v}::smallint`;
    case 'titleKey':
      return sql`${v}::text collate "C"`;
    case 'rank':
      return sql`${v}::real`;
    case 'id':
      return sql`${v}::uuid`;
  }
}

function orderBy(sql: Sql, term: SortTerm): Fragment {
  return term.dir === 'asc' ? sql`${sql(COLUMN[term.key])} asc` : sql`${sql(COLUMN[term.key])} desc`;
}

/**
 * Rows strictly after the cursor in the (mixed-direction) sort order:
 * (k1 > v1) or (k1 = v1 and k2 > v2) or … with > or < per term's direction.
 */
function after(sql: Sql, sort: SortTerm[], values: CursorValue[]): Fragment {
  const branches = sort.map((term, i) => {
    const equalBefore = sort
      .slice(0, i)
      .map(
        (prior, j) =>
          sql`${sql(COLUMN[prior.key])} is not distinct from ${value(sql, prior.key, values[j] ?? null)}`,
      );
    const column = sql(COLUMN[term.key]);
    const bound = value(sql, term.key, values[i] ?? null);
    const beyond = term.dir === 'asc' ? sql`${column} > ${bound}` : sql`${column} < ${bound}`;
    return and(sql, [...equalBefore, beyond]);
  });
  return join(
    sql,
    branches.map((branch) => sql`(${branch})`),
    sql` or `,
  );
}

function and(sql: Sql, parts: Fragment[]): Fragment {
  return join(sql, parts, sql` and `);
}

function join(sql: Sql, parts: Fragment[], separator: Fragment): Fragment {
  return parts.reduce((joined, part) => sql`${joined}${separator}${part}`);
}
