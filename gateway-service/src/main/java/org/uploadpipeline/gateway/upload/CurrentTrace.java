package org.uploadpipeline.gateway.upload;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;
import org.uploadpipeline.protocol.TraceParent;

/**
 * The trace context of the API request being served: the span Micrometer's HTTP server observation opened for it,
 * a child of the request's {@code traceparent} when it sent one, else the root of a new trace. Its W3C form goes into
 * the Kafka headers of what the request produces, so the upload's trace goes on in the processor.
 */
class CurrentTrace {

  private final Tracer tracer;
  private final Propagator propagator;

  CurrentTrace(Tracer tracer, Propagator propagator) {
    this.tracer = tracer;
    this.propagator = propagator;
  }

  /** The current span's {@code traceparent}; null outside a traced request. */
  TraceParent traceparent() {
    Span span = tracer.currentSpan();
    if (span == null) {
      return null;
    }
    Map<String, String> carrier = new HashMap<>();
    propagator.inject(span.context(), carrier, Map::put);
    return TraceParent.parse(carrier.get(TraceParent.HEADER)).orElse(null);
  }
}
