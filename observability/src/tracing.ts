import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';

export { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
export type { Span, Context, Attributes } from '@opentelemetry/api';

const tracer = trace.getTracer('todo-chatbot');

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** The parent; defaults to the active context. */
  parent?: Context;
  /** Errors for which the span is not marked failed (e.g. expected 4xx outcomes). */
  isExpected?: (error: unknown) => boolean;
}

/** Runs `fn` inside a new active span that ends when `fn` settles; a thrown error is recorded. */
export async function withSpan<T>(
  name: string,
  fn: (span: Span) => Promise<T>,
  options: SpanOptions = {},
): Promise<T> {
  const parent = options.parent ?? context.active();
  const span = tracer.startSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (error) {
    if (!options.isExpected?.(error)) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
    }
    throw error;
  } finally {
    span.end();
  }
}

/** Starts a span without activating it, for work whose end is signalled elsewhere (a response written). */
export function startSpan(name: string, options: Omit<SpanOptions, 'isExpected'> = {}): Span {
  return tracer.startSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes },
    options.parent ?? context.active(),
  );
}

/** Reads W3C trace context (`traceparent`, `tracestate`) from headers, a Kafka message or a frame. */
export function extractContext(carrier: Record<string, string | undefined>): Context {
  return propagation.extract(context.active(), carrier);
}

/** Writes the active W3C trace context into `carrier` and returns it. */
export function injectContext<C extends Record<string, string>>(
  carrier: C,
  from: Context = context.active(),
): C {
  propagation.inject(from, carrier);
  return carrier;
}

/**
 * The active trace context as W3C headers, to keep beside work that is done later (an outbox row), or null
 * outside a trace.
 */
export function traceCarrier(from: Context = context.active()): Record<string, string> | null {
  const carrier = injectContext({}, from);
  return Object.keys(carrier).length ? carrier : null;
}

/** Runs `fn` in the trace a `traceCarrier` names, or in none: not in whichever trace is active now. */
export function inTraceOf<T>(carrier: Record<string, string> | null | undefined, fn: () => T): T {
  return context.with(carrier ? propagation.extract(ROOT_CONTEXT, carrier) : ROOT_CONTEXT, fn);
}

/** Runs `fn` outside any trace: background work that a request merely woke up is not part of it. */
export function untraced<T>(fn: () => T): T {
  return context.with(ROOT_CONTEXT, fn);
}
