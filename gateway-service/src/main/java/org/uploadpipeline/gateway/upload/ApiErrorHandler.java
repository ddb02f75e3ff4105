package org.uploadpipeline.gateway.upload;

import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.uploadpipeline.gateway.RefusalLog;

/**
 * Every API error as JSON {@code { "error", "message" }}, {@code error} being the status name in snake case (e.g.
 * {@code unsupported_media_type}); never a stack trace. Global, because some refusals (415, 405, 404 of an unknown
 * path) happen before any controller is chosen.
 */
@RestControllerAdvice
class ApiErrorHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

  private final RefusalLog refusals;

  ApiErrorHandler(RefusalLog refusals) {
    this.refusals = refusals;
  }

  @ExceptionHandler(ApiException.class)
  ResponseEntity<Map<String, String>> refused(ApiException e) {
    refusals.refused("api request", e.status().value() + " " + e.getMessage());
    return body(e.status(), e.getMessage());
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<Map<String, String>> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
    return body(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "send the CSV as text/csv or as multipart/form-data part 'file'");
  }

  @ExceptionHandler(MaxUploadSizeExceededException.class)
  ResponseEntity<Map<String, String>> tooLarge(MaxUploadSizeExceededException e) {
    return body(HttpStatus.PAYLOAD_TOO_LARGE, "the file exceeds the upload size limit");
  }

  @ExceptionHandler(MultipartException.class)
  ResponseEntity<Map<String, String>> badMultipart(MultipartException e) {
    return body(HttpStatus.BAD_REQUEST, "unreadable multipart request");
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Map<String, String>> other(Exception e) {
    if (e instanceof ErrorResponse response) {
      // Spring MVC's own refusals (missing part, wrong method, unknown path...) keep their status and detail.
      String detail = response.getBody().getDetail();
      return body(response.getStatusCode(), detail == null ? "request refused" : detail);
    }
    log.error("API request failed", e);
    return body(HttpStatus.INTERNAL_SERVER_ERROR, "the request could not be handled");
  }

  private static ResponseEntity<Map<String, String>> body(HttpStatusCode status, String message) {
    HttpStatus known = HttpStatus.resolve(status.value());
    String error = known == null ? "error" : known.name().toLowerCase(Locale.ROOT);
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("error", error, "message", message == null ? "" : message));
  }
}
