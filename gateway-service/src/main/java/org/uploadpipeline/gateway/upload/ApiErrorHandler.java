package org.uploadpipeline.gateway.upload;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;

/** Every API error as JSON {@code { "error", "message" }}; never a stack trace. */
@RestControllerAdvice(assignableTypes = UploadController.class)
class ApiErrorHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

  @ExceptionHandler(ApiException.class)
  ResponseEntity<Map<String, String>> refused(ApiException e) {
    return body(e.status(), e.error(), e.getMessage());
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<Map<String, String>> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
    return body(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        "send the CSV as text/csv or as multipart/form-data part 'file'");
  }

  @ExceptionHandler(MaxUploadSizeExceededException.class)
  ResponseEntity<Map<String, String>> tooLarge(MaxUploadSizeExceededException e) {
    return body(HttpStatus.PAYLOAD_TOO_LARGE, "payload_too_large", "the file exceeds the upload size limit");
  }

  @ExceptionHandler({MissingServletRequestPartException.class, MissingServletRequestParameterException.class})
  ResponseEntity<Map<String, String>> missingPart(Exception e) {
    return body(HttpStatus.BAD_REQUEST, "bad_request", e.getMessage());
  }

  @ExceptionHandler(MultipartException.class)
  ResponseEntity<Map<String, String>> badMultipart(MultipartException e) {
    return body(HttpStatus.BAD_REQUEST, "bad_request", "unreadable multipart request");
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Map<String, String>> unexpected(Exception e) {
    log.error("Upload API request failed", e);
    return body(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "the request could not be handled");
  }

  private static ResponseEntity<Map<String, String>> body(HttpStatus status, String error, String message) {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("error", error, "message", message == null ? "" : message));
  }
}
