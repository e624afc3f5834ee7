package org.carecall.hub.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/** A request the API refuses: the status, a short stable error name, and a sentence for a person. */
public class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient HttpResponseStatus status;
    private final String error;
    private final transient Map<String, Object> extra = new LinkedHashMap<>();

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

    /** A further field of the error's JSON, for a console to build its own sentence (a name, say); null is left out. */
    public ApiException with(String field, Object value) {
        if (value != null) {
            extra.put(field, value);
        }
        return this;
    }

    public Map<String, Object> extra() {
        return extra;
    }

    public HttpResponseStatus status() {
        return status;
    }

    public String error() {
        return error;
    }
}
