package org.uploadpipeline.processor.app;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;
import org.uploadpipeline.processor.model.UploadTracing;
import org.uploadpipeline.protocol.TraceParent;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * Each upload's spans with Micrometer Tracing (on OpenTelemetry; exported over OTLP only when an endpoint is
 * configured): {@code upload accept} when the chunker takes the job, a child of the job's {@code traceparent} (the
 * gateway's request, or whatever produced the job) or the root of a new trace; {@code upload end} when the tracker
 * publishes its final state. The trace context travels between them in the records' headers, not in memory, so it
 * survives restarts and crosses instances.
 */
final class MicrometerUploadTracing implements UploadTracing {

  private final Tracer tracer;
  private final Propagator propagator;

  MicrometerUploadTracing(Tracer tracer, Propagator propagator) {
    this.tracer = tracer;
    this.propagator = propagator;
  }

  @Override
  public String accepted(String uploadId, String tenantId, String jobTraceparent) {
    Span span = childOf(jobTraceparent).name("upload accept")
        .tag("upload.id", uploadId)
        .tag("tenant.id", tenantId)
        .start();
    try {
      Map<String, String> carrier = new HashMap<>();
      propagator.inject(span.context(), carrier, Map::put);
      return TraceParent.parse(carrier.get(TraceParent.HEADER)).map(TraceParent::header).orElse(null);
    } finally {
      span.end();
    }
  }

  @Override
  public void ended(String uploadId, String traceparent, UploadStatus status) {
    if (TraceParent.parse(traceparent).isEmpty()) {
      return;
    }
    childOf(traceparent).name("upload end")
        .tag("upload.id", uploadId)
        .tag("upload.status", status.wireName())
        .start()
        .end();
  }

  /** A span in the trace of a {@code traceparent}; a new trace when it carries none. */
  private Span.Builder childOf(String traceparent) {
    if (TraceParent.parse(traceparent).isEmpty()) {
      return tracer.spanBuilder().setNoParent();
    }
    return propagator.extract(Map.of(TraceParent.HEADER, traceparent), Map::get);
  }
}
