package io.fums.emulator.console.web;

/**
 * A request the web console refuses or cannot answer: an HTTP status, an error code and a message for people
 * ({@code {"error": CODE, "message": ...}}). Nothing has changed when one is thrown.
 */
final class ApiError extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    ApiError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    static ApiError badRequest(String code, String message) {
        return new ApiError(400, code, message);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, "NOT_FOUND", message);
    }
}
