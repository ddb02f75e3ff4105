package org.uploadpipeline.gateway.auth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory up to a cap: one byte more cancels the download and fails the body, so an
 * endpoint that answers with megabytes (misconfigured, or hostile) costs at most the cap, never the heap.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

  /** The body was larger than the cap. */
  static final class TooLargeException extends IOException {
    TooLargeException(long maxBytes) {
      super("response larger than " + maxBytes + " bytes");
    }
  }

  private final long maxBytes;
  private final CompletableFuture<byte[]> body = new CompletableFuture<>();
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private Flow.Subscription subscription;

  CappedBody(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return body;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (body.isDone()) {
      return;
    }
    for (ByteBuffer item : items) {
      if (buffer.size() + (long) item.remaining() > maxBytes) {
        subscription.cancel();
        body.completeExceptionally(new TooLargeException(maxBytes));
        return;
      }
      byte[] bytes = new byte[item.remaining()];
      item.get(bytes);
      buffer.write(bytes, 0, bytes.length);
    }
    subscription.request(1);
  }

  @Override
  public void onError(Throwable error) {
    body.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    body.complete(buffer.toByteArray());
  }
}
