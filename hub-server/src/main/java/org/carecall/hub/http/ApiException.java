package org.carecall.hub.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/** A request the API refuses: the status, a short stable error name, and a sentence for a person. */
public class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient HttpResponseStatus status;
    private final String error;

    public ApiException(HttpResponseStatus status, String error, String detail) {
        super(detail);
        this.status = status;
        this.error = error;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(HttpResponseStatus.BAD_REQUEST, "invalid", detail);
    }

    public static ApiException notFound(String what) {
        return new ApiException(HttpResponseStatus.NOT_FOUND, "not-found", what);
    }

    public static ApiException conflict(String error, String detail) {
        return new ApiException(HttpResponseStatus.CONFLICT, error, detail);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(HttpResponseStatus.FORBIDDEN, "forbidden", detail);
    }

    public HttpResponseStatus status() {
        return status;
    }

    public String error() {
        return error;
    }
}
